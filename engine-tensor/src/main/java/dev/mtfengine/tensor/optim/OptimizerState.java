package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.nn.Params;
import java.util.Objects;

/**
 * An immutable snapshot of an {@link Optimizer}'s state, ready for a checkpoint.
 *
 * @param optimizer the kind that exported it (e.g. {@code "Adam"}), checked by {@code restore}
 * @param step number of updates taken so far (Adam's {@code t}), >= 0
 * @param moments named per-parameter buffers, e.g. {@code "m/layer0.weight"} and {@code
 *     "v/layer0.weight"} for Adam; empty before the first step
 */
public record OptimizerState(String optimizer, long step, Params moments) {
  public OptimizerState {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(moments, "moments");
    if (step < 0) {
      throw new IllegalArgumentException("OptimizerState: step must be >= 0, got " + step);
    }
    moments = moments.detach();
  }

  /** True when both have the same kind, step and bit-identical moments. */
  public boolean bitEquals(OptimizerState other) {
    return optimizer.equals(other.optimizer) && step == other.step
        && moments.bitEquals(other.moments);
  }
}
