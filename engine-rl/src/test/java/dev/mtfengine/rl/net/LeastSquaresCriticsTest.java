package dev.mtfengine.rl.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

/**
 * The closed-form critics of IntegratedRL's LEAST_SQUARES form (docs/algorithms/integrated-rl.md
 * item 15): they recover a per-state quadratic exactly from noise-free data, chain the behaviour's
 * values through the discount and the termination estimate, resume bit-identically, and refuse a
 * continuous state with a message that says what to do.
 */
class LeastSquaresCriticsTest {

  private static final double HALF_WIDTH = 0.15;

  private static LeastSquaresCritics critics(double gamma, double ridge, int maxStates) {
    return new LeastSquaresCritics(new LeastSquaresCritics.Config(4, 2, 1, HALF_WIDTH, gamma, ridge, maxStates, 5));
  }

  /**
   * Transitions of a two-state chain, one action dimension, baseline action 0.1: from state (1, 0)
   * the reward is {@code 1 + 2x - x^2} (x the offset in half-widths) and the next state is (0, 1);
   * from (0, 1) the reward is 3 and the episode ends in (1, 1).
   */
  private static Batch chain(long seed, int n) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    double[] s = new double[2 * n];
    double[] next = new double[2 * n];
    double[] a = new double[n];
    double[] rew = new double[n];
    double[] done = new double[n];
    double[] bp = new double[n];
    for (int t = 0; t < n; t++) {
      boolean first = t % 2 == 0;
      s[2 * t + (first ? 0 : 1)] = 1;
      next[2 * t] = first ? 0 : 1;                       // the state after the last request: (1, 1)
      next[2 * t + 1] = 1;
      bp[t] = 0.1;
      double x = 2 * r.nextDouble() - 1;
      a[t] = (float) (0.1 + HALF_WIDTH * x);
      double xf = ((double) (float) a[t] - (float) 0.1) / HALF_WIDTH;   // the offset as the critics compute it
      rew[t] = first ? 1 + 2 * xf - xf * xf : 3;
      done[t] = first ? 0 : 1;
    }
    return new Batch(Tensor.of(s, n, 2).to(DType.F32), Tensor.of(a, n, 1).to(DType.F32),
        Tensor.of(rew, n, 1).to(DType.F32), Tensor.zeros(DType.F32, n, 0), Tensor.of(next, n, 2).to(DType.F32),
        Tensor.of(done, n, 1).to(DType.F32), Tensor.of(bp, n, 1).to(DType.F32), Tensor.of(bp, n, 1).to(DType.F32),
        Tensor.ones(DType.F32, n, 1));
  }

  private static final Tensor STATES = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2).to(DType.F32);

  @Test
  void noiseFreeDataGivesEveryCriticTheQuadraticAndTheDiscountedValueOfTheNextState() {
    LeastSquaresCritics c = critics(0.9, 0, 10);
    c.add(chain(1, 400));
    c.solve();
    double[] beta = c.coefficients(STATES, DType.F64).toDoubleArray();   // [4 critics, 2 states, 3]
    assertEquals(3, c.stateCount());
    for (int i = 0; i < 4; i++) {
      // state (1, 0): r + 0.9 V(0, 1) = 1 + 2.7 + 2x - x^2 (float rewards: about 1e-6 off)
      assertArrayEquals(new double[] {3.7, 2, -1}, java.util.Arrays.copyOfRange(beta, i * 6, i * 6 + 3), 1e-5);
      // state (0, 1): the reward, and the episode ends
      assertArrayEquals(new double[] {3, 0, 0}, java.util.Arrays.copyOfRange(beta, i * 6 + 3, i * 6 + 6), 1e-5);
    }
  }

  @Test
  void theTerminationEstimateScalesTheBootstrapAndTheRidgePullsTheAdvantageTowardsNone() {
    LeastSquaresCritics c = critics(0.9, 0, 10);
    Batch b = chain(2, 400);
    float[] done = b.done().toFloatArray();
    for (int t = 0; t < done.length; t += 2) {
      done[t] = t % 4 == 0 ? 1 : 0;                           // half the first steps end the episode
    }
    c.add(new Batch(b.state(), b.action(), b.reward(), b.rewardComponents(), b.nextState(),
        Tensor.of(done, done.length, 1), b.baselineAction(), b.nextBaselineAction(), b.behaviourDensity()));
    c.solve();
    // p((0, 1)) = 1/2 over the transitions that end there (half the first steps), so 1 + 0.9 * 0.5 * 3,
    // up to each critic's bootstrap weights on those 200 transitions
    assertEquals(2.35, c.coefficients(STATES, DType.F64).toDoubleArray()[0], 0.03);

    LeastSquaresCritics ridged = critics(0.9, 1e6, 10);
    ridged.add(chain(1, 400));
    ridged.solve();
    double[] beta = ridged.coefficients(STATES, DType.F64).toDoubleArray();
    assertEquals(0, beta[1], 1e-2);
    assertEquals(0, beta[2], 1e-2);
  }

  @Test
  void theCriticsAreABootstrapEnsembleThatAgreesAtTheCentre() {
    LeastSquaresCritics c = critics(0.9, 1, 10);
    Batch b = chain(3, 200);
    float[] rew = b.reward().toFloatArray();
    Xoshiro256StarStar r = new Xoshiro256StarStar(9);
    for (int t = 0; t < rew.length; t++) {
      rew[t] += (float) r.nextGaussian();
    }
    c.add(new Batch(b.state(), b.action(), Tensor.of(rew, rew.length, 1), b.rewardComponents(), b.nextState(),
        b.done(), b.baselineAction(), b.nextBaselineAction(), b.behaviourDensity()));
    c.solve();
    double[] beta = c.coefficients(STATES, DType.F64).toDoubleArray();
    assertEquals(beta[0], beta[6], 0.0, "the critics share V(s), the mean intercept");
    assertNotEquals(beta[1], beta[7], "each critic fits its own resample, so their slopes differ");
  }

  @Test
  void aRestoredCopyContinuesBitIdentically() {
    LeastSquaresCritics a = critics(0.9, 1, 10);
    a.add(chain(4, 100));
    a.solve();
    LeastSquaresCritics b = critics(0.9, 1, 10);
    b.restore(a.toParams());
    assertTrue(a.toParams().bitEquals(b.toParams()));
    Batch more = chain(5, 60);
    a.add(more);
    b.add(more);
    a.solve();
    b.solve();
    assertTrue(a.toParams().bitEquals(b.toParams()));
    assertTrue(a.coefficients(STATES, DType.F64).bitEquals(b.coefficients(STATES, DType.F64)));
  }

  @Test
  void theSearchFindsEachStatesPeakAndSeesEverySolveButNothingBetweenThem() {
    double[][] offsets = {{0}, {-1}, {1}, {0.5}};
    Tensor fallback = Tensor.of(new double[] {0.7, 0.7}, 2, 1);
    LeastSquaresCritics c = critics(0.9, 0, 10);
    Batch rising = chain(8, 400);                            // advantage 2x - x^2 at (1, 0): peak at x = 1
    c.add(rising);
    c.solve();
    double[] peak = c.maximiser(STATES, fallback, offsets, 0, DType.F64).toDoubleArray();
    assertEquals(0.1 + HALF_WIDTH, peak[0], 1e-6);

    // the same transitions with the advantage mirrored, -2x - x^2, three times over: peak at x = -1
    float[] a = rising.action().toFloatArray();
    float[] rew = rising.reward().toFloatArray();
    for (int t = 0; t < rew.length; t += 2) {
      double x = ((double) a[t] - (float) 0.1) / HALF_WIDTH;
      rew[t] = (float) (1 - 2 * x - x * x);
    }
    Batch falling = new Batch(rising.state(), rising.action(), Tensor.of(rew, rew.length, 1), rising.rewardComponents(),
        rising.nextState(), rising.done(), rising.baselineAction(), rising.nextBaselineAction(),
        rising.behaviourDensity());
    for (int k = 0; k < 3; k++) {
      c.add(falling);
    }
    assertArrayEquals(peak, c.maximiser(STATES, fallback, offsets, 0, DType.F64).toDoubleArray(), 0.0,
        "the critics answer from their last solve until the next");
    c.solve();
    double[] after = c.maximiser(STATES, fallback, offsets, 0, DType.F64).toDoubleArray();
    assertEquals(0.1 - HALF_WIDTH, after[0], 1e-6);

    LeastSquaresCritics fresh = critics(0.9, 0, 10);         // no earlier answers to remember
    fresh.restore(c.toParams());
    assertArrayEquals(after, fresh.maximiser(STATES, fallback, offsets, 0, DType.F64).toDoubleArray(), 0.0);
    assertEquals(0.7, c.maximiser(Tensor.of(new double[] {0.5, 0.5, 1, 0}, 2, 2).to(DType.F32), fallback, offsets, 0,
        DType.F64).toDoubleArray()[0], 1e-7, "a state never seen keeps the caller's fallback");
  }

  @Test
  void aStateNeverSeenHasNoAdvantageAndItsCentreIsTheCallersBaseline() {
    LeastSquaresCritics c = critics(0.9, 1, 10);
    c.add(chain(6, 50));
    c.solve();
    Tensor unseen = Tensor.of(new double[] {0.5, 0.5}, 1, 2).to(DType.F32);
    assertArrayEquals(new double[12], c.coefficients(unseen, DType.F64).toDoubleArray(), 0.0);
    assertEquals(0.7, c.centres(unseen, Tensor.of(new double[] {0.7}, 1, 1), DType.F64).item(), 1e-7);
    assertEquals(0.1, c.centres(STATES, Tensor.of(new double[] {0.7, 0.7}, 2, 1), DType.F64).toDoubleArray()[0], 1e-7);
  }

  @Test
  void aContinuousStateIsRefusedWithAMessageThatSaysWhatToDo() {
    LeastSquaresCritics c = critics(0.9, 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.add(chain(7, 4)));
    assertTrue(e.getMessage().contains("more than 1 distinct states"), e.getMessage());
    assertTrue(e.getMessage().contains("use a network critic form"), e.getMessage());
  }

  @Test
  void poissonDrawsHaveMeanOneAndTheRightShareOfZeros() {
    int n = 100_000;
    double sum = 0;
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      int k = LeastSquaresCritics.poissonOne((i + 0.5) / n);
      sum += k;
      zeros += k == 0 ? 1 : 0;
    }
    assertEquals(1.0, sum / n, 1e-3);
    assertEquals(Math.exp(-1), zeros / (double) n, 1e-4);
  }
}
