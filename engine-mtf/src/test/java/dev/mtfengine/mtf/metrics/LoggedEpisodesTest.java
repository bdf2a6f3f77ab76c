package dev.mtfengine.mtf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.log.LoggedRequest;
import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SimulationLogger;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.log.WatchTimeProxy;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An MTF log as engine-rl's episodes, and the experiment's NCIS reading on it. */
class LoggedEpisodesTest {
  private static final double[] BASELINE = {0.25, -0.5, 0.5, 0};

  private static MtfLog log(ExplorationPolicy exploration, int sessions) {
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults().withBanksPerType(20), 31);
    return new SimulationLogger(sim, ObservationConfig.realistic(), obs -> BASELINE, exploration,
        WatchTimeProxy.none()).run(0, sessions);
  }

  private static final DeterministicPolicy CONSTANT_BASELINE = s -> {
    float[] out = new float[s.dim(0) * 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) BASELINE[i % 4];
    }
    return Tensor.of(out, s.dim(0), 4);
  };

  @Test
  void everySessionBecomesAnEpisodeWithItsRewardsAndDensities() {
    MtfLog log = log(new GaussianNoisePolicy(ActionBounds.symmetric(4), 0.2), 50);
    List<Episode> episodes = LoggedEpisodes.of(log, StateEncoding.defaults(), RewardConfig.defaults());
    assertEquals(log.sessions().size(), episodes.size());
    for (int i = 0; i < episodes.size(); i++) {
      LoggedSession s = log.sessions().get(i);
      Episode e = episodes.get(i);
      assertEquals(s.sessionId(), e.id());
      assertEquals(s.length(), e.length());
      for (int t = 0; t < e.length(); t++) {
        LoggedRequest r = s.requests().get(t);
        assertEquals(RewardConfig.defaults().reward(r), e.rewards()[t], 1e-4 * Math.max(1, Math.abs(e.rewards()[t])));
        assertEquals(r.density(), e.behaviourDensities()[t], 1e-12 * r.density());
      }
    }
  }

  @Test
  void ncisOfTheLoggingBaselineIsTheLoggedMeanReturnForBothLoggers() {
    for (ExplorationPolicy logger : List.of(new GaussianNoisePolicy(ActionBounds.symmetric(4), 0.2),
        new BoxExplorationPolicy(ActionBounds.symmetric(4), -0.15, 0.15))) {
      List<Episode> episodes = LoggedEpisodes.of(log(logger, 120), StateEncoding.defaults(), RewardConfig.defaults());
      WeightedEpisodes w = WeightedEpisodes.of(episodes, MatchedSmoothing.LOGGING.smooth(CONSTANT_BASELINE, logger), 1);
      double mean = episodes.stream().mapToDouble(e -> java.util.Arrays.stream(e.rewards()).sum()).average()
          .orElseThrow();
      assertEquals(mean, new NormalisedCappedImportanceSampling(100).value(w), 1e-9 * Math.abs(mean),
          logger.describe());
      assertEquals(episodes.size(), w.effectiveSampleSize(100), 1e-9);
    }
  }

  @Test
  void aGreedyLogHasNoImportanceWeights() {
    List<Episode> episodes = LoggedEpisodes.of(log(new GreedyPolicy(ActionBounds.symmetric(4)), 5),
        StateEncoding.defaults(), RewardConfig.defaults());
    String m = assertThrows(IllegalArgumentException.class, () -> WeightedEpisodes.of(episodes,
        MatchedSmoothing.LOGGING.smooth(CONSTANT_BASELINE, new GaussianNoisePolicy(ActionBounds.symmetric(4), 0.2)),
        1)).getMessage();
    assertTrue(m.contains("deterministic logger"), m);
  }
}
