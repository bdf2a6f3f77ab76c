package dev.mtfengine.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.algo.CqlSac;
import dev.mtfengine.rl.algo.Iql;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.algo.Sac;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAC, CQL+SAC (both variants) and IQL resume bit-identically from a checkpoint: parameters,
 * targets, temperature and Lagrange multiplier, optimiser moments, iteration and the algorithm's
 * own random stream (SAC's action samples, CQL's uniform actions), as in {@link TrainerTest}.
 */
class BaselineAlgorithmsResumeTest {

  static Sac.Config sac(long seed) {
    return new Sac.Config(3, 2, List.of(16, 16), 0.9, 0.01, 1e-3, 1e-3, 1e-3, 1.0, true, -2, -20, 2, DType.F32, seed);
  }

  static CqlSac.Config cql(boolean lagrange) {
    return new CqlSac.Config(sac(43), 3, 5.0, lagrange, 1.0, 1e-3);
  }

  static Iql.Config iql() {
    return new Iql.Config(3, 2, List.of(16, 16), 0.9, 0.01, 0.7, 3.0, 100.0, 1e-3, 1e-3, 1e-3, -5, 2, DType.F32, 44);
  }

  /** Straight 20 iterations versus 10, checkpoint, fresh instance, resume, 10 more. */
  private static void assertResumesBitIdentically(Supplier<OfflineAlgorithm> make, Object cfg, Path dir) {
    TransitionSet d = TrainerTest.data(5, 300);
    OfflineAlgorithm straight = make.get();
    new Trainer(straight, cfg, d, TrainerTest.loop(20, 0), null, null, List.of()).run();

    new Trainer(make.get(), cfg, d, TrainerTest.loop(10, 10), null, dir, List.of()).run();
    OfflineAlgorithm resumed = make.get();
    Trainer t = new Trainer(resumed, cfg, d, TrainerTest.loop(20, 10), null, dir, List.of());
    t.resumeFrom(Checkpoint.latest(dir).orElseThrow());
    assertEquals(10, t.iteration());
    t.run();
    assertTrue(straight.state().bitEquals(resumed.state()), straight.name() + ": resumed run differs from the uninterrupted one");
  }

  @Test
  void sacResumesBitIdentically(@TempDir Path dir) {
    assertResumesBitIdentically(() -> new Sac(sac(42)), sac(42), dir);
  }

  @Test
  void cqlResumesBitIdentically(@TempDir Path dir) {
    assertResumesBitIdentically(() -> new CqlSac(cql(false)), cql(false), dir.resolve("plain"));
    assertResumesBitIdentically(() -> new CqlSac(cql(true)), cql(true), dir.resolve("lagrange"));
  }

  @Test
  void iqlResumesBitIdentically(@TempDir Path dir) {
    assertResumesBitIdentically(() -> new Iql(iql()), iql(), dir);
  }

  /** Every update logs the same names in the same order, all finite. */
  @Test
  void metricsHaveAFixedOrderAndAreFinite() {
    TransitionSet d = TrainerTest.data(6, 100);
    List<OfflineAlgorithm> algos = List.of(new Sac(sac(1)), new CqlSac(cql(false)), new CqlSac(cql(true)), new Iql(iql()));
    List<List<String>> expected = List.of(
        List.of("critic_loss", "actor_loss", "q_policy", "entropy", "alpha", "alpha_loss"),
        List.of("critic_loss", "cql_gap", "cql_penalty", "cql_constraint", "actor_loss", "q_policy", "entropy", "alpha",
            "alpha_loss"),
        List.of("critic_loss", "cql_gap", "cql_penalty", "cql_constraint", "actor_loss", "q_policy", "entropy", "alpha",
            "alpha_loss", "alpha_prime", "alpha_prime_loss"),
        List.of("value_loss", "actor_loss", "critic_loss", "advantage", "awr_weight"));
    for (int i = 0; i < algos.size(); i++) {
      List<Map<String, Double>> seen = new ArrayList<>();
      OfflineAlgorithm a = algos.get(i);
      var sampler = new dev.mtfengine.rl.data.MinibatchSampler(d, DType.F32);
      var rng = new dev.mtfengine.tensor.random.Xoshiro256StarStar(3);
      for (int k = 0; k < 3; k++) {
        seen.add(a.update(sampler.sample(16, rng)));
      }
      for (Map<String, Double> m : seen) {
        assertEquals(expected.get(i), new ArrayList<>(m.keySet()), a.name());
        m.forEach((k, v) -> assertFalse(Double.isNaN(v) || Double.isInfinite(v), a.name() + " " + k + " = " + v));
      }
    }
  }
}
