package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * Normalised capped importance sampling per decision (capping after Ionides 2008 and Bottou et al.
 * 2013, normalising after Swaminathan and Joachims 2015): the per-decision reading of the paper's
 * NCIS, whose own reading (one capped weight per session) is {@link
 * NormalisedCappedImportanceSampling}:
 *
 * <pre>
 *   c_t^i  = min(c, w_t^i)
 *   V_NCIS = sum_{t &lt; H} sum_i c_t^i gamma^t r_t^i / sum_i c_t^i
 * </pre>
 *
 * with the absorbing continuation of {@link WeightedPerDecisionImportanceSampling} for episodes
 * shorter than H, and 0 for a step whose capped weights all vanish.
 *
 * <p>Assumptions as for {@link PerDecisionImportanceSampling}. Capping trades bias for variance:
 * {@code c = +Infinity} gives WPDIS; {@code c} at or below every weight gives the behaviour's own
 * average discounted return. Like WPDIS, when every step has some positive weight the estimate lies
 * within the reward range (tested).
 */
public final class PerDecisionNormalisedCappedImportanceSampling implements OffPolicyEstimator {
  private final double cap;

  /** @param cap c, the largest weight kept, {@code > 0} ({@code +Infinity}: no cap) */
  public PerDecisionNormalisedCappedImportanceSampling(double cap) {
    if (!(cap > 0)) {
      throw new IllegalArgumentException("pdncis: cap must be > 0, got " + cap);
    }
    this.cap = cap;
  }

  public double cap() {
    return cap;
  }

  @Override
  public String name() {
    return "pdncis";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    requireSupport(d, name());
    return bootstrap.estimate(name(), d.size(), m -> value(d, cap, m), OptionalDouble.of(d.effectiveSampleSize(cap)));
  }

  /**
   * Throws when no episode's first logged action has positive target density: the self-normalised
   * estimate would be 0/0, meaning the log holds no evidence about the target.
   */
  static void requireSupport(WeightedEpisodes d, String estimator) {
    for (int i = 0; i < d.size(); i++) {
      if (d.weightAt(i, 0) > 0) {
        return;
      }
    }
    throw new IllegalArgumentException(estimator + ": the target policy " + d.target()
        + " gives density 0 to the first logged action of all " + d.size() + " episodes; the log does not cover it");
  }

  /** V_NCIS with cap c on the sample with multiplicities m. */
  static double value(WeightedEpisodes d, double cap, int[] m) {
    double value = 0;
    for (int t = 0; t < d.horizon(); t++) {
      double numerator = 0;
      double denominator = 0;
      for (int i = 0; i < d.size(); i++) {
        if (m[i] != 0) {
          double c = Math.min(cap, d.weightAt(i, t));
          numerator += m[i] * c * d.discountedRewardAt(i, t);
          denominator += m[i] * c;
        }
      }
      value += denominator > 0 ? numerator / denominator : 0.0;
    }
    return value;
  }
}
