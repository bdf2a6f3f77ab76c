package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.explore.ExplorationPolicy;

/**
 * A stochastic target policy {@code pi(a | s) = noise.density(a, centre(s))}: the exploration
 * policy {@code noise} (box, Gaussian, mixture) around a deterministic centre, typically the policy
 * to be deployed with its exploration. Its density is exactly the one the exploration policy would
 * log, so ratios against logged densities are exact importance weights.
 */
public final class StochasticTargetPolicy implements TargetPolicy {
  private final DeterministicPolicy centre;
  private final ExplorationPolicy noise;

  public StochasticTargetPolicy(DeterministicPolicy centre, ExplorationPolicy noise) {
    this.centre = centre;
    this.noise = noise;
  }

  @Override
  public double[] densities(float[][] states, float[][] actions) {
    float[][] centres = centre.act(states);
    double[] out = new double[states.length];
    for (int t = 0; t < out.length; t++) {
      noise.bounds().check("stochastic target policy: action at row " + t, actions[t]);
      noise.checkBaseline(centres[t]);
      out[t] = noise.density(actions[t], centres[t]);
    }
    return out;
  }

  @Override
  public String describe() {
    return "stochastic(" + noise.describe() + ")";
  }
}
