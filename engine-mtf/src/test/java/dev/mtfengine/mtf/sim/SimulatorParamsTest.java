package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorParamsTest {

  @Test
  void defaultsMatchTheSpec() {
    SimulatorParams p = SimulatorParams.defaults();
    assertEquals(List.of("fragile-clicker", "loyal-tolerant", "social", "fragile-new"),
        p.types().stream().map(UserType::name).toList());
    assertEquals(40, p.candidateCount());
    assertEquals(6, p.slateSize());
    assertEquals(16, p.satisfactionLevels());
    assertEquals(600, p.banksPerType());
    assertEquals(new RewardWeights(6, 1, 10, 30), p.rewards());
    assertEquals(4.8, p.types().get(0).leaveMidpoint(), 1e-12);
  }

  @Test
  void jsonRoundTripKeepsEveryValue(@TempDir Path dir) {
    SimulatorParams p = SimulatorParams.defaults().withFusion(FusionSpec.powerBias(2.0, 0.5));
    Path file = dir.resolve("params.json");
    SimulatorJson.save(p, file);
    assertEquals(p, SimulatorJson.load(file));
    assertEquals(p, SimulatorJson.fromJson(SimulatorJson.toJson(p)));
    assertTrue(SimulatorJson.toJson(p).contains("\"topicAffinity\""));
  }

  @Test
  void invalidJsonValuesGiveTheRecordsMessage() {
    String json = SimulatorJson.toJson(SimulatorParams.defaults())
        .replace("\"slateSize\" : 6", "\"slateSize\" : 41");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SimulatorJson.fromJson(json));
    assertTrue(e.getMessage().contains("slateSize L = 41"), e.getMessage());
    String unknown = SimulatorJson.toJson(SimulatorParams.defaults())
        .replace("\"slateSize\" : 6", "\"slateSize\" : 6, \"slateSise\" : 6");
    e = assertThrows(IllegalArgumentException.class, () -> SimulatorJson.fromJson(unknown));
    assertTrue(e.getMessage().contains("slateSise"), e.getMessage());
  }

  @Test
  void invalidParametersAreRejectedWithClearMessages() {
    SimulatorParams p = SimulatorParams.defaults();
    UserType t = p.types().get(0);
    List<UserType> shares = new ArrayList<>(p.types());
    shares.set(0, copy(t, 0.5, t.regretPenalty(), t.leaveMin(), t.topicAffinity()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.withTypes(shares));
    assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> copy(t, t.share(), -1, t.leaveMin(), t.topicAffinity()));
    assertTrue(e.getMessage().contains("regretPenalty = -1"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> copy(t, t.share(), 2, 0.0, t.topicAffinity()));
    assertTrue(e.getMessage().contains("leaveMin"), e.getMessage());

    List<UserType> topics = new ArrayList<>(p.types());
    topics.set(0, copy(t, t.share(), 2, t.leaveMin(), new double[] {1, 2, 3}));
    e = assertThrows(IllegalArgumentException.class, () -> p.withTypes(topics));
    assertTrue(e.getMessage().contains("expected D = 8"), e.getMessage());

    assertThrows(IllegalArgumentException.class, () -> p.withBanksPerType(0));
    assertThrows(IllegalArgumentException.class, () -> new RewardWeights(6, 1, Double.NaN, 30));
    assertThrows(IllegalArgumentException.class, () -> new ItemDistribution(1, 1.5, 8, 2, 1, 6, 1, 4));
    assertThrows(IllegalArgumentException.class, () -> new PredictionNoise(-0.1, 0.3, 0.35));
    e = assertThrows(IllegalArgumentException.class,
        () -> new FusionSpec(FusionSpec.FusionFamily.LINEAR, null, new double[3], new double[] {1, 1, 1}, null));
    assertTrue(e.getMessage().contains("needs 4 raw bounds"), e.getMessage());
  }

  private static UserType copy(UserType t, double share, int rho, double leaveMin, double[] theta) {
    return new UserType(t.name(), share, t.clickOffset(), t.clickbaitSensitivity(),
        t.socialSensitivity(), t.likeOffset(), t.shareOffset(), rho, t.drift(),
        t.satisfactionDriver(), leaveMin, t.leaveMax(), t.leaveMidpoint(), t.startCentre(), theta);
  }
}
