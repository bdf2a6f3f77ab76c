package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedTerminationTest {
  private static final TransitionSchema SCHEMA = new TransitionSchema(2, ActionBounds.symmetric(1), List.of());

  /** The true hazard: a function of the next state's first feature only, between 0.05 and 0.6. */
  private static double hazard(float[] next) {
    return next[0] < 0 ? 0.6 : 0.05;
  }

  /** Transitions whose done flag is a coin with the hazard of the next state. */
  private static TransitionSet coins(int n, long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA);
    for (int i = 0; i < n; i++) {
      float[] s = {(float) (2 * rng.nextDouble() - 1), (float) rng.nextDouble()};
      float[] next = {(float) (2 * rng.nextDouble() - 1), (float) rng.nextDouble()};
      boolean done = rng.nextDouble() < hazard(next);
      float[] a = {0f};
      b.add(new Transition(s, a, 1f, new float[0], next, done, 1.0, a, a, i, 0, 0));
    }
    return b.build();
  }

  private static ExpectedTermination.Config config(long seed) {
    return new ExpectedTermination.Config(List.of(16), 1500, 128, 1e-2, seed);
  }

  @Test
  void theEstimatesFindTheHazardOfTheNextState() {
    TransitionSet data = coins(6000, 3);
    ExpectedTermination.Fitted fit = ExpectedTermination.fit(data, DType.F32, config(5));
    float[] p = fit.probabilities(data);
    double error = 0;
    for (int r = 0; r < p.length; r++) {
      error += Math.abs(p[r] - hazard(data.get(r).nextState()));
    }
    // a constant guess (the mean rate, about 0.33) would be off by about 0.27 on average
    assertTrue(error / p.length < 0.06, "mean |p - hazard| = " + error / p.length);
    assertTrue(fit.loss() < 0.52, "cross-entropy " + fit.loss() + " should beat the constant guess's 0.63");
  }

  @Test
  void theSamplerHandsTheEstimatesToTheTargetsInPlaceOfTheFlags() {
    TransitionSet data = coins(200, 4);
    TransitionSet expected = ExpectedTermination.fit(data, DType.F32, config(6)).apply(data);
    assertTrue(expected.hasTerminationEstimate());
    Batch flags = new MinibatchSampler(data, DType.F32).gather(new long[] {0, 1, 2});
    Batch estimates = new MinibatchSampler(expected, DType.F32).gather(new long[] {0, 1, 2});
    for (int i = 0; i < 3; i++) {
      assertEquals(data.done(i) ? 1.0 : 0.0, flags.done().get(i, 0));
      assertEquals(expected.terminationProbability(i), estimates.done().get(i, 0), 0.0);
    }
    // everything else is the same data; the content hash tells the two apart
    assertArrayEquals(flags.nextState().toFloatArray(), estimates.nextState().toFloatArray());
    assertNotEquals(data.contentHash(), expected.contentHash());
  }

  @Test
  void theSameSeedGivesTheSameBits() {
    TransitionSet data = coins(300, 7);
    assertArrayEquals(ExpectedTermination.fit(data, DType.F32, config(8)).probabilities(data),
        ExpectedTermination.fit(data, DType.F32, config(8)).probabilities(data));
  }

  @Test
  void badEstimatesAndRefitsAreRefusedByName() {
    TransitionSet data = coins(10, 9);
    float[] p = new float[10];
    p[4] = 1.5f;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> data.withTerminationProbabilities(p));
    assertTrue(e.getMessage().contains("transition 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> data.withTerminationProbabilities(new float[3]));
    assertTrue(e.getMessage().contains("3 values for 10 transitions"), e.getMessage());
    TransitionSet estimated = data.withTerminationProbabilities(new float[10]);
    e = assertThrows(IllegalArgumentException.class, () -> ExpectedTermination.fit(estimated, DType.F32, config(1)));
    assertTrue(e.getMessage().contains("already carries termination estimates"), e.getMessage());
  }
}
