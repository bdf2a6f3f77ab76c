package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;

import java.util.random.RandomGenerator;

/**
 * How a logged action is chosen around a baseline action {@code mu_bp(s)} (the deployed policy's
 * action, or the learned actor's), and with what density, so importance-sampling estimators can
 * reweight the log.
 *
 * <p><b>Reference measure.</b> Explored actions are clipped to the {@link ActionBounds}, so a
 * coordinate can land exactly on a bound with positive probability. Densities are therefore taken
 * with respect to the product over dimensions of (Lebesgue measure on the open interval + a unit
 * point mass at each bound): a coordinate strictly inside contributes its probability density, a
 * coordinate on a bound contributes the probability of being clipped there. Under this measure
 * every policy's density integrates to 1 (tested), and ratios of two policies' densities are
 * proper importance weights.
 */
public interface ExplorationPolicy {

  /** The box the actions lie in. */
  ActionBounds bounds();

  /**
   * Draws an action around {@code baseline} with {@code rng}, returning it with its density. The
   * baseline must lie inside the bounds.
   */
  ExploredAction sample(float[] baseline, RandomGenerator rng);

  /** The density of {@code action} when exploring around {@code baseline}. */
  double density(float[] action, float[] baseline);

  /** A short description with the parameters, for logs and run metadata. */
  String describe();

  /** Validates a baseline action (length, finite, inside the bounds). */
  default void checkBaseline(float[] baseline) {
    bounds().check("baseline action", baseline);
  }
}
