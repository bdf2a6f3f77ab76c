package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * Trajectory importance sampling (Precup, Sutton, Singh 2000; Thomas et al. 2015, Eq. 1): each
 * episode's whole return weighted by the ratios of all its decisions,
 *
 * <pre>
 *   V_IS = (1/n) sum_i W_i G_i,     W_i = prod_{t &lt; T_i} rho_t^i,   G_i = sum_{t &lt; T_i} gamma^t r_t^i
 * </pre>
 *
 * <p>Assumptions as for {@link PerDecisionImportanceSampling}; unbiased, and never of lower variance
 * than PDIS on the same data, since every reward carries the ratios of the decisions after it too.
 * It is the estimator the high-confidence bounds of Thomas et al. are stated for.
 */
public final class ImportanceSampling implements OffPolicyEstimator {

  @Override
  public String name() {
    return "is";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    double[] weighted = new double[d.size()];
    for (int i = 0; i < weighted.length; i++) {
      weighted[i] = d.episodeWeight(i) * d.episodeReturn(i);
    }
    return bootstrap.estimate(name(), d.size(), m -> Bootstrap.mean(weighted, m),
        OptionalDouble.of(d.effectiveSampleSize(Double.POSITIVE_INFINITY)));
  }
}
