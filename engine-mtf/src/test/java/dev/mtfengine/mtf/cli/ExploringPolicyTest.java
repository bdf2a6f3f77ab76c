package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.sim.Transition;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-episode exploring behaviour policy of {@code mtf simulate}. */
class ExploringPolicyTest {
  private static final SessionSimulator SIM =
      new SessionSimulator(SimulatorParams.defaults().withBanksPerType(5), 3L);

  private static List<Transition> run(ExploringPolicy policy, long episode) {
    List<Transition> out = new ArrayList<>();
    SIM.runEpisode(policy, ObservationConfig.oracle(), episode, out::add);
    return out;
  }

  @Test
  void explorationIsReproduciblePerEpisodeAndRecordedPerRequest() {
    BaselinePolicy uniform =
        BaselinePolicy.resolve(BaselinePolicy.Kind.UNIFORM, null, SIM, () -> null);
    BoxExplorationPolicy box =
        BoxExplorationPolicy.paperDefault(ActionBounds.symmetric(SIM.actionDimension()));
    ExploringPolicy first = new ExploringPolicy(uniform.policy(), box, SIM.streams(), 7, true);
    ExploringPolicy again = new ExploringPolicy(uniform.policy(), box, SIM.streams(), 7, true);
    List<Transition> a = run(first, 7);
    List<Transition> b = run(again, 7);
    assertEquals(a.size(), b.size());
    assertEquals(a.size(), first.steps().size());
    for (int t = 0; t < a.size(); t++) {
      assertArrayEquals(a.get(t).action(), b.get(t).action());
      SimulatedSession.ExploredStep step = first.steps().get(t);
      assertArrayEquals(a.get(t).action(), step.action());
      // the box U(-0.15, 0.15) in 4 dimensions around -0.5: density (1 / 0.3)^4 inside
      assertEquals(Math.pow(1 / 0.3, 4), step.density(), 1e-9 * step.density());
      for (int j = 0; j < step.action().length; j++) {
        assertTrue(Math.abs(step.action()[j] - step.baselineAction()[j]) <= 0.15 + 1e-6);
      }
    }
  }

  @Test
  void greedyExplorationExecutesTheBaselineAction() {
    double[] fixed = BaselinePolicy.staticAction(SIM.params().fusion(), new double[] {0.1, 0.4, 0.3, 0.2});
    ExploringPolicy policy = new ExploringPolicy(o -> fixed,
        new GreedyPolicy(ActionBounds.symmetric(SIM.actionDimension())), SIM.streams(), 0, true);
    List<Transition> transitions = run(policy, 0);
    for (int t = 0; t < transitions.size(); t++) {
      double[] expected = new double[fixed.length];
      for (int j = 0; j < fixed.length; j++) {
        expected[j] = (float) fixed[j];
      }
      assertArrayEquals(expected, transitions.get(t).action());
      assertEquals(Double.POSITIVE_INFINITY, policy.steps().get(t).density());
    }
  }
}
