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
 * @param mapDecades per action dimension, 0 for the affine map or the decades of the
 *     multiplicative map ({@link ActionMap}); the factories make the scale-invariant weights
 *     multiplicative (over {@link ActionMap#DEFAULT_DECADES} below the upper bound, or from a
 *     positive lower bound to the upper one) and the rest (biases) affine; null means affine
 */
public record FusionSpec(
    FusionFamily family, double[] logLinearBeta, double[] rawLower, double[] rawUpper, double[] mapDecades) {

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

  /** How normalised actions map to the scale-invariant weights (docs/algorithms/experiment.md, decision 12). */
  public enum MapKind {
    /** {@code raw = upper 10^(D (a - 1) / 2)}: a box is the same relative change of every weight (default). */
    MULTIPLICATIVE,
    /** {@code raw = lower + (a + 1) / 2 (upper - lower)}: the map before decision 12. */
    AFFINE
  }

  public FusionSpec {
    if (family == null) {
      throw new IllegalArgumentException("FusionSpec: family must be set");
    }
    logLinearBeta = logLinearBeta == null ? new double[0] : logLinearBeta.clone();
    rawLower = rawLower.clone();
    rawUpper = rawUpper.clone();
    mapDecades = mapDecades == null ? new double[rawLower.length] : mapDecades.clone();
    if (family == FusionFamily.POWER_BIAS_PRODUCT) {
      for (int k = HEADS.size(); k < rawLower.length; k++) {
        if (!(rawLower[k] >= 0)) {
          throw new IllegalArgumentException(
              "FusionSpec: bias lower bound " + rawLower[k] + " must be >= 0 so that p + bias >= 0");
        }
      }
    }
    build(family, logLinearBeta, rawLower, rawUpper, mapDecades); // validates lengths and ranges
  }

  /**
   * The default action space: log-linear with {@code alpha_k in (0, 1]} on the multiplicative map
   * (a_j = -1 gives 0.001, a thousandth of the largest weight) and betas of the order of each head's
   * smallest typical prediction, so that ln stays informative for rare heads (like, share) without
   * exploding at p near 0.
   */
  public static FusionSpec defaults() {
    return logLinear(new double[] {0.01, 0.01, 0.001, 0.0001}, 0.0, 1.0);
  }

  /**
   * Eq. 1 as the experiment runs it ({@code --fusion power-bias}): powers in [0, 1] (multiplicative,
   * like the log-linear weights, to which Eq. 1 reduces at zero biases) and biases in [0, 0.01]
   * (affine; the largest log-linear beta, so a bias can lift a rare head's ln without drowning it).
   */
  public static FusionSpec powerBiasDefaults() {
    return powerBias(1.0, 0.01);
  }

  /** Log-linear with the same alpha range on every head. */
  public static FusionSpec logLinear(double[] beta, double alphaLower, double alphaUpper) {
    int m = HEADS.size();
    double[] lo = new double[m];
    double[] hi = new double[m];
    Arrays.fill(lo, alphaLower);
    Arrays.fill(hi, alphaUpper);
    return new FusionSpec(FusionFamily.LOG_LINEAR, beta, lo, hi, null).withMap(MapKind.MULTIPLICATIVE);
  }

  /** Linear with {@code w_k in [0, weightUpper]}. */
  public static FusionSpec linear(double weightUpper) {
    int m = HEADS.size();
    double[] lo = new double[m];
    double[] hi = new double[m];
    Arrays.fill(hi, weightUpper);
    return new FusionSpec(FusionFamily.LINEAR, new double[0], lo, hi, null).withMap(MapKind.MULTIPLICATIVE);
  }

  /** Power/bias product with {@code power_k in [0, powerUpper]}, {@code bias_k in [0, biasUpper]}. */
  public static FusionSpec powerBias(double powerUpper, double biasUpper) {
    int m = HEADS.size();
    double[] lo = new double[2 * m];
    double[] hi = new double[2 * m];
    Arrays.fill(hi, 0, m, powerUpper);
    Arrays.fill(hi, m, 2 * m, biasUpper);
    return new FusionSpec(FusionFamily.POWER_BIAS_PRODUCT, new double[0], lo, hi, null)
        .withMap(MapKind.MULTIPLICATIVE);
  }

  /**
   * The same spec with the scale-invariant weights (log-linear and linear weights, Eq. 1 powers)
   * mapped by {@code kind}; other dimensions (Eq. 1 biases) stay affine.
   */
  public FusionSpec withMap(MapKind kind) {
    double[] decades = new double[rawLower.length];
    if (kind == MapKind.MULTIPLICATIVE) {
      for (int j : ranker().formula().scaleInvariantParameters()) {
        // from the lower bound when it is positive, else DEFAULT_DECADES below the upper one
        decades[j] = rawLower[j] > 0 ? Math.log10(rawUpper[j] / rawLower[j]) : ActionMap.DEFAULT_DECADES;
      }
    }
    return new FusionSpec(family, logLinearBeta, rawLower, rawUpper, decades);
  }

  /** The map of the scale-invariant weights. */
  public MapKind mapKind() {
    for (double d : mapDecades) {
      if (d > 0) {
        return MapKind.MULTIPLICATIVE;
      }
    }
    return MapKind.AFFINE;
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

  @Override
  public double[] mapDecades() {
    return mapDecades.clone();
  }

  /** The number of normalised action dimensions: one per raw parameter the map produces. */
  public int actionDimension() {
    return rawLower.length;
  }

  /** The ranker this spec describes. */
  public FusionRanker ranker() {
    return build(family, logLinearBeta, rawLower, rawUpper, mapDecades);
  }

  private static FusionRanker build(
      FusionFamily family, double[] beta, double[] lower, double[] upper, double[] decades) {
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
    return new FusionRanker(formula, new ActionMap(lower, upper, decades, formula.parameterNames()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FusionSpec f
        && family == f.family
        && Arrays.equals(logLinearBeta, f.logLinearBeta)
        && Arrays.equals(rawLower, f.rawLower)
        && Arrays.equals(rawUpper, f.rawUpper)
        && Arrays.equals(mapDecades, f.mapDecades);
  }

  @Override
  public int hashCode() {
    return family.hashCode() * 31 + Arrays.hashCode(rawUpper);
  }

  @Override
  public String toString() {
    return "FusionSpec[" + family + ", beta=" + Arrays.toString(logLinearBeta) + ", lower="
        + Arrays.toString(rawLower) + ", upper=" + Arrays.toString(rawUpper) + ", decades="
        + Arrays.toString(mapDecades) + "]";
  }
}
