package dev.mtfengine.rl.ope;

import dev.mtfengine.tensor.Tensor;

/**
 * A deterministic policy {@code pi(s)} evaluated on a batch: state [B, S] to action [B, A]. {@code
 * OfflineAlgorithm::act} is one, so a trained learner can be evaluated directly.
 */
@FunctionalInterface
public interface DeterministicPolicy {

  /** {@code pi(s)} for every row: [B, S] to [B, A]. */
  Tensor act(Tensor states);

  /** {@code pi(s)} of each row of {@code states} ([n][S]) as [n][A], in one batched call. */
  default float[][] act(float[][] states) {
    int n = states.length;
    int width = states[0].length;
    float[] flat = new float[n * width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(states[i], 0, flat, i * width, width);
    }
    Tensor a = act(Tensor.of(flat, n, width));
    if (a.rank() != 2 || a.dim(0) != n) {
      throw new IllegalArgumentException("deterministic policy: " + n + " states gave actions of shape " + a.shape());
    }
    float[] values = a.toFloatArray();
    int actionDim = a.dim(1);
    float[][] out = new float[n][actionDim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(values, i * actionDim, out[i], 0, actionDim);
    }
    return out;
  }
}
