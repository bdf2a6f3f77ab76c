package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * TD targets honour done: where an episode ended the target is exactly the reward, for every critic
 * and every algorithm; where it did not, the bootstrap term is present. (Same package as the
 * algorithms, to reach their package-private target methods.)
 */
class TdTargetPropertyTest {

  private static Batch batch(long seed, int n, boolean done) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    Tensor s = Tensor.randn(r, DType.F64, n, 3);
    Tensor a = Tensor.uniform(r, -1, 1, DType.F64, n, 2);
    Tensor rew = Tensor.randn(r, DType.F64, n, 1);
    Tensor comps = Tensor.randn(r, DType.F64, n, 2);
    Tensor d = Tensor.full(done ? 1 : 0, DType.F64, n, 1);
    Tensor mu = Tensor.uniform(r, -0.5, 0.5, DType.F64, n, 2);
    return new Batch(s, a, rew, comps, Tensor.randn(r, DType.F64, n, 3), d, mu, mu, Tensor.ones(DType.F64, n, 1));
  }

  /** y is [M, B, 1] (one target per critic) or [B, 1] (one shared target, e.g. TD3's min). */
  private static void assertEqualsReward(Tensor y, Batch b, Tensor reward) {
    int members = y.rank() == 3 ? y.dim(0) : 1;
    for (int m = 0; m < members; m++) {
      for (int i = 0; i < b.size(); i++) {
        assertEquals(reward.get(i, 0), y.rank() == 3 ? y.get(m, i, 0) : y.get(i, 0), 0.0);
      }
    }
  }

  @Test
  void terminalTargetsAreTheRewardAndOthersBootstrap() {
    qt().withFixedSeed(9L).withExamples(30).forAll(Generate.range(1, 8), Gens())
        .checkAssert((n, seed) -> {
          IntegratedRl.Config v4 = new IntegratedRl.Config(3, 2, List.of(8), 3, IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY, IntegratedRl.BootstrapAction.TARGET_ACTOR, IntegratedRl.CriticForm.PAPER,
              List.of(), 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, 1.0, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-3, 1e-3, DType.F64, seed);
          IntegratedRl.Config v6 = new IntegratedRl.Config(3, 2, List.of(8), 3, IntegratedRl.CriticTarget.V6_PHI_SCALED, IntegratedRl.BootstrapAction.TARGET_ACTOR, IntegratedRl.CriticForm.PAPER,
              List.of(1.0, 0.5), 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, 1.0, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-3, 1e-3, DType.F64, seed);
          Batch ended = batch(seed, n, true);
          Batch running = batch(seed, n, false);
          assertEqualsReward(new IntegratedRl(v4).criticTargetV4(ended), ended, ended.reward());
          Ddpg ddpg = new Ddpg(new Ddpg.Config(3, 2, List.of(8), 0.9, 0.01, 1e-3, 1e-3, DType.F64, seed));
          assertEqualsReward(ddpg.criticTarget(ended), ended, ended.reward());
          Td3 td3 = new Td3(new Td3.Config(3, 2, List.of(8), 0.9, 0.01, 0.2, 0.5, 2, 1e-3, 1e-3, DType.F64, seed));
          assertEqualsReward(td3.criticTarget(ended), ended, ended.reward());
          Sac sac = new Sac(new Sac.Config(3, 2, List.of(8), 0.9, 0.01, 1e-3, 1e-3, 1e-3, 1.0, true, -2, -20, 2, DType.F64, seed));
          assertEqualsReward(sac.criticTarget(ended), ended, ended.reward());
          Iql iql = new Iql(new Iql.Config(3, 2, List.of(8), 0.9, 0.01, 0.7, 3.0, 100.0, 1e-3, 1e-3, 1e-3, -5, 2, DType.F64, seed));
          assertEqualsReward(iql.criticTarget(ended), ended, ended.reward());
          // v6: each group's critics target that group's reward component.
          Tensor y6 = new IntegratedRl(v6).criticTargetV6(ended);
          for (int g = 0; g < 2; g++) {
            for (int j = 0; j < 3; j++) {
              for (int i = 0; i < n; i++) {
                assertEquals(ended.rewardComponents().get(i, g), y6.get(g * 3 + j, i, 0), 0.0);
              }
            }
          }
          // Not done: the bootstrap term is present (networks give nonzero values almost surely).
          Tensor y = new IntegratedRl(v4).criticTargetV4(running);
          boolean differs = false;
          for (int i = 0; i < n; i++) {
            differs |= y.get(0, i, 0) != running.reward().get(i, 0);
          }
          assertTrue(differs);
        });
  }

  private static org.quicktheories.core.Gen<Long> Gens() {
    return Generate.longRange(0, Long.MAX_VALUE);
  }
}
