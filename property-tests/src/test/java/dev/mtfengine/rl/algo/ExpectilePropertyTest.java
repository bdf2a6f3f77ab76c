package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * IQL's expectile loss {@code L2^tau(u) = |tau - 1(u < 0)| u^2} (arXiv:2110.06169, eq. 3): at tau =
 * 0.5 it is the squared error (halved), in value and gradient; in general it weighs positive
 * residuals by tau and negative ones by 1 - tau, and its minimiser over a constant is the
 * tau-expectile, which grows with tau and is the mean at 0.5.
 */
class ExpectilePropertyTest {

  /** Residuals of awkward lengths and scales, with exact zeros mixed in. */
  private static Tensor residuals(long seed, int n, DType dt) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    double scale = Math.exp(4 * r.nextDouble() - 2);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = r.nextDouble() < 0.1 ? 0.0 : scale * r.nextGaussian();
    }
    return Tensor.of(u, n, 1).to(dt);
  }

  @Test
  void atTauOneHalfItIsHalfTheSquaredErrorInValueAndGradient() {
    qt().withFixedSeed(3L).withExamples(200).forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 300))
        .checkAssert((seed, n) -> {
          for (DType dt : DType.values()) {
            Tensor u = residuals(seed, n, dt);
            Tensor loss = Iql.expectileLoss(u, 0.5);
            for (int i = 0; i < n; i++) {
              // 0.5 u^2 exactly: one of relu(u)^2, relu(-u)^2 is 0, and halving is exact.
              double ui = u.getDouble(i);
              assertEquals(Tensor.of(new double[] {ui * ui}, 1).to(dt).getDouble(0) * 0.5, loss.getDouble(i), 0.0);
            }
            // The batch loss is half the mean squared error against a zero target...
            Tensor mse = Composites.mse(u, Tensor.zeros(dt, n, 1));
            double tol = dt == DType.F32 ? 1e-6 : 1e-14;
            assertEquals(0.5 * mse.item(), Ops.mean(loss).item(), tol * (1 + mse.item()));
            // ... with the same gradient: u / n.
            Tape tape = new Tape();
            Tensor tu = tape.watch(u);
            Tensor g = tape.backward(Ops.mean(Iql.expectileLoss(tu, 0.5)), tu).of(tu);
            for (int i = 0; i < n; i++) {
              assertEquals(u.getDouble(i) / n, g.getDouble(i), tol * (1 + Math.abs(u.getDouble(i))));
            }
          }
        });
  }

  @Test
  void positiveResidualsWeighTauAndNegativeOnesOneMinusTau() {
    qt().withFixedSeed(4L).withExamples(200)
        .forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 64), doubles().between(0, 1))
        .checkAssert((seed, n, tau) -> {
          Tensor u = residuals(seed, n, DType.F64);
          Tensor loss = Iql.expectileLoss(u, tau);
          Tensor mirrored = Iql.expectileLoss(Ops.neg(u), 1 - tau);
          for (int i = 0; i < n; i++) {
            double ui = u.getDouble(i);
            double weight = ui < 0 ? 1 - tau : tau;
            assertEquals(weight * ui * ui, loss.getDouble(i), 1e-15 * ui * ui);
            assertEquals(loss.getDouble(i), mirrored.getDouble(i), 1e-15 * ui * ui);
            assertTrue(loss.getDouble(i) >= 0);
          }
        });
  }

  /**
   * The constant m minimising {@code mean L2^tau(x - m)}, found from the loss's own gradient,
   * satisfies the expectile equation {@code sum |tau - 1(x < m)| (x - m) = 0}; it is the mean at
   * tau = 0.5 and does not decrease as tau grows.
   */
  @Test
  void itsMinimiserIsTheExpectileAndGrowsWithTau() {
    qt().withFixedSeed(5L).withExamples(40).forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(2, 40))
        .checkAssert((seed, n) -> {
          Tensor x = residuals(seed, n, DType.F64);
          double previous = Double.NEGATIVE_INFINITY;
          for (double tau : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
            double m = minimise(x, tau);
            double balance = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
              double d = x.getDouble(i) - m;
              balance += (d < 0 ? 1 - tau : tau) * d;
              scale += Math.abs(x.getDouble(i));
            }
            assertEquals(0, balance, 1e-8 * (1 + scale));
            if (tau == 0.5) {
              assertEquals(Ops.mean(x).item(), m, 1e-8 * (1 + scale));
            }
            assertTrue(m >= previous - 1e-9 * (1 + scale), "expectile fell from " + previous + " to " + m + " at tau " + tau);
            previous = m;
          }
        });
  }

  /**
   * Bisection on the sign of the loss's own gradient in m (the loss is convex in m, so its gradient
   * increases with m), between the smallest and largest x.
   */
  private static double minimise(Tensor x, double tau) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x.toDoubleArray()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (int it = 0; it < 200 && lo < hi; it++) {
      double m = 0.5 * (lo + hi);
      if (m <= lo || m >= hi) {
        break;
      }
      Tape tape = new Tape();
      Tensor tm = tape.watch(Tensor.of(new double[] {m}, 1));
      Tensor loss = Ops.mean(Iql.expectileLoss(Ops.sub(x, tm), tau));
      double grad = tape.backward(loss, tm).of(tm).getDouble(0);
      if (grad > 0) {
        hi = m;
      } else {
        lo = m;
      }
    }
    return 0.5 * (lo + hi);
  }
}
