package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ExplorationPolicyTest {
  private static final ActionBounds B1 = ActionBounds.symmetric(1);

  static Stream<Arguments> oneDimensionalPolicies() {
    List<ExplorationPolicy> policies = List.of(
        new GaussianNoisePolicy(B1, 0.2),
        new GaussianNoisePolicy(B1, 0.7),
        BoxExplorationPolicy.paperDefault(B1),
        new BoxExplorationPolicy(B1, -0.4, 0.1),
        MixturePolicy.batchRlDefault(B1),
        new MixturePolicy(0.3, BoxExplorationPolicy.paperDefault(B1)));
    double[] baselines = {0.0, 0.5, 0.93, -0.95, 1.0, -1.0};
    Stream.Builder<Arguments> out = Stream.builder();
    for (ExplorationPolicy p : policies) {
      for (double mu : baselines) {
        out.add(Arguments.of(p, (float) mu));
      }
    }
    return out.build();
  }

  /** Interior integral by the midpoint rule on a fine grid, plus the point masses at the bounds. */
  private static double totalMass(ExplorationPolicy p, float mu) {
    int steps = 400_000;
    double h = 2.0 / steps;
    double interior = 0;
    for (int i = 0; i < steps; i++) {
      float a = (float) (-1 + (i + 0.5) * h);
      interior += p.density(new float[] {a}, new float[] {mu}) * h;
    }
    return interior + p.density(new float[] {-1f}, new float[] {mu})
        + p.density(new float[] {1f}, new float[] {mu});
  }

  @ParameterizedTest
  @MethodSource("oneDimensionalPolicies")
  void densityIntegratesToOne(ExplorationPolicy p, float mu) {
    assertEquals(1.0, totalMass(p, mu), 2e-3, p.describe() + " around " + mu);
  }

  @ParameterizedTest
  @MethodSource("oneDimensionalPolicies")
  void samplesStayInBoundsAndReportTheirDensity(ExplorationPolicy p, float mu) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(11);
    int onLow = 0;
    int onHigh = 0;
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      ExploredAction e = p.sample(new float[] {mu}, rng);
      assertTrue(B1.contains(e.action()), p.describe());
      assertEquals(p.density(e.action(), new float[] {mu}), e.density(), 0.0);
      assertTrue(e.density() > 0, "a sampled action has positive density");
      if (e.action()[0] == -1f) onLow++;
      if (e.action()[0] == 1f) onHigh++;
    }
    // The clipped fractions match the point masses within 5 standard errors.
    double mLow = p.density(new float[] {-1f}, new float[] {mu});
    double mHigh = p.density(new float[] {1f}, new float[] {mu});
    assertEquals(mLow, onLow / (double) n, 5 * Math.sqrt(mLow * (1 - mLow) / n) + 1e-9);
    assertEquals(mHigh, onHigh / (double) n, 5 * Math.sqrt(mHigh * (1 - mHigh) / n) + 1e-9);
  }

  @Test
  void boxSamplesStayInsideTheBoxAroundTheBaseline() {
    ActionBounds b = ActionBounds.symmetric(10);
    BoxExplorationPolicy box = BoxExplorationPolicy.paperDefault(b);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    float[] mu = new float[10];
    for (int j = 0; j < 10; j++) mu[j] = -0.9f + 0.2f * j;
    for (int i = 0; i < 5_000; i++) {
      float[] a = box.sample(mu, rng).action();
      for (int j = 0; j < 10; j++) {
        assertTrue(a[j] >= mu[j] - 0.15f - 1e-6 && a[j] <= mu[j] + 0.15f + 1e-6);
      }
    }
    // Fully inside the bounds, the density is (1 / 0.3)^K.
    float[] centre = new float[10];
    assertEquals(Math.pow(1 / 0.3, 10), box.density(centre, centre), 1e-6 * Math.pow(1 / 0.3, 10));
    float[] outside = centre.clone();
    outside[3] = 0.2f;
    assertEquals(0.0, box.density(outside, centre));
  }

  @Test
  void twoDimensionalDensitiesIntegrateToOne() {
    ActionBounds b2 = ActionBounds.symmetric(2);
    List<ExplorationPolicy> ps = List.of(new GaussianNoisePolicy(b2, 0.3),
        BoxExplorationPolicy.paperDefault(b2), MixturePolicy.batchRlDefault(b2));
    float[] mu = {0.9f, -0.2f};
    int steps = 1_000;
    double h = 2.0 / steps;
    float[] edges = {-1f, 1f};
    for (ExplorationPolicy p : ps) {
      double total = 0;
      for (int i = 0; i < steps; i++) {
        float x = (float) (-1 + (i + 0.5) * h);
        for (int k = 0; k < steps; k++) {
          float y = (float) (-1 + (k + 0.5) * h);
          total += p.density(new float[] {x, y}, mu) * h * h;
        }
        for (float e : edges) { // one coordinate on a bound, the other inside
          total += p.density(new float[] {x, e}, mu) * h + p.density(new float[] {e, x}, mu) * h;
        }
      }
      for (float e1 : edges) {
        for (float e2 : edges) {
          total += p.density(new float[] {e1, e2}, mu);
        }
      }
      assertEquals(1.0, total, 3e-3, p.describe());
    }
  }

  @Test
  void greedyIsAPointMass() {
    GreedyPolicy g = new GreedyPolicy(B1);
    ExploredAction e = g.sample(new float[] {0.25f}, new Xoshiro256StarStar(1));
    assertEquals(0.25f, e.action()[0]);
    assertEquals(Double.POSITIVE_INFINITY, e.density());
    assertEquals(0.0, g.density(new float[] {0.3f}, new float[] {0.25f}));
  }

  @Test
  void invalidInputsAreRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GaussianNoisePolicy(B1, 0.2).sample(new float[] {1.5f}, new Xoshiro256StarStar(1)));
    assertTrue(e.getMessage().contains("dimension 0") && e.getMessage().contains("1.5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BoxExplorationPolicy(B1, 0.1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new GaussianNoisePolicy(B1, 0));
    assertThrows(IllegalArgumentException.class, () -> new MixturePolicy(1.5, new GreedyPolicy(B1)));
    assertThrows(IllegalArgumentException.class,
        () -> BoxExplorationPolicy.paperDefault(B1).sample(new float[] {Float.NaN}, new Xoshiro256StarStar(1)));
  }
}
