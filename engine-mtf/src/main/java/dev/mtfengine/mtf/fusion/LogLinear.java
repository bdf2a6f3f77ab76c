package dev.mtfengine.mtf.fusion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The BatchRL-MTF family (arXiv:2208.04560): {@code score = sum_k alpha_k ln(p_k + beta_k)}, the
 * action holding the alphas and the betas being constants of the formula. It is the power/bias
 * product with fixed biases, and multiplying every alpha by c > 0 multiplies every score by c, so
 * the ranking depends only on the direction of alpha.
 */
public final class LogLinear implements FusionFormula {
  private final List<String> headNames;
  private final double[] beta;
  private final List<String> parameterNames;

  /**
   * @param headNames one name per head
   * @param beta one positive constant per head (keeps {@code ln} finite at p = 0); not modified
   */
  public LogLinear(List<String> headNames, double[] beta) {
    if (headNames.isEmpty() || beta.length != headNames.size()) {
      throw new IllegalArgumentException(
          "LogLinear: need one beta per head, got " + beta.length + " betas for heads " + headNames);
    }
    for (int k = 0; k < beta.length; k++) {
      if (!(beta[k] > 0.0) || !Double.isFinite(beta[k])) {
        throw new IllegalArgumentException(
            "LogLinear: beta_" + headNames.get(k) + " = " + beta[k] + " must be finite and > 0");
      }
    }
    this.headNames = List.copyOf(headNames);
    this.beta = beta.clone();
    List<String> names = new ArrayList<>();
    for (String h : headNames) {
      names.add("alpha_" + h);
    }
    this.parameterNames = Collections.unmodifiableList(names);
  }

  /** A copy of the constants beta_k. */
  public double[] beta() {
    return beta.clone();
  }

  @Override
  public String name() {
    return "log-linear";
  }

  @Override
  public int headCount() {
    return beta.length;
  }

  @Override
  public List<String> headNames() {
    return headNames;
  }

  @Override
  public int parameterCount() {
    return beta.length;
  }

  @Override
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** Every alpha: the score is linear in alpha, so a factor c > 0 scales all scores by c. */
  @Override
  public int[] scaleInvariantParameters() {
    return IntStream.range(0, beta.length).toArray();
  }

  @Override
  public double score(double[] heads, int candidate, double[] parameters) {
    int m = beta.length;
    int base = candidate * m;
    double sum = 0.0;
    for (int k = 0; k < m; k++) {
      sum += parameters[k] * StrictMath.log(heads[base + k] + beta[k]);
    }
    return sum;
  }

  /**
   * Caches {@code ln(p_ik + beta_k)} (shape [n, m]), so each later parameter vector costs n * m
   * multiply-adds and no logarithms; the sums run in the same head order as {@link #score}, so
   * prepared and direct scores are bit-identical.
   */
  @Override
  public PreparedCandidates prepare(double[] heads, int n) {
    checkShapes(heads, n, new double[parameterCount()]);
    int m = beta.length;
    double[] logs = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < m; k++) {
        logs[i * m + k] = StrictMath.log(heads[i * m + k] + beta[k]);
      }
    }
    return (parameters, scores) -> {
      for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int k = 0; k < m; k++) {
          sum += parameters[k] * logs[i * m + k];
        }
        scores[i] = sum;
      }
    };
  }
}
