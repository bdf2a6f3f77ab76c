package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;

import java.util.random.RandomGenerator;

/**
 * No exploration: the action is the baseline action itself. Its distribution is a point mass, so
 * the density is {@code +Infinity} at the baseline and 0 elsewhere; estimators that need a finite
 * density for a deterministic policy smooth it with a kernel instead.
 */
public final class GreedyPolicy implements ExplorationPolicy {
  private final ActionBounds bounds;

  public GreedyPolicy(ActionBounds bounds) {
    this.bounds = bounds;
  }

  @Override
  public ActionBounds bounds() {
    return bounds;
  }

  @Override
  public ExploredAction sample(float[] baseline, RandomGenerator rng) {
    checkBaseline(baseline);
    return new ExploredAction(baseline.clone(), Double.POSITIVE_INFINITY);
  }

  @Override
  public double density(float[] action, float[] baseline) {
    return java.util.Arrays.equals(action, baseline) ? Double.POSITIVE_INFINITY : 0.0;
  }

  @Override
  public String describe() {
    return "greedy";
  }
}
