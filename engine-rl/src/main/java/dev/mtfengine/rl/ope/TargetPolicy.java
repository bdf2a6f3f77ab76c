package dev.mtfengine.rl.ope;

/**
 * The policy being evaluated, seen through what importance weighting needs: the density {@code
 * pi(a | s)} of a logged action at its state, with respect to the same reference measure as the
 * logged behaviour densities (Lebesgue measure inside the action bounds plus a unit point mass at
 * each bound, per dimension; see {@link dev.mtfengine.rl.explore.ExplorationPolicy}). The importance
 * ratio of a step is then {@code rho_t = pi(a_t | s_t) / mu(a_t | s_t)}.
 *
 * <p>Implementations: {@link StochasticTargetPolicy} (an exploration policy around a state-dependent
 * centre, e.g. box exploration around a new actor) and {@link KernelSmoothedTargetPolicy} (a
 * deterministic policy made into a density by a Gaussian kernel).
 */
public interface TargetPolicy {

  /**
   * {@code pi(a_k | s_k)} for each row k: states [K][S], actions [K][A] to [K], rows independent
   * (several episodes' steps are passed in one call, so a network-backed policy runs one batched
   * forward pass). Each value must be finite and {@code >= 0}.
   */
  double[] densities(float[][] states, float[][] actions);

  /** A short description with the parameters, for reports. */
  String describe();
}
