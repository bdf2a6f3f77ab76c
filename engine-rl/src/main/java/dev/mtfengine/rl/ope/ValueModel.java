package dev.mtfengine.rl.ope;

import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * A model of the target policy's values: {@code Q^(s, a)}, the expected discounted return after
 * taking a at s and following the target afterwards, and {@code V^(s) = E_{a ~ pi(.|s)} Q^(s, a)}.
 * The direct method and doubly robust read it; {@link FittedQEvaluation} learns one; tests supply
 * exact or deliberately wrong ones as functions. Keeping {@code V^} consistent with {@code Q^} under
 * the target is the caller's responsibility (for a deterministic target, {@code V^(s) = Q^(s,
 * pi(s))}).
 */
public interface ValueModel {

  /** The model that knows nothing: {@code Q^ = V^ = 0} (doubly robust then is plain per-decision IS). */
  ValueModel ZERO = of((s, a) -> 0.0, s -> 0.0);

  double q(float[] state, float[] action);

  double v(float[] state);

  /** {@code Q^(s_t, a_t)} for each row; override to batch a network's forward pass. */
  default double[] q(float[][] states, float[][] actions) {
    double[] out = new double[states.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = q(states[t], actions[t]);
    }
    return out;
  }

  /** {@code V^(s_t)} for each row; override to batch a network's forward pass. */
  default double[] v(float[][] states) {
    double[] out = new double[states.length];
    for (int t = 0; t < out.length; t++) {
      out[t] = v(states[t]);
    }
    return out;
  }

  /** A model given as two functions. */
  static ValueModel of(ToDoubleBiFunction<float[], float[]> q, ToDoubleFunction<float[]> v) {
    return new ValueModel() {
      @Override
      public double q(float[] state, float[] action) {
        return q.applyAsDouble(state, action);
      }

      @Override
      public double v(float[] state) {
        return v.applyAsDouble(state);
      }
    };
  }
}
