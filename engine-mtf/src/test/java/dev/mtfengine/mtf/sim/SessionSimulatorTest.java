package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionSimulatorTest {
  private static final SessionSimulator SIM =
      new SessionSimulator(SimulatorParams.defaults().withBanksPerType(40), 11L);
  private static final SessionPolicy MIDDLE = obs -> new double[] {0, 0, 0, 0};

  @Test
  void observationsHaveTheAdvertisedLayout() {
    for (ObservationConfig config : List.of(ObservationConfig.oracle(), ObservationConfig.realistic(),
        new ObservationConfig(ObservationConfig.Mode.REALISTIC, 5, 0.0, false))) {
      int expected = config.featureNames(SIM.typeNames()).size();
      List<Transition> seen = new ArrayList<>();
      SIM.runEpisode(MIDDLE, config, 3, seen::add);
      for (Transition t : seen) {
        Observation o = t.observation();
        assertEquals(expected, o.features().length, config.toString());
        assertEquals(config.mode() == ObservationConfig.Mode.ORACLE, o.isOracle());
        if (o.isOracle()) {
          assertEquals(t.userType(), o.userType());
          assertEquals(t.satisfaction(), o.satisfaction());
          assertEquals(t.satisfaction() / 15.0, o.features()[SIM.params().typeCount()], 1e-15);
        }
      }
    }
  }

  @Test
  void transitionsFollowTheDynamics() {
    for (long episode = 0; episode < 200; episode++) {
      List<Transition> seen = new ArrayList<>();
      EpisodeSummary summary = SIM.runEpisode(MIDDLE, ObservationConfig.oracle(), episode, seen::add);
      assertEquals(summary.requests(), seen.size());
      for (int i = 0; i < seen.size(); i++) {
        Transition t = seen.get(i);
        UserType type = SIM.params().types().get(t.userType());
        int satisfying = 0, regret = 0, clicks = 0, lv = 0, likes = 0, shares = 0;
        Set<Integer> distinct = new HashSet<>();
        for (int pos = 0; pos < t.slate().length; pos++) {
          distinct.add(t.slate()[pos]);
          int f = t.feedback()[pos];
          boolean c = (f & Transition.CLICK) != 0;
          boolean l = (f & Transition.LONG_VIEW) != 0;
          boolean like = (f & Transition.LIKE) != 0;
          boolean share = (f & Transition.SHARE) != 0;
          assertTrue(c || !l, "long view needs a click");
          assertTrue(l || !(like || share), "like/share need a long view");
          clicks += c ? 1 : 0;
          lv += l ? 1 : 0;
          likes += like ? 1 : 0;
          shares += share ? 1 : 0;
          regret += c && !l ? 1 : 0;
          satisfying += type.satisfactionDriver() == SatisfactionDriver.LONG_VIEW
              ? (l ? 1 : 0) : (like || share ? 1 : 0);
        }
        assertEquals(6, distinct.size());
        assertEquals(6.0 * clicks + lv + 10.0 * likes + 30.0 * shares, t.reward());
        int expected = Math.max(0, Math.min(15,
            t.satisfaction() + satisfying - type.regretPenalty() * regret - type.drift()));
        assertEquals(expected, t.nextSatisfaction());
        assertEquals(i == seen.size() - 1, t.done());
        if (i > 0) {
          assertEquals(seen.get(i - 1).nextSatisfaction(), t.satisfaction());
        }
      }
    }
  }

  @Test
  void startLawIsUniformAroundTheCentreAndTypesFollowTheShares() {
    int[] typeCounts = new int[4];
    for (long episode = 0; episode < 20_000; episode++) {
      int[] start = SIM.start(episode);
      UserType t = SIM.params().types().get(start[0]);
      assertTrue(Math.abs(start[1] - t.startCentre()) <= 2);
      typeCounts[start[0]]++;
    }
    for (int u = 0; u < 4; u++) {
      double share = SIM.params().types().get(u).share();
      double se = Math.sqrt(share * (1 - share) / 20_000);
      assertEquals(share, typeCounts[u] / 20_000.0, 4 * se, "type " + u);
    }
  }

  @Test
  void invalidActionsAreRejectedNamingTheDimension() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SIM.runEpisode(obs -> new double[] {0, Double.NaN, 0, 0}, ObservationConfig.oracle(), 0, null));
    assertTrue(e.getMessage().contains("action[1] (alpha_long_view) is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SIM.runEpisode(obs -> new double[] {0, 0, 0, 1.01}, ObservationConfig.oracle(), 0, null));
    assertTrue(e.getMessage().contains("alpha_share"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> SIM.runEpisode(obs -> new double[] {0, 0}, ObservationConfig.oracle(), 0, null));
    assertTrue(e.getMessage().contains("expected 4"), e.getMessage());
  }

  @Test
  void stationaryPoliciesNeedOracleObservations() {
    SessionPolicy p = StationaryPolicy.constant(new double[] {0, 0, 0, 0}).asSessionPolicy();
    assertThrows(IllegalArgumentException.class,
        () -> SIM.runEpisode(p, ObservationConfig.realistic(), 0, null));
  }

  @Test
  void streamsAreIndependentOfEachOtherAndReproducible() {
    RandomStreams streams = new RandomStreams(99);
    Set<Long> firstOutputs = new HashSet<>();
    int count = 0;
    for (StreamPurpose purpose : StreamPurpose.values()) {
      for (int type = 0; type < 3; type++) {
        for (long episode = 0; episode < 20; episode++) {
          for (int request = 0; request < 5; request++) {
            firstOutputs.add(streams.stream(purpose, type, 0, episode, request).nextLong());
            count++;
          }
        }
      }
    }
    assertEquals(count, firstOutputs.size());
    Xoshiro256StarStar a = streams.stream(StreamPurpose.FEEDBACK, 1, 2, 3, 4);
    Xoshiro256StarStar b = new RandomStreams(99).stream(StreamPurpose.FEEDBACK, 1, 2, 3, 4);
    assertEquals(a.nextLong(), b.nextLong());
    assertNotEquals(new RandomStreams(100).stream(StreamPurpose.FEEDBACK, 1, 2, 3, 4).nextLong(),
        new RandomStreams(99).stream(StreamPurpose.FEEDBACK, 1, 2, 3, 4).nextLong());
  }

  @Test
  void calibrationReportHasPlausibleRates() {
    CalibrationReport report = CalibrationReport.measure(SIM, MIDDLE, "middle action",
        ObservationConfig.oracle(), 2_000);
    System.out.print(report.table());
    for (CalibrationReport.Row row : report.rows()) {
      assertTrue(Double.isFinite(row.simulated()) && row.simulated() >= 0, row.toString());
    }
    assertTrue(report.value("ranked click rate") > 0.2 && report.value("ranked click rate") < 0.9);
    assertTrue(report.value("share rate") < report.value("like rate"));
    assertTrue(report.value("requests per session") > 3);
  }

  @Test
  void banksDependOnTheSeedAndPredictionsAreProbabilities() {
    SessionSimulator other = new SessionSimulator(SimulatorParams.defaults().withBanksPerType(40), 12L);
    assertNotEquals(SIM.banks().predictions(0, 0)[0], other.banks().predictions(0, 0)[0]);
    for (double p : SIM.banks().predictions(2, 7)) {
      assertTrue(p > 0 && p < 1);
    }
    assertThrows(IllegalArgumentException.class, () -> SIM.banks().predictions(4, 0));
  }
}
