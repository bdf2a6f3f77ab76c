package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.nn.Params;

/**
 * A first-order optimiser: maps parameters and their gradients to updated parameters. Inputs are
 * never modified (tensors are immutable values); the only mutable thing is the optimiser's own
 * state (step count, moments), which {@link #state()} exports and {@link #restore} imports so that
 * a run resumed from a checkpoint continues bit-identically.
 */
public interface Optimizer {

  /**
   * One update: {@code params} and {@code grads} hold the same names with equal shapes and dtypes;
   * returns new, untracked parameters with the same names, and advances the state.
   */
  Params step(Params params, Params grads);

  /** An immutable snapshot of the state (step count and named moments). */
  OptimizerState state();

  /** Replaces the state with {@code state}, exported by {@link #state()} of the same kind. */
  void restore(OptimizerState state);
}
