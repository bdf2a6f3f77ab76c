package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.Tensor;
import java.util.Map;

/**
 * An offline actor-critic learner: one {@link #update} per minibatch, a deterministic policy to
 * evaluate or deploy, and a complete exportable state so a run can be checkpointed and resumed
 * bit-identically.
 */
public interface OfflineAlgorithm {

  /** A short name, e.g. {@code "integrated-rl"}; also the prefix of its metrics. */
  String name();

  /**
   * One training iteration on {@code batch}; returns the logged scalars (losses and diagnostics) by
   * name, in a fixed order.
   */
  Map<String, Double> update(Batch batch);

  /** The learned deterministic policy: state [B, S] to action [B, A], no exploration, no tape. */
  Tensor act(Tensor state);

  /** Everything that changes during training: parameters, optimiser states, counters, RNG state. */
  AlgorithmState state();

  /** Continues from a state exported by {@link #state()} of an algorithm with the same config. */
  void restore(AlgorithmState state);
}
