package dev.mtfengine.mtf.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.sim.Transition;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.rl.explore.MixturePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationLoggerTest {
  /** Small banks keep the simulator's construction fast; the model is otherwise default. */
  static SessionSimulator simulator(long seed) {
    return new SessionSimulator(SimulatorParams.defaults().withBanksPerType(20), seed);
  }

  /** A baseline that depends on the observation, with float-exact values near the bounds. */
  static SessionPolicy baseline(int k) {
    return obs -> {
      double[] f = obs.features();
      double[] a = new double[k];
      for (int j = 0; j < k; j++) {
        a[j] = (float) Math.max(-1, Math.min(1, 0.9 * StrictMath.tanh(2 * f[j % f.length]) + 0.15 * j));
      }
      return a;
    };
  }

  static ActionBounds bounds(SessionSimulator sim) {
    return ActionBounds.symmetric(sim.actionDimension());
  }

  @Test
  void sameSeedSameLogOtherSeedOtherLog() {
    SessionSimulator sim = simulator(11);
    ExplorationPolicy box = BoxExplorationPolicy.paperDefault(bounds(sim));
    SimulationLogger logger = new SimulationLogger(sim, ObservationConfig.realistic(),
        baseline(sim.actionDimension()), box, WatchTimeProxy.none());
    MtfLog a = logger.run(0, 25);
    MtfLog b = logger.run(0, 25);
    assertEquals(a.rows(), b.rows());
    MtfLog fresh = new SimulationLogger(simulator(11), ObservationConfig.realistic(),
        baseline(sim.actionDimension()), box, WatchTimeProxy.none()).run(0, 25);
    assertEquals(a.rows(), fresh.rows());
    SessionSimulator other = simulator(12);
    MtfLog c = new SimulationLogger(other, ObservationConfig.realistic(),
        baseline(sim.actionDimension()), box, WatchTimeProxy.none()).run(0, 25);
    assertNotEquals(a.rows(), c.rows());
    assertEquals(25, a.sessions().size());
  }

  @Test
  void boxExplorationStaysInTheBoxAndLogsItsDensity() {
    SessionSimulator sim = simulator(3);
    BoxExplorationPolicy box = BoxExplorationPolicy.paperDefault(bounds(sim));
    MtfLog log = new SimulationLogger(sim, ObservationConfig.realistic(),
        baseline(sim.actionDimension()), box, WatchTimeProxy.none()).run(100, 40);
    int onBound = 0;
    for (LoggedSession s : log.sessions()) {
      for (LoggedRequest r : s.requests()) {
        float[] a = new float[r.action().length];
        float[] b = new float[a.length];
        for (int j = 0; j < a.length; j++) {
          a[j] = (float) r.action()[j];
          b[j] = (float) r.baselineAction()[j];
          assertEquals(a[j], r.action()[j], 0.0, "actions are float32 values");
          assertTrue(r.action()[j] >= -1 && r.action()[j] <= 1);
          assertTrue(Math.abs(r.action()[j] - r.baselineAction()[j]) <= 0.15 + 1e-6,
              "dimension " + j + ": " + r.action()[j] + " vs baseline " + r.baselineAction()[j]);
          onBound += Math.abs(r.action()[j]) == 1.0 ? 1 : 0;
        }
        assertEquals(box.density(a, b), r.density(), 0.0);
        assertTrue(r.density() > 0);
      }
    }
    assertTrue(onBound > 0, "the baseline sits near the bounds, so some draws are clipped");
  }

  @Test
  void greedyExplorationReproducesTheBaselineRunExactly() {
    SessionSimulator sim = simulator(5);
    SessionPolicy base = baseline(sim.actionDimension());
    MtfLog log = new SimulationLogger(sim, ObservationConfig.realistic(), base,
        new GreedyPolicy(bounds(sim)), WatchTimeProxy.none()).run(0, 15);
    List<Transition> direct = new ArrayList<>();
    for (long e = 0; e < 15; e++) {
      sim.runEpisode(base, ObservationConfig.realistic(), e, direct::add);
    }
    assertEquals(direct.size(), log.requestCount());
    int i = 0;
    for (LoggedSession s : log.sessions()) {
      for (LoggedRequest r : s.requests()) {
        Transition t = direct.get(i++);
        assertEquals(t.episode(), r.sessionId());
        assertEquals(t.request(), r.requestIndex());
        assertEquals(t.reward(), r.reward(), 0.0);
        assertArrayEquals(t.action(), r.action(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, r.density());
        for (int p = 0; p < r.items().size(); p++) {
          MtfLogRow item = r.items().get(p);
          int bits = t.feedback()[p];
          assertEquals((bits & Transition.CLICK) != 0, item.click());
          assertEquals((bits & Transition.LONG_VIEW) != 0, item.longView());
          assertEquals((bits & Transition.LIKE) != 0, item.like());
          assertEquals((bits & Transition.SHARE) != 0, item.share());
          assertEquals(t.slate()[p], item.itemId() % sim.params().candidateCount());
        }
      }
    }
  }

  @Test
  void itemsAreLoggedInRankOrderWithTheirPredictions() {
    SessionSimulator sim = simulator(8);
    ExplorationPolicy gaussian = new GaussianNoisePolicy(bounds(sim), 0.2);
    MtfLog log = new SimulationLogger(sim, ObservationConfig.oracle(),
        baseline(sim.actionDimension()), gaussian, new WatchTimeProxy(5, 30)).run(0, 20);
    assertEquals(sim.params().typeCount() + 1, log.schema().featureCount());
    int n = sim.params().candidateCount();
    int m = 4;
    for (LoggedSession s : log.sessions()) {
      for (LoggedRequest r : s.requests()) {
        assertEquals(sim.params().slateSize(), r.shownItems());
        double previous = Double.POSITIVE_INFINITY;
        for (MtfLogRow item : r.items()) {
          assertTrue(item.fusedScore() <= previous, "slate is in descending fused score");
          previous = item.fusedScore();
          long bankIndex = item.itemId() / n;
          int type = (int) (bankIndex / sim.params().banksPerType());
          int bank = (int) (bankIndex % sim.params().banksPerType());
          int candidate = (int) (item.itemId() % n);
          double[] heads = sim.banks().predictions(type, bank);
          for (int k = 0; k < m; k++) {
            assertEquals(heads[candidate * m + k], item.predictions()[k], 0.0);
          }
          assertEquals(1.0, item.userFeatures()[type], 0.0, "oracle features: one-hot type");
          double expectedWatch = item.longView() ? 30 : item.click() ? 5 : 0;
          assertEquals(expectedWatch, item.watchTimeSeconds(), 0.0);
        }
      }
    }
  }

  @Test
  void mixtureExplorationRunsAndCsvMatchesMemory(@TempDir Path dir) throws IOException {
    SessionSimulator sim = simulator(9);
    ExplorationPolicy mixture = MixturePolicy.batchRlDefault(bounds(sim));
    SimulationLogger logger = new SimulationLogger(sim, ObservationConfig.realistic(),
        baseline(sim.actionDimension()), mixture, WatchTimeProxy.none());
    MtfLog memory = logger.run(0, 12);
    Path file = dir.resolve("logs").resolve("mixture.csv");
    logger.writeCsv(file, 0, 12);
    assertEquals(memory.rows(), MtfLogReader.read(file, logger.schema()).rows());
    for (LoggedSession s : memory.sessions()) {
      for (LoggedRequest r : s.requests()) {
        float[] a = new float[r.action().length];
        float[] b = new float[a.length];
        for (int j = 0; j < a.length; j++) {
          a[j] = (float) r.action()[j];
          b[j] = (float) r.baselineAction()[j];
        }
        assertEquals(mixture.density(a, b), r.density(), 0.0);
      }
    }
  }

  @Test
  void aFailingRunLeavesNoFile(@TempDir Path dir) throws IOException {
    SessionSimulator sim = simulator(9);
    SessionPolicy base = baseline(sim.actionDimension());
    int[] calls = {0};
    SessionPolicy failing = obs -> {
      if (++calls[0] == 40) {
        throw new IllegalStateException("baseline service unavailable");
      }
      return base.act(obs);
    };
    SimulationLogger logger = new SimulationLogger(sim, ObservationConfig.realistic(), failing,
        BoxExplorationPolicy.paperDefault(bounds(sim)), WatchTimeProxy.none());
    Path file = dir.resolve("partial.csv");
    assertThrows(IllegalStateException.class, () -> logger.writeCsv(file, 0, 50));
    assertFalse(Files.exists(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void invalidBaselineAndBoundsAreRejected() {
    SessionSimulator sim = simulator(9);
    int k = sim.actionDimension();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SimulationLogger(sim, ObservationConfig.realistic(), baseline(k),
            BoxExplorationPolicy.paperDefault(ActionBounds.symmetric(k + 1)), WatchTimeProxy.none()));
    assertTrue(e.getMessage().contains("[-1, 1]^" + k), e.getMessage());
    SimulationLogger outside = new SimulationLogger(sim, ObservationConfig.realistic(),
        obs -> new double[] {0, 0, 1.5, 0}, new GreedyPolicy(bounds(sim)), WatchTimeProxy.none());
    e = assertThrows(IllegalArgumentException.class, () -> outside.run(0, 1));
    assertTrue(e.getMessage().contains("baseline action[2] = 1.5"), e.getMessage());
  }
}
