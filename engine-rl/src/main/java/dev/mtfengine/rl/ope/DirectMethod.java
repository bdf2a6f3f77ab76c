package dev.mtfengine.rl.ope;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The direct method: the model's value of the logged initial states,
 *
 * <pre>
 *   V_DM = (1/n) sum_i V^(s_0^i)
 * </pre>
 *
 * With {@link FittedQEvaluation}'s model this is the FQE estimate.
 *
 * <p>Assumptions: the model is right ({@code V^ = V^pi}); the logged initial states are a sample of
 * the start distribution. No importance weights, so low variance, but the model's bias passes
 * straight into the estimate, and the bootstrap interval covers only the sampling of initial states
 * (the model is not refitted per resample), not the model's error.
 */
public final class DirectMethod implements OffPolicyEstimator {
  private final ValueModel model;

  public DirectMethod(ValueModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return "dm";
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    return estimate(d.episodes(), bootstrap);
  }

  /** The same without importance weights, so also for logs without usable densities (a deterministic logger). */
  public Estimate estimate(List<Episode> episodes, Bootstrap bootstrap) {
    if (episodes.isEmpty()) {
      throw new IllegalArgumentException("dm: no episodes to evaluate");
    }
    float[][] initialStates = episodes.stream().map(e -> e.states()[0]).toArray(float[][]::new);
    double[] values = model.v(initialStates);
    return bootstrap.estimate(name(), episodes.size(), m -> Bootstrap.mean(values, m), OptionalDouble.empty());
  }
}
