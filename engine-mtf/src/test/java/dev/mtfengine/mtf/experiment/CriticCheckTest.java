package dev.mtfengine.mtf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.algo.ActionValueEstimator;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link CriticCheck} on critics whose answers are known: the exact Q itself, and its negation. */
class CriticCheckTest {
  private static final double[] ACTION = {-0.5, 0.0, -0.8, -0.9};
  private static final double SCALE = 0.1;
  private static ExactEvaluator exact;
  private static PolicyValue constantValue;

  @BeforeAll
  static void simulator() {
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults(), 3);
    exact = new ExactEvaluator(sim, ExactConfig.defaults().withDiscount(0.9));
    constantValue = exact.evaluate((u, s) -> ACTION);
  }

  /** The same action everywhere; its "critic" is {@code sign} times the exact Q of that policy. */
  private record KnownCritic(double sign) implements OfflineAlgorithm, ActionValueEstimator {
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
      float[] out = new float[n * ACTION.length];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < ACTION.length; k++) {
          out[i * ACTION.length + k] = (float) ACTION[k];
        }
      }
      return Tensor.of(out, n, ACTION.length);
    }

    @Override
    public Tensor actionValue(Tensor state, Tensor action) {
      int n = state.dim(0);
      int types = state.dim(1) - 1;
      double[] s = state.toDoubleArray();
      double[] a = action.toDoubleArray();
      double[] q = new double[n];
      for (int i = 0; i < n; i++) {
        int u = 0;
        while (s[i * (types + 1) + u] != 1.0) {
          u++;
        }
        int level = (int) Math.round(s[i * (types + 1) + types] * 15);
        double[] ai = java.util.Arrays.copyOfRange(a, i * ACTION.length, (i + 1) * ACTION.length);
        q[i] = sign * SCALE * exact.actionValue(constantValue, u, level, ai);
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
  }

  @Test
  void aCriticEqualToTheExactQPicksTheBestActionEverywhere() {
    CriticCheck.Result r = CriticCheck.run(exact, new KnownCritic(1), SCALE, 0.15, 6, 11);
    assertEquals(64, r.states().size());
    for (CriticCheck.StateCheck s : r.states()) {
      // float32 actions inside the critic, double in the truth: equal up to float rounding
      assertEquals(1.0, s.correlation(), 1e-4, "state " + s);
      assertEquals(s.bestGain(), s.criticChoiceGain(), 1e-6, "state " + s);
    }
    assertTrue(r.meanBestGain(-1) > 0, "some neighbour improves on the constant policy somewhere");
  }

  @Test
  void aNegatedCriticIsCaughtPickingTheWorstAction() {
    CriticCheck.Result r = CriticCheck.run(exact, new KnownCritic(-1), SCALE, 0.15, 6, 11);
    assertEquals(-1.0, r.meanCorrelation(-1), 1e-4);
    assertTrue(r.meanCriticChoiceGain(-1) < 0, "gain " + r.meanCriticChoiceGain(-1));
  }

  @Test
  void aLearnerWithoutACriticIsRefusedByName() {
    OfflineAlgorithm plain = new OfflineAlgorithm() {
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CriticCheck.run(exact, plain, SCALE, 0.15, 6, 11));
    assertTrue(e.getMessage().contains("plain"), e.getMessage());
  }
}
