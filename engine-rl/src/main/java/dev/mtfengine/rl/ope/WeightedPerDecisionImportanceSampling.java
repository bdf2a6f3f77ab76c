package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * Weighted (self-normalised) per-decision importance sampling (Precup et al. 2000; Thomas 2015):
 *
 * <pre>
 *   V_WPDIS = sum_{t &lt; H} sum_i w_t^i gamma^t r_t^i / sum_i w_t^i
 * </pre>
 *
 * with H the longest episode, and an episode that ended before t continued in an absorbing state
 * (reward 0, ratio 1, so {@code w_t^i = w_{T_i - 1}^i}); a step whose weights all vanish contributes
 * 0. It is {@link PerDecisionNormalisedCappedImportanceSampling} with an infinite cap.
 *
 * <p>Assumptions as for {@link PerDecisionImportanceSampling}. Biased for finite n but consistent;
 * when every step has some positive weight, each step's term is a convex combination of the logged
 * (or padded 0) rewards, so the estimate lies within {@code sum_t gamma^t [min_i r_t^i, max_i
 * r_t^i]}, i.e. within the reward range (tested), and its variance is usually far below PDIS's.
 */
public final class WeightedPerDecisionImportanceSampling implements OffPolicyEstimator {

  @Override
  public String name() {
    return "wpdis";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    PerDecisionNormalisedCappedImportanceSampling.requireSupport(d, name());
    return bootstrap.estimate(name(), d.size(), m -> PerDecisionNormalisedCappedImportanceSampling.value(d, Double.POSITIVE_INFINITY, m),
        OptionalDouble.of(d.effectiveSampleSize(Double.POSITIVE_INFINITY)));
  }
}
