package dev.mtfengine.mtf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.MtfLogSchema;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SimulationLogger;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.log.WatchTimeProxy;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NcisEstimatorTest {
  private static final double[] BASELINE = {0.25f, -0.5f, 0.5f, 0f};

  private static SessionSimulator simulator() {
    return new SessionSimulator(SimulatorParams.defaults().withBanksPerType(20), 31);
  }

  private static MtfLog gaussianLog(SessionSimulator sim, double[] centre, double sigma, int sessions) {
    return new SimulationLogger(sim, ObservationConfig.realistic(),
        obs -> centre,
        new GaussianNoisePolicy(ActionBounds.symmetric(4), sigma), WatchTimeProxy.none())
        .run(0, sessions);
  }

  private static double meanReturn(MtfLog log) {
    double sum = 0;
    for (LoggedSession s : log.sessions()) {
      double g = 0;
      for (var r : s.requests()) {
        g += r.reward();
      }
      sum += g;
    }
    return sum / log.sessions().size();
  }

  @Test
  void targetEqualToBehaviourGivesTheOnPolicyMean() {
    SessionSimulator sim = simulator();
    MtfLog log = gaussianLog(sim, BASELINE, 0.2, 200);
    NcisEstimator ncis = new NcisEstimator(new NcisEstimator.Config(0.2, 100, 1.0));
    // the smoothed deterministic baseline with width = sigma is exactly the behaviour policy
    NcisEstimator.Result smoothed = ncis.estimate(log, StateEncoding.defaults(),
        RewardConfig.defaults(), TargetPolicy.constant(BASELINE));
    assertEquals(meanReturn(log), smoothed.estimate(), 1e-9 * meanReturn(log));
    // the kernel sums per-dimension logs, the logger multiplied densities: equal up to rounding
    assertEquals(smoothed.behaviourMean(), smoothed.estimate(), 1e-12 * smoothed.behaviourMean());
    assertEquals(200, smoothed.effectiveSampleSize(), 1e-9);
    assertEquals(0, smoothed.cappedSessions());
    // the same through the exploration policy's own density
    NcisEstimator.Result explicit = ncis.estimate(log, StateEncoding.defaults(),
        RewardConfig.defaults(), NcisEstimator.ofExploration(
            new GaussianNoisePolicy(ActionBounds.symmetric(4), 0.2), TargetPolicy.constant(BASELINE)));
    // through the logger's own density function every weight is exactly 1
    assertEquals(explicit.behaviourMean(), explicit.estimate(), 0.0);
    assertEquals(smoothed.estimate(), explicit.estimate(), 1e-12 * explicit.estimate());
  }

  @Test
  void estimateIsBoundedByTheReturnRange() {
    SessionSimulator sim = simulator();
    MtfLog log = gaussianLog(sim, BASELINE, 0.2, 200);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LoggedSession s : log.sessions()) {
      double g = s.requests().stream().mapToDouble(r -> r.reward()).sum();
      min = Math.min(min, g);
      max = Math.max(max, g);
    }
    double[][] targets = {{1, 1, 1, 1}, {-1, -1, -1, -1}, {0.3, -0.4, 0.4, 0.1}, {0, 0, 0, 0}};
    for (double[] target : targets) {
      for (double width : new double[] {0.05, 0.2, 1.0}) {
        for (double cap : new double[] {1, 10, 1e6}) {
          NcisEstimator.Result r = new NcisEstimator(new NcisEstimator.Config(width, cap, 1.0))
              .estimate(log, StateEncoding.defaults(), RewardConfig.defaults(),
                  TargetPolicy.constant(target));
          assertTrue(r.estimate() >= min - 1e-9 && r.estimate() <= max + 1e-9,
              r + " outside [" + min + ", " + max + "]");
          assertTrue(r.effectiveSampleSize() >= 1 - 1e-9 && r.effectiveSampleSize() <= 200 + 1e-9);
        }
      }
    }
  }

  @Test
  void capOneIsTheCappedSessionsMeanAndHugeCapIsPlainSelfNormalisedIs() {
    double[] logW = {Math.log(4), Math.log(0.5), Double.NEGATIVE_INFINITY, 0};
    double[] g = {10, 20, 30, 40};
    // cap 1: weights (1, 0.5, 0, 1)
    NcisEstimator.Result capped = NcisEstimator.fromLogWeights(logW, g, 1);
    assertEquals((10 + 0.5 * 20 + 40) / 2.5, capped.estimate(), 1e-12);
    assertEquals(2, capped.cappedSessions()); // ln 4 and ln 1 = 0 both reach ln 1
    NcisEstimator.Result wide = NcisEstimator.fromLogWeights(logW, g, 1e9);
    assertEquals((40 + 10 + 40) / 5.5, wide.estimate(), 1e-12);
    assertEquals(5.5 * 5.5 / (16 + 0.25 + 1), wide.effectiveSampleSize(), 1e-12);
    assertEquals(25, wide.behaviourMean(), 0.0);
  }

  /**
   * A one-request bandit with a known value: K = 1, one shown item clicked with probability p(a)
   * = 0.9 - 2 (a - 0.3)^2, reward = click; behaviour uniform on the box [-0.5, 0.5] around
   * baseline 0; target deterministic 0.3 smoothed with h = 0.05, whose exact value is E p(a) = 0.9
   * - 2 h^2 = 0.895 (the kernel's clipped mass at +-1 is negligible).
   */
  @Test
  void closeToTheExactValueOfASimpleCase() {
    ActionBounds bounds = ActionBounds.symmetric(1);
    BoxExplorationPolicy behaviour = new BoxExplorationPolicy(bounds, -0.5, 0.5);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(2026);
    MtfLogSchema schema = new MtfLogSchema(1, 1, List.of("click"));
    List<MtfLogRow> rows = new ArrayList<>();
    int sessions = 20_000;
    for (int i = 0; i < sessions; i++) {
      ExploredAction e = behaviour.sample(new float[] {0f}, rng);
      double a = e.action()[0];
      boolean click = rng.nextDouble() < 0.9 - 2 * (a - 0.3) * (a - 0.3);
      rows.add(new MtfLogRow(i, i, 0, 0, i, new double[] {1}, new double[] {a}, new double[] {0},
          e.density(), new double[] {0.5}, 0, click, false, false, false, 0, click ? 1 : 0));
    }
    MtfLog log = MtfLog.of(schema, rows);
    RewardConfig clickOnly = new RewardConfig(1, 0, 0, 0, 0);
    NcisEstimator.Result r = new NcisEstimator(new NcisEstimator.Config(0.05, 1000, 1.0))
        .estimate(log, StateEncoding.featuresOnly(), clickOnly, TargetPolicy.constant(new double[] {0.3}));
    double exact = 0.9 - 2 * 0.05 * 0.05;
    double standardError = Math.sqrt(exact * (1 - exact) / r.effectiveSampleSize());
    assertEquals(exact, r.estimate(), 4 * standardError, r + ", se " + standardError);
    // the behaviour's own value is clearly lower: E p(a) for a ~ U(-0.5, 0.5) = 0.9 - 2 (0.09 + 1/12)
    assertTrue(r.behaviourMean() < exact - 0.2, r.toString());
  }

  @Test
  void deterministicLogsAndDisjointTargetsAreRejected() {
    SessionSimulator sim = simulator();
    MtfLog greedy = new SimulationLogger(sim, ObservationConfig.realistic(), obs -> BASELINE,
        new GreedyPolicy(ActionBounds.symmetric(4)), WatchTimeProxy.none()).run(0, 5);
    NcisEstimator ncis = new NcisEstimator(NcisEstimator.Config.defaults());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ncis.estimate(
        greedy, StateEncoding.defaults(), RewardConfig.defaults(), TargetPolicy.constant(BASELINE)));
    assertTrue(e.getMessage().contains("deterministic logger"), e.getMessage());

    MtfLog box = new SimulationLogger(sim, ObservationConfig.realistic(), obs -> BASELINE,
        BoxExplorationPolicy.paperDefault(ActionBounds.symmetric(4)), WatchTimeProxy.none()).run(0, 5);
    NcisEstimator narrow = new NcisEstimator(new NcisEstimator.Config(0.01, 100, 1.0));
    e = assertThrows(IllegalArgumentException.class, () -> narrow.estimate(box,
        StateEncoding.defaults(), RewardConfig.defaults(),
        TargetPolicy.constant(new double[] {-1, 1, -1, 1})));
    assertTrue(e.getMessage().contains("weight 0"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> new NcisEstimator.Config(0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new NcisEstimator.Config(0.1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new NcisEstimator.Config(0.1, 10, 1.5));
    e = assertThrows(IllegalArgumentException.class, () -> ncis.estimate(box,
        StateEncoding.defaults(), RewardConfig.defaults(), TargetPolicy.constant(new double[] {2, 0, 0, 0})));
    assertTrue(e.getMessage().contains("outside [-1, 1]"), e.getMessage());
  }
}
