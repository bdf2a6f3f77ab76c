package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.EnsembleMlp;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The IntegratedRL options of issue 11 (docs/algorithms/integrated-rl.md items 11 to 14): the
 * baseline bootstrap evaluates the logged baseline policy; the critics' own data subsets are a
 * fixed function of each transition (so a minibatch's order, or which minibatch a transition comes
 * in, does not change what a critic learns from it); the baseline-advantage critics value an action
 * by its offset from the baseline action only, and their value network fits the mean target.
 */
class IntegratedRlVariantsPropertyTest {

  private static IntegratedRl.Config config(IntegratedRl.BootstrapAction boot, double share, long seed) {
    return config(boot, IntegratedRl.CriticForm.PAPER, share, seed);
  }

  private static IntegratedRl.Config config(IntegratedRl.BootstrapAction boot, IntegratedRl.CriticForm form,
      double share, long seed) {
    return new IntegratedRl.Config(3, 2, List.of(8), 4, IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY, boot, form,
        List.of(), 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, share, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-3, 1e-3, DType.F64, seed);
  }

  private static IntegratedRl advantageLearner(long seed) {
    return new IntegratedRl(config(IntegratedRl.BootstrapAction.TARGET_ACTOR,
        IntegratedRl.CriticForm.BASELINE_ADVANTAGE, 1.0, seed));
  }

  private static IntegratedRl quadraticLearner(long seed) {
    return new IntegratedRl(config(IntegratedRl.BootstrapAction.TARGET_ACTOR,
        IntegratedRl.CriticForm.BASELINE_QUADRATIC, 1.0, seed));
  }

  /** V(s) of a learner of the baseline forms, from its value parameters and a plain network: [B]. */
  private static double[] stateValues(IntegratedRl algo, Tensor state) {
    return new Mlp(3, List.of(8), 1, Activation.RELU, Activation.IDENTITY).forward(algo.state().params("value"), state)
        .toDoubleArray();
  }

  private static Batch batch(long seed, int n) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    Tensor s = Tensor.randn(r, DType.F64, n, 3);
    Tensor a = Tensor.uniform(r, -1, 1, DType.F64, n, 2);
    Tensor rew = Tensor.randn(r, DType.F64, n, 1);
    Tensor comps = Tensor.randn(r, DType.F64, n, 2);
    double[] done = new double[n];
    for (int i = 0; i < n; i++) {
      done[i] = r.nextDouble() < 0.3 ? 1 : 0;
    }
    Tensor mu = Tensor.uniform(r, -0.5, 0.5, DType.F64, n, 2);
    Tensor nextMu = Tensor.uniform(r, -0.5, 0.5, DType.F64, n, 2);
    return new Batch(s, a, rew, comps, Tensor.randn(r, DType.F64, n, 3), Tensor.of(done, n, 1), mu, nextMu,
        Tensor.ones(DType.F64, n, 1));
  }

  /** Rows of every tensor of {@code b} in the order {@code perm}. */
  private static Batch permuted(Batch b, int[] perm) {
    return new Batch(rows(b.state(), perm), rows(b.action(), perm), rows(b.reward(), perm),
        rows(b.rewardComponents(), perm), rows(b.nextState(), perm), rows(b.done(), perm),
        rows(b.baselineAction(), perm), rows(b.nextBaselineAction(), perm), rows(b.behaviourDensity(), perm));
  }

  private static Tensor rows(Tensor t, int[] perm) {
    int w = t.dim(1);
    double[] in = t.toDoubleArray();
    double[] out = new double[in.length];
    for (int i = 0; i < perm.length; i++) {
      System.arraycopy(in, perm[i] * w, out, i * w, w);
    }
    return Tensor.of(out, perm.length, w);
  }

  @Test
  void baselineBootstrapTargetsTheBaselineActionWithoutPenalty() {
    qt().withFixedSeed(21L).withExamples(30).forAll(Generate.range(1, 9), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          IntegratedRl algo = new IntegratedRl(config(IntegratedRl.BootstrapAction.BASELINE, 1.0, seed));
          Batch b = batch(seed, n);
          Tensor y = algo.criticTargetV4(b);                                         // [M, B, 1]
          // targets start as copies, so the mean of Q'_i is the online critics' mean
          double[] nextQ = algo.actionValue(b.nextState(), b.nextBaselineAction(), b.nextBaselineAction())
              .toDoubleArray();
          for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int m = 0; m < 4; m++) {
              mean += y.get(m, i, 0) / 4;
            }
            double expected = b.reward().get(i, 0) + 0.9 * (1 - b.done().get(i, 0)) * nextQ[i];
            assertEquals(expected, mean, 1e-12);
          }
        });
  }

  @Test
  void ownDataSubsetsDoNotDependOnTheMinibatchOrder() {
    qt().withFixedSeed(22L).withExamples(30).forAll(Generate.range(2, 40), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          IntegratedRl algo = new IntegratedRl(config(IntegratedRl.BootstrapAction.TARGET_ACTOR, 0.5, seed));
          Batch b = batch(seed, n);
          int[] reversed = new int[n];
          for (int i = 0; i < n; i++) {
            reversed[i] = n - 1 - i;
          }
          Batch r = permuted(b, reversed);
          Tensor y = algo.criticTargetV4(b);
          Tensor yr = algo.criticTargetV4(r);
          double loss = algo.criticLoss(algo.state().params("critic"), b, y).item();
          double lossReversed = algo.criticLoss(algo.state().params("critic"), r, yr).item();
          assertEquals(loss, lossReversed, 1e-9 * Math.max(1, Math.abs(loss)));
          IntegratedRl everyone = new IntegratedRl(config(IntegratedRl.BootstrapAction.TARGET_ACTOR, 1.0, seed));
          double lossAll = everyone.criticLoss(everyone.state().params("critic"), b, y).item();
          if (n >= 8) { // with 4 critics x 8 samples some mask entry is 0 unless by a 2^-32 accident
            assertNotEquals(lossAll, loss);
          }
        });
  }

  @Test
  void advantageCriticsValueTheOffsetFromTheBaselineOnly() {
    qt().withFixedSeed(23L).withExamples(30).forAll(Generate.range(1, 12), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          Batch b = batch(seed, n);
          Tensor shift = Tensor.uniform(new Xoshiro256StarStar(seed ^ 1), -0.3, 0.3, DType.F64, 1, 2);
          for (IntegratedRl algo : List.of(advantageLearner(seed), quadraticLearner(seed))) {
            double[] q = algo.actionValue(b.state(), b.action(), b.baselineAction()).toDoubleArray();
            double[] shifted = algo.actionValue(b.state(), Ops.add(b.action(), shift),
                Ops.add(b.baselineAction(), shift)).toDoubleArray();
            assertArrayEquals(q, shifted, 1e-12);
          }
          // the paper's critics take the absolute action and ignore the baseline
          IntegratedRl paper = new IntegratedRl(config(IntegratedRl.BootstrapAction.TARGET_ACTOR, 1.0, seed));
          double[] p = paper.actionValue(b.state(), b.action(), b.baselineAction()).toDoubleArray();
          double[] pShiftedBaseline = paper.actionValue(b.state(), b.action(), Ops.add(b.baselineAction(), shift))
              .toDoubleArray();
          assertArrayEquals(p, pShiftedBaseline, 0.0);
        });
  }

  @Test
  void theValueNetworkFitsTheMeanTargetAndNothingElse() {
    qt().withFixedSeed(24L).withExamples(20).forAll(Generate.range(2, 16), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          IntegratedRl algo = advantageLearner(seed);
          Batch b = batch(seed, n);
          Tensor y = algo.criticTargetV4(b);                                         // [M, B, 1]
          Params value = algo.state().params("value");
          double[] v = stateValues(algo, b.state());
          double expected = 0;
          for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int m = 0; m < 4; m++) {
              mean += y.get(m, i, 0) / 4;
            }
            expected += (v[i] - mean) * (v[i] - mean) / n;
          }
          assertEquals(expected, algo.valueLoss(value, b, y).item(), 1e-9 * Math.max(1, expected));
        });
  }

  /**
   * The quadratic form is {@code V(s) + mean_i sum_k g_ik(s) x_k + h_ik(s) x_k^2} with x the offset
   * in box half-widths (0.15 here), computed member by member from the plain networks.
   */
  @Test
  void quadraticCriticsAreTheValuePlusAQuadraticInTheOffsetInBoxUnits() {
    qt().withFixedSeed(25L).withExamples(30).forAll(Generate.range(1, 12), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((n, seed) -> {
          IntegratedRl algo = quadraticLearner(seed);
          Batch b = batch(seed, n);
          double[] q = algo.actionValue(b.state(), b.action(), b.baselineAction()).toDoubleArray();
          double[] v = stateValues(algo, b.state());
          EnsembleMlp coefficients = new EnsembleMlp(4, 3, List.of(8), 4, Activation.RELU, Activation.IDENTITY);
          Params critic = algo.state().params("critic");
          double[] expected = v.clone();
          for (int m = 0; m < 4; m++) {
            Tensor gh = coefficients.memberMlp().forward(coefficients.member(critic, m), b.state());   // [B, 4]
            for (int i = 0; i < n; i++) {
              for (int k = 0; k < 2; k++) {
                double x = (b.action().get(i, k) - b.baselineAction().get(i, k)) / 0.15;
                expected[i] += (gh.get(i, k) * x + gh.get(i, 2 + k) * x * x) / 4;
              }
            }
          }
          assertArrayEquals(expected, q, 1e-9);
          // at the baseline action the advantage vanishes: Q = V
          assertArrayEquals(v, algo.actionValue(b.state(), b.baselineAction(), b.baselineAction()).toDoubleArray(),
              1e-12);
        });
  }
}
