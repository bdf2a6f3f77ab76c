package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.rl.algo.ActionValueEstimator;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * A learner whose critic is known: {@code scale} times the exact {@code Q^pi(u, s, a)} of the
 * policy valued by {@code value} (negative scales make a critic that is exactly wrong), acting with
 * the same {@code policy} at every oracle state [onehot(u), s / 15].
 */
record ExactCritic(ExactEvaluator exact, PolicyValue value, double scale, double[] policy)
    implements OfflineAlgorithm, ActionValueEstimator {
  @Override
  public String name() {
    return "known";
  }

  @Override
  public Map<String, Double> update(Batch batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Tensor act(Tensor state) {
    int n = state.dim(0);
    float[] out = new float[n * policy.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < policy.length; k++) {
        out[i * policy.length + k] = (float) policy[k];
      }
    }
    return Tensor.of(out, n, policy.length);
  }

  @Override
  public Tensor actionValue(Tensor state, Tensor action, Tensor baselineAction) {
    int n = state.dim(0);
    int types = state.dim(1) - 1;
    int k = action.dim(1);
    double[] s = state.toDoubleArray();
    double[] a = action.toDoubleArray();
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      int u = 0;
      while (s[i * (types + 1) + u] != 1.0) {
        u++;
      }
      int level = (int) Math.round(s[i * (types + 1) + types] * 15);
      q[i] = scale * exact.actionValue(value, u, level, Arrays.copyOfRange(a, i * k, (i + 1) * k));
    }
    return Tensor.of(q, n);
  }

  @Override
  public AlgorithmState state() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void restore(AlgorithmState state) {
    throw new UnsupportedOperationException();
  }

  /** A learner without a critic, to be refused by name. */
  static OfflineAlgorithm withoutCritic() {
    return new OfflineAlgorithm() {
      @Override
      public String name() {
        return "plain";
      }

      @Override
      public Map<String, Double> update(Batch batch) {
        return Map.of();
      }

      @Override
      public Tensor act(Tensor state) {
        return state;
      }

      @Override
      public AlgorithmState state() {
        return null;
      }

      @Override
      public void restore(AlgorithmState state) {}
    };
  }
}
