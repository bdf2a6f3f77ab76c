package dev.mtfengine.rl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of IntegratedRL's closed-form critics (docs/algorithms/integrated-rl.md items 15 and
 * 16): with no noise and no ridge every critic of the bootstrap ensemble recovers each state's
 * quadratic, whatever its weights; and the search maximiser returns the best of its candidates
 * under the critics' pessimistic value, inside the action range.
 */
class LeastSquaresCriticsPropertyTest {

  private static final double W = 0.15;

  /**
   * {@code states} one-hot states, A action dimensions, baseline action 0 (so offsets are a / W),
   * rewards {@code coef[s] . (1, x, x^2)} and every episode ending after one step.
   */
  private static Batch bandit(double[][] coef, int a, int n, long seed) {
    int states = coef.length;
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    float[] s = new float[n * states];
    float[] next = new float[n * states];
    float[] act = new float[n * a];
    float[] rew = new float[n];
    float[] done = new float[n];
    for (int t = 0; t < n; t++) {
      int k = t % states;
      s[t * states + k] = 1;
      next[t * states + k] = 1;
      double v = coef[k][0];
      for (int j = 0; j < a; j++) {
        act[t * a + j] = (float) (W * (2 * r.nextDouble() - 1));
        double x = act[t * a + j] / W;
        v += coef[k][1 + j] * x + coef[k][1 + a + j] * x * x;
      }
      rew[t] = (float) v;
      done[t] = 1;
    }
    Tensor zero = Tensor.zeros(DType.F32, n, a);
    return new Batch(Tensor.of(s, n, states), Tensor.of(act, n, a), Tensor.of(rew, n, 1), Tensor.zeros(DType.F32, n, 0),
        Tensor.of(next, n, states), Tensor.of(done, n, 1), zero, zero, Tensor.ones(DType.F32, n, 1));
  }

  private static double[][] coefficients(long seed, int states, int a) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed ^ 0x5L);
    double[][] c = new double[states][1 + 2 * a];
    for (double[] row : c) {
      for (int i = 0; i < row.length; i++) {
        row[i] = 2 * r.nextDouble() - 1;
      }
    }
    return c;
  }

  @Test
  void noiseFreeQuadraticsAreRecoveredByEveryCritic() {
    qt().withFixedSeed(11L).withExamples(40)
        .forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 4), Generate.range(1, 3))
        .checkAssert((seed, states, a) -> {
          double[][] coef = coefficients(seed, states, a);
          LeastSquaresCritics c = new LeastSquaresCritics(
              new LeastSquaresCritics.Config(3, states, a, W, 0.9, 0, 100, seed));
          c.add(bandit(coef, a, 120 * states, seed));
          c.solve();
          int p = 1 + 2 * a;
          float[] eye = new float[states * states];
          for (int k = 0; k < states; k++) {
            eye[k * states + k] = 1;
          }
          double[] beta = c.coefficients(Tensor.of(eye, states, states), DType.F64).toDoubleArray();
          for (int i = 0; i < 3; i++) {
            for (int k = 0; k < states; k++) {
              for (int q = 0; q < p; q++) {
                // float rewards and actions: agreement to about 1e-5 of the coefficients' scale
                assertEquals(coef[k][q], beta[(i * states + k) * p + q], 2e-4, "critic " + i + " state " + k);
              }
            }
          }
        });
  }

  @Test
  void theSearchMaximiserIsTheBestCandidateUnderThePessimisticValueAndStaysInRange() {
    qt().withFixedSeed(12L).withExamples(40)
        .forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 3))
        .checkAssert((seed, a) -> {
          double[][] coef = coefficients(seed, 2, a);
          LeastSquaresCritics c = new LeastSquaresCritics(new LeastSquaresCritics.Config(4, 2, a, W, 0.9, 1, 10, seed));
          Batch b = bandit(coef, a, 60, seed);
          c.add(b);
          c.solve();
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          double[][] offsets = new double[20][a];
          for (double[] x : offsets) {
            for (int j = 0; j < a; j++) {
              x[j] = 8 * r.nextDouble() - 4;                 // beyond the box and the action range too
            }
          }
          Tensor state = Tensor.of(new float[] {1, 0}, 1, 2);
          Tensor centre = Tensor.zeros(DType.F32, 1, a);
          double[] chosen = c.maximiser(state, centre, offsets, 1.0, DType.F64).toDoubleArray();
          double[] beta = c.coefficients(state, DType.F64).toDoubleArray();   // [4, 1, p]
          double best = Double.NEGATIVE_INFINITY;
          double chosenValue = Double.NaN;
          for (double[] x : offsets) {
            double[] action = new double[a];
            boolean same = true;
            for (int j = 0; j < a; j++) {
              action[j] = Math.max(-1, Math.min(1, W * x[j]));
              same &= Math.abs(action[j] - chosen[j]) < 1e-12;
            }
            double v = pessimistic(beta, action, a);
            best = Math.max(best, v);
            if (same) {
              chosenValue = v;
            }
          }
          for (double v : chosen) {
            assertTrue(v >= -1 && v <= 1);
          }
          assertEquals(best, chosenValue, 1e-12);
        });
  }

  /** mean_i Q_i - 1 * std_i Q_i of the advantage at {@code action} (centre 0). */
  private static double pessimistic(double[] beta, double[] action, int a) {
    int p = 1 + 2 * a;
    double[] q = new double[4];
    double mean = 0;
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < a; j++) {
        double x = action[j] / W;
        q[i] += beta[i * p + 1 + j] * x + beta[i * p + 1 + a + j] * x * x;
      }
      mean += q[i] / 4;
    }
    double var = 0;
    for (double v : q) {
      var += (v - mean) * (v - mean) / 4;
    }
    return mean - Math.sqrt(var);
  }
}
