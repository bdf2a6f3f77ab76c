package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * Per-decision importance sampling (Precup, Sutton, Singh 2000):
 *
 * <pre>
 *   V_PDIS = (1/n) sum_i sum_{t &lt; T_i} gamma^t w_t^i r_t^i,     w_t^i = prod_{k &lt;= t} rho_k^i
 * </pre>
 *
 * Each reward is weighted by the ratios of the decisions before it only, not of the whole session.
 *
 * <p>Assumptions: the logged densities are the behaviour's; {@code mu > 0} wherever {@code pi > 0}
 * (support). Then {@code V_PDIS} is unbiased for the target's expected discounted return over the
 * logged horizons; its variance grows with the spread of the weights, exponentially in the horizon
 * when the policies differ.
 */
public final class PerDecisionImportanceSampling implements OffPolicyEstimator {

  @Override
  public String name() {
    return "pdis";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    double[] returns = weightedReturns(d);
    return bootstrap.estimate(name(), d.size(), m -> Bootstrap.mean(returns, m),
        OptionalDouble.of(d.effectiveSampleSize(Double.POSITIVE_INFINITY)));
  }

  /** Per episode {@code sum_t gamma^t w_t r_t}; their mean is V_PDIS. */
  static double[] weightedReturns(WeightedEpisodes d) {
    double[] out = new double[d.size()];
    for (int i = 0; i < out.length; i++) {
      for (int t = 0; t < d.length(i); t++) {
        out[i] += d.weightAt(i, t) * d.discountedRewardAt(i, t);
      }
    }
    return out;
  }
}
