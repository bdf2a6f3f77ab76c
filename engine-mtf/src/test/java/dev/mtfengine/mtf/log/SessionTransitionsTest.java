package dev.mtfengine.mtf.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTransitionsTest {

  /** Logs with a baseline that also records every observation it saw, in order. */
  private static MtfLog logRecordingObservations(SessionSimulator sim, ObservationConfig config,
      List<double[]> seen, int sessions) {
    SessionPolicy base = SimulationLoggerTest.baseline(sim.actionDimension());
    SessionPolicy recording = obs -> {
      seen.add(obs.features().clone());
      return base.act(obs);
    };
    return new SimulationLogger(sim, config, recording,
        new GaussianNoisePolicy(ActionBounds.symmetric(sim.actionDimension()), 0.2),
        WatchTimeProxy.none()).run(0, sessions);
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  @Test
  void statesAreTheRealisticObservationWithoutCandidateStatistics() {
    SessionSimulator sim = SimulationLoggerTest.simulator(21);
    ObservationConfig realistic = new ObservationConfig(ObservationConfig.Mode.REALISTIC, 3, 0.5, false);
    List<double[]> seen = new ArrayList<>();
    MtfLog log = logRecordingObservations(sim, realistic, seen, 30);
    TransitionSet set = SessionTransitions.toTransitionSet(log, StateEncoding.defaults(),
        RewardConfig.defaults(), 2);
    assertEquals(seen.size(), set.size());
    assertEquals(seen.get(0).length, set.schema().stateDim());
    for (int r = 0; r < set.size(); r++) {
      assertArrayEquals(toFloat(seen.get(r)), set.get(r).state(), "row " + r);
    }
  }

  @Test
  void oracleLogsWithFeaturesOnlyGiveTheOracleState() {
    SessionSimulator sim = SimulationLoggerTest.simulator(22);
    List<double[]> seen = new ArrayList<>();
    MtfLog log = logRecordingObservations(sim, ObservationConfig.oracle(), seen, 20);
    TransitionSet set = SessionTransitions.toTransitionSet(log, StateEncoding.featuresOnly(),
        RewardConfig.defaults(), 0);
    for (int r = 0; r < set.size(); r++) {
      assertArrayEquals(toFloat(seen.get(r)), set.get(r).state(), "row " + r);
    }
  }

  @Test
  void nextStatesNextBaselinesAndDoneAreLinkedWithinSessions() {
    SessionSimulator sim = SimulationLoggerTest.simulator(23);
    MtfLog log = logRecordingObservations(sim, ObservationConfig.realistic(), new ArrayList<>(), 40);
    TransitionSet set = SessionTransitions.toTransitionSet(log, StateEncoding.defaults(),
        RewardConfig.defaults(), 1);
    List<LoggedRequest> requests = new ArrayList<>();
    for (LoggedSession s : log.sessions()) {
      requests.addAll(s.requests());
    }
    assertEquals(requests.size(), set.size());
    int dones = 0;
    for (int r = 0; r < set.size(); r++) {
      Transition t = set.get(r);
      LoggedRequest q = requests.get(r);
      assertEquals(q.sessionId(), t.episodeId());
      assertEquals(q.requestIndex(), t.stepIndex());
      assertEquals(1, t.roundId());
      assertArrayEquals(toFloat(q.action()), t.action());
      assertArrayEquals(toFloat(q.baselineAction()), t.baselineAction());
      assertEquals(q.density(), t.behaviourDensity(), 0.0);
      assertEquals((float) q.reward(), t.reward(), 0.0f, "default weights give the simulator's reward");
      float[] c = t.rewardComponents();
      assertEquals(t.reward(), c[0] + c[1], 1e-3);
      boolean last = r + 1 == set.size() || set.episodeId(r + 1) != t.episodeId();
      assertEquals(last, t.done(), "row " + r);
      if (last) {
        dones++;
        // placeholder next baseline: the request's own; the next state steps t and the history
        assertArrayEquals(t.baselineAction(), t.nextBaselineAction());
        int features = log.schema().featureCount();
        assertEquals((float) ((q.requestIndex() + 1) / 10.0), t.nextState()[features], 0.0f);
      } else {
        Transition next = set.get(r + 1);
        assertArrayEquals(next.state(), t.nextState(), "row " + r);
        assertArrayEquals(next.baselineAction(), t.nextBaselineAction(), "row " + r);
        assertEquals(t.stepIndex() + 1, next.stepIndex());
      }
    }
    assertEquals(log.sessions().size(), dones);
    assertEquals(RewardConfig.COMPONENTS, set.schema().rewardComponents());
  }

  @Test
  void rewardWeightsAndWatchTimeAreConfigurable() {
    MtfLog log = LogFixtures.small(); // request 0: C+LV, nothing; request 1: C+LV, C (watch 30 s per LV)
    TransitionSet set = SessionTransitions.toTransitionSet(log, StateEncoding.defaults(),
        new RewardConfig(2, 3, 10, 30, 0.5), 0);
    // request 0: 2 * 1 + 3 * 1 + 0.5 * 30 = 20; request 1: 2 * 2 + 3 * 1 + 0.5 * 30 = 22
    assertEquals(20f, set.get(0).reward());
    assertEquals(22f, set.get(1).reward());
    assertArrayEquals(new float[] {22f, 0f}, set.get(1).rewardComponents());
    assertFalse(set.get(0).done());
    assertTrue(set.get(1).done());
    // hand-derived history: after request 0, click rate 1/2, LV 1/2, regret 0, fill 1/3
    float[] next = set.get(0).nextState();
    assertArrayEquals(new float[] {0.5f, -1.25f, 0.1f, 0.5f, 0.5f, 0f, 0f, 0f, 1f / 3f}, next);
    // after request 1: mean of (1/2, 1) clicks, (1/2, 1/2) LV, regret (0, 1/2), fill 2/3
    assertArrayEquals(new float[] {0.5f, -1.25f, 0.2f, 0.75f, 0.5f, 0f, 0f, 0.25f, 2f / 3f},
        set.get(1).nextState());
  }

  @Test
  void binaryTransitionFileRoundTrip(@TempDir Path dir) {
    Path csv = dir.resolve("log.csv");
    MtfLogWriter.write(csv, LogFixtures.small());
    Path bin = dir.resolve("log.mtft");
    String hash = SessionTransitions.convert(csv, bin, StateEncoding.defaults(),
        RewardConfig.defaults(), 3);
    TransitionSet back = SessionTransitions.read(bin);
    TransitionSet direct = SessionTransitions.toTransitionSet(MtfLogReader.read(csv),
        StateEncoding.defaults(), RewardConfig.defaults(), 3);
    assertTrue(direct.contentEquals(back));
    assertEquals(direct.contentHash(), hash);
    assertEquals(3, back.roundId(0));
    float[] s = new float[back.schema().stateDim()];
    back.copy(Column.STATE, 0, s, 0);
    assertEquals(9, s.length);
  }
}
