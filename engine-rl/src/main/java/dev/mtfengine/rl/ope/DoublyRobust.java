package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * Per-decision doubly robust estimation (Jiang and Li 2016, arXiv 1511.03722, Eq. 10 unrolled;
 * Thomas and Brunskill 2016): the recursion {@code V_DR^(t) = V^(s_t) + rho_t (r_t + gamma
 * V_DR^(t+1) - Q^(s_t, a_t))}, averaged over episodes, is
 *
 * <pre>
 *   V_DR = (1/n) sum_i sum_{t &lt; T_i} gamma^t [ w_t^i r_t^i - w_t^i Q^(s_t^i, a_t^i) + w_{t-1}^i V^(s_t^i) ],
 *   w_{-1}^i = 1
 * </pre>
 *
 * The model's values act as a control variate for the importance-weighted rewards.
 *
 * <p>Assumptions: those of {@link PerDecisionImportanceSampling}, and {@code V^(s) = E_{a ~ pi(.|s)}
 * Q^(s, a)} for the model supplied. Then V_DR is unbiased whatever {@code Q^} is (the correction
 * terms have mean zero), and its variance is lower the closer {@code Q^} is to the truth.
 * Identities (tested): with {@code Q^ = V^ = 0} it is PDIS; with every {@code rho = 0} it is the
 * direct method {@code (1/n) sum_i V^(s_0^i)}; with every {@code rho = 1} and a model that is
 * Bellman-consistent on the log ({@code Q^(s_t, a_t) = r_t + gamma V^(s_{t+1})}, {@code = r_t} at
 * a terminal step) the sum telescopes to the direct method too.
 */
public final class DoublyRobust implements OffPolicyEstimator {
  private final ValueModel model;

  public DoublyRobust(ValueModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return "dr";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    double[] perEpisode = new double[d.size()];
    for (int i = 0; i < perEpisode.length; i++) {
      Episode e = d.episodes().get(i);
      perEpisode[i] = episodeValue(d, i, model.q(e.states(), e.actions()), model.v(e.states()));
    }
    return bootstrap.estimate(name(), d.size(), m -> Bootstrap.mean(perEpisode, m),
        OptionalDouble.of(d.effectiveSampleSize(Double.POSITIVE_INFINITY)));
  }

  /** {@code sum_t gamma^t [w_t r_t - w_t Q^_t + w_{t-1} V^_t]} for episode i, given Q^ and V^ at its steps. */
  static double episodeValue(WeightedEpisodes d, int i, double[] qLogged, double[] vState) {
    double value = 0;
    double discount = 1;
    for (int t = 0; t < d.length(i); t++) {
      value += d.weightAt(i, t) * d.discountedRewardAt(i, t)
          + discount * (d.weightBefore(i, t) * vState[t] - d.weightAt(i, t) * qLogged[t]);
      discount *= d.gamma();
    }
    return value;
  }
}
