package dev.mtfengine.mtf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
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

  @Test
  void aCriticEqualToTheExactQPicksTheBestActionEverywhere() {
    CriticCheck.Result r = CriticCheck.run(exact, new ExactCritic(exact, constantValue, SCALE, ACTION), SCALE, 0.15, 6, 11, null);
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
    CriticCheck.Result r = CriticCheck.run(exact, new ExactCritic(exact, constantValue, -SCALE, ACTION), SCALE, 0.15, 6, 11, null);
    assertEquals(-1.0, r.meanCorrelation(-1), 1e-4);
    assertTrue(r.meanCriticChoiceGain(-1) < 0, "gain " + r.meanCriticChoiceGain(-1));
  }

  @Test
  void aLearnerWithoutACriticIsRefusedByName() {
    OfflineAlgorithm plain = ExactCritic.withoutCritic();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CriticCheck.run(exact, plain, SCALE, 0.15, 6, 11, null));
    assertTrue(e.getMessage().contains("plain"), e.getMessage());
  }
}
