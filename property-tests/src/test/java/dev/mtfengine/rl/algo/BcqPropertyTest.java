package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.ConditionalVae;
import dev.mtfengine.rl.net.PerturbationActor;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of BCQ's pieces and of the TD3+BC and BCQ targets: the VAE's KL term is zero exactly at
 * the prior and positive elsewhere; perturbations stay within rho and the action box; terminal
 * targets are the reward. (Same package as the algorithms, to reach their package-private target
 * methods.)
 */
class BcqPropertyTest {

  /** 0.5 (mu^2 + e^{2l} - 1) - l, in double. */
  private static double kl(double mu, double logStd) {
    return 0.5 * (mu * mu + Math.exp(2 * logStd) - 1) - logStd;
  }

  @Test
  void klTermIsZeroAtThePriorAndPositiveElsewhere() {
    qt().withFixedSeed(11L).withExamples(500).forAll(doubles().between(-3, 3), doubles().between(-3, 3))
        .checkAssert((mu, logStd) -> {
          for (DType dt : DType.values()) {
            Tensor m = Tensor.of(new double[] {mu, 0.0}, 1, 2).to(dt);
            Tensor l = Tensor.of(new double[] {logStd, 0.0}, 1, 2).to(dt);
            Tensor k = ConditionalVae.klToStandardNormal(m, l);
            assertEquals(0.0, k.get(0, 1), 0.0, "the prior coordinate must give exactly 0");
            double value = k.get(0, 0);
            // Below these sizes rounding of e^{2l} - 1 - 2l is as large as the true value.
            double resolvable = dt == DType.F64 ? 1e-3 : 1e-2;
            if (Math.max(Math.abs(mu), Math.abs(logStd)) >= resolvable) {
              assertTrue(value > 0, "KL(" + mu + ", " + logStd + ") = " + value + " in " + dt);
            } else {
              assertTrue(value >= -1e-6, "KL near the prior must not be negative beyond rounding: " + value);
            }
            double expected = kl(dt == DType.F32 ? (float) (double) mu : mu, dt == DType.F32 ? (float) (double) logStd : logStd);
            double tol = (dt == DType.F64 ? 1e-12 : 1e-5) * (1 + Math.abs(expected));
            assertEquals(expected, value, tol);
          }
        });
  }

  @Test
  void vaeWithZeroEncoderSitsOnThePriorAndATrainedLookingOneDoesNot() {
    qt().withFixedSeed(12L).withExamples(30).forAll(Generate.range(1, 6), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          ConditionalVae vae = new ConditionalVae(3, 2, 4, List.of(8), -4, 15);
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          Params random = vae.init(r, DType.F64);
          Params zero = random.map(t -> Tensor.zeros(t.dtype(), t.shape()));
          Tensor s = Tensor.randn(r, DType.F64, n, 3);
          Tensor a = Tensor.uniform(r, -1, 1, DType.F64, n, 2);
          ConditionalVae.Encoding atPrior = vae.encode(zero, s, a);
          for (double v : ConditionalVae.klToStandardNormal(atPrior.mean(), atPrior.logStd()).toDoubleArray()) {
            assertEquals(0.0, v, 0.0);
          }
          ConditionalVae.Encoding e = vae.encode(random, s, a);
          double total = 0;
          for (double v : ConditionalVae.klToStandardNormal(e.mean(), e.logStd()).toDoubleArray()) {
            assertTrue(v >= 0, "every coordinate's KL is non-negative");
            total += v;
          }
          assertTrue(total > 0, "a randomly initialised encoder is off the prior");
        });
  }

  @Test
  void perturbedActionsStayWithinRhoAndTheBox() {
    qt().withFixedSeed(13L).withExamples(50).forAll(Generate.range(1, 8), Generate.longRange(0, Long.MAX_VALUE), doubles().between(0, 0.5))
        .checkAssert((n, seed, rho) -> {
          PerturbationActor p = new PerturbationActor(3, 2, List.of(8), rho);
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          // Large weights push tanh into saturation, the case that tests the bound.
          Params params = p.init(r, DType.F64).map(t -> Ops.mul(t, 20.0));
          Tensor s = Tensor.randn(r, DType.F64, n, 3);
          Tensor a = Tensor.uniform(r, -1, 1, DType.F64, n, 2);
          double[] before = a.toDoubleArray();
          double[] after = p.perturb(params, s, a).toDoubleArray();
          for (int i = 0; i < before.length; i++) {
            assertTrue(Math.abs(after[i] - before[i]) <= rho + 1e-12, "moved " + (after[i] - before[i]) + " > rho " + rho);
            assertTrue(after[i] >= -1 && after[i] <= 1, "left the box: " + after[i]);
          }
        });
  }

  private static Batch batch(long seed, int n, boolean done) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    Tensor s = Tensor.randn(r, DType.F64, n, 3);
    Tensor a = Tensor.uniform(r, -1, 1, DType.F64, n, 2);
    Tensor rew = Tensor.randn(r, DType.F64, n, 1);
    Tensor d = Tensor.full(done ? 1 : 0, DType.F64, n, 1);
    Tensor mu = Tensor.uniform(r, -0.5, 0.5, DType.F64, n, 2);
    return new Batch(s, a, rew, Tensor.randn(r, DType.F64, n, 2), Tensor.randn(r, DType.F64, n, 3), d, mu, mu,
        Tensor.ones(DType.F64, n, 1));
  }

  @Test
  void terminalTargetsAreTheRewardAndOthersBootstrap() {
    qt().withFixedSeed(14L).withExamples(30).forAll(Generate.range(1, 8), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          Bcq bcq = new Bcq(new Bcq.Config(3, 2, List.of(8), List.of(8), 4, 0.9, 0.05, 10, 0.15, 0.75, 3, 0.5, 0.5, -4, 15,
              1e-3, 1e-4, 2e-4, DType.F64, seed));
          Td3Bc td3bc = new Td3Bc(new Td3Bc.Config(3, 2, List.of(8), 0.9, 0.01, 0.2, 0.5, 2, 2.5, 1e-3, 1e-3, DType.F64, seed));
          Batch ended = batch(seed, n, true);
          Batch running = batch(seed, n, false);
          for (Tensor y : List.of(bcq.criticTarget(ended), td3bc.criticTarget(ended))) {
            assertEquals(n, y.dim(0));
            for (int i = 0; i < n; i++) {
              assertEquals(ended.reward().get(i, 0), y.get(i, 0), 0.0);
            }
          }
          for (Tensor y : List.of(bcq.criticTarget(running), td3bc.criticTarget(running))) {
            boolean differs = false;
            for (int i = 0; i < n; i++) {
              differs |= y.get(i, 0) != running.reward().get(i, 0);
            }
            assertTrue(differs, "the bootstrap term is present where the episode goes on");
          }
        });
  }
}
