package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.fusion.ActionMap;
import dev.mtfengine.mtf.fusion.FusionFormula;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.fusion.Linear;
import dev.mtfengine.mtf.fusion.LogLinear;
import dev.mtfengine.mtf.fusion.PowerBiasProduct;
import java.util.Arrays;
import java.util.List;

/**
 * The simulator's action space: which fusion family ranks the candidates, and the raw range each
 * normalised action dimension maps to ({@link ActionMap}). Serialisable with the other parameters.
 *
 * @param family the formula
 * @param logLinearBeta the constants beta_k of {@link LogLinear} (one per head; ignored otherwise,
 *     may then be empty)
 * @param rawLower raw parameter at a_j = -1, one per action dimension
 * @param rawUpper raw parameter at a_j = +1
 */
public record FusionSpec(
    FusionFamily family, double[] logLinearBeta, double[] rawLower, double[] rawUpper) {

  /** The heads every family scores, in this order (the columns of the bank's predictions). */
  public static final List<String> HEADS = List.of("click", "long_view", "like", "share");

  /** The fusion families of algorithm.md section 2. */
  public enum FusionFamily {
    /** Eq. 1: {@code prod_k (p_k + bias_k)^power_k}, K = 2 m (powers then biases). */
    POWER_BIAS_PRODUCT,
    /** {@code sum_k alpha_k ln(p_k + beta_k)}, K = m. */
    LOG_LINEAR,
    /** {@code sum_k w_k p_k}, K = m. */
    LINEAR
  }

  public FusionSpec {
    if (family == null) {
      throw new IllegalArgumentException("FusionSpec: family must be set");
    }
    logLinearBeta = logLinearBeta == null ? new double[0] : logLinearBeta.clone();
    rawLower = rawLower.clone();
    rawUpper = rawUpper.clone();
    if (family == FusionFamily.POWER_BIAS_PRODUCT) {
      for (int k = HEADS.size(); k < rawLower.length; k++) {
        if (!(rawLower[k] >= 0)) {
          throw new IllegalArgumentException(
              "FusionSpec: bias lower bound " + rawLower[k] + " must be >= 0 so that p + bias >= 0");
        }
      }
    }
    build(family, logLinearBeta, rawLower, rawUpper); // validates lengths and ranges
  }

  /**
   * The default action space: log-linear with {@code alpha_k in [0, 1]} (a_j = -1 switches head k
   * off) and betas of the order of each head's smallest typical prediction, so that ln stays
   * informative for rare heads (like, share) without exploding at p near 0.
   */
  public static FusionSpec defaults() {
    return logLinear(new double[] {0.01, 0.01, 0.001, 0.0001}, 0.0, 1.0);
  }

  /** Log-linear with the same alpha range on every head. */
  public static FusionSpec logLinear(double[] beta, double alphaLower, double alphaUpper) {
    int m = HEADS.size();
    double[] lo = new double[m];
    double[] hi = new double[m];
    Arrays.fill(lo, alphaLower);
    Arrays.fill(hi, alphaUpper);
    return new FusionSpec(FusionFamily.LOG_LINEAR, beta, lo, hi);
  }

  /** Linear with {@code w_k in [0, weightUpper]}. */
  public static FusionSpec linear(double weightUpper) {
    int m = HEADS.size();
    double[] lo = new double[m];
    double[] hi = new double[m];
    Arrays.fill(hi, weightUpper);
    return new FusionSpec(FusionFamily.LINEAR, new double[0], lo, hi);
  }

  /** Power/bias product with {@code power_k in [0, powerUpper]}, {@code bias_k in [0, biasUpper]}. */
  public static FusionSpec powerBias(double powerUpper, double biasUpper) {
    int m = HEADS.size();
    double[] lo = new double[2 * m];
    double[] hi = new double[2 * m];
    Arrays.fill(hi, 0, m, powerUpper);
    Arrays.fill(hi, m, 2 * m, biasUpper);
    return new FusionSpec(FusionFamily.POWER_BIAS_PRODUCT, new double[0], lo, hi);
  }

  @Override
  public double[] logLinearBeta() {
    return logLinearBeta.clone();
  }

  @Override
  public double[] rawLower() {
    return rawLower.clone();
  }

  @Override
  public double[] rawUpper() {
    return rawUpper.clone();
  }

  /** The ranker this spec describes. */
  public FusionRanker ranker() {
    return build(family, logLinearBeta, rawLower, rawUpper);
  }

  private static FusionRanker build(
      FusionFamily family, double[] beta, double[] lower, double[] upper) {
    FusionFormula formula =
        switch (family) {
          case POWER_BIAS_PRODUCT -> new PowerBiasProduct(HEADS);
          case LOG_LINEAR -> new LogLinear(HEADS, beta);
          case LINEAR -> new Linear(HEADS);
        };
    if (lower.length != formula.parameterCount()) {
      throw new IllegalArgumentException(
          "FusionSpec: " + family + " needs " + formula.parameterCount() + " raw bounds "
              + formula.parameterNames() + ", got " + lower.length);
    }
    return new FusionRanker(formula, new ActionMap(lower, upper, formula.parameterNames()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusionSpec f
        && family == f.family
        && Arrays.equals(logLinearBeta, f.logLinearBeta)
        && Arrays.equals(rawLower, f.rawLower)
        && Arrays.equals(rawUpper, f.rawUpper);
  }

  @Override
  public int hashCode() {
    return family.hashCode() * 31 + Arrays.hashCode(rawUpper);
  }

  @Override
  public String toString() {
    return "FusionSpec[" + family + ", beta=" + Arrays.toString(logLinearBeta) + ", lower="
        + Arrays.toString(rawLower) + ", upper=" + Arrays.toString(rawUpper) + "]";
  }
}
