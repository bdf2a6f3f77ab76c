package dev.mtfengine.mtf.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FusionRanker#withLargestWeightAt}: same slates, the largest weight where asked. */
class FusionRankerTest {
  private static final List<FusionSpec> SPECS = List.of(FusionSpec.defaults(), FusionSpec.linear(2.0),
      FusionSpec.powerBias(2.0, 0.5), FusionSpec.defaults().withMap(FusionSpec.MapKind.AFFINE),
      FusionSpec.linear(2.0).withMap(FusionSpec.MapKind.AFFINE),
      FusionSpec.powerBias(2.0, 0.5).withMap(FusionSpec.MapKind.AFFINE));

  static LongStream seeds() {
    return LongStream.range(0, 100);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void rescaledActionRanksEveryCandidateSetIdentically(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    int n = 40;
    for (FusionSpec spec : SPECS) {
      FusionRanker ranker = spec.ranker();
      int k = ranker.actionDimension();
      double[] action = new double[k];
      for (int j = 0; j < k; j++) {
        // weights near -1 half of the time: the ill-conditioned corner the rescale is for
        action[j] = rng.nextDouble() < 0.5 ? -1 + 0.02 * rng.nextDouble() : -1 + 2 * rng.nextDouble();
      }
      int[] weights = ranker.formula().scaleInvariantParameters();
      double largest = -0.9 + 1.9 * rng.nextDouble();
      if (spec.mapKind() == FusionSpec.MapKind.MULTIPLICATIVE) {
        // a shift: exact when the weights move up (moving down may push small ones below the floor)
        double top = Double.NEGATIVE_INFINITY;
        for (int j : weights) {
          top = Math.max(top, action[j]);
        }
        largest = top + (1 - top) * rng.nextDouble();
      }
      double[] rescaled = ranker.withLargestWeightAt(action, largest);
      double max = Double.NEGATIVE_INFINITY;
      for (int j : weights) {
        max = Math.max(max, rescaled[j]);
      }
      assertEquals(largest, max, 1e-12, spec + " largest weight");
      for (int j = weights.length; j < k; j++) {
        assertEquals(action[j], rescaled[j], 0.0, spec.family() + " bias " + j + " untouched");
      }
      for (int r = 0; r < 5; r++) {
        double[] heads = new double[n * FusionSpec.HEADS.size()];
        for (int i = 0; i < heads.length; i++) {
          heads[i] = 0.001 + 0.999 * rng.nextDouble();
        }
        assertArrayEquals(ranker.slate(action, heads, n, n), ranker.slate(rescaled, heads, n, n),
            spec.family() + " " + Arrays.toString(action) + " -> " + Arrays.toString(rescaled));
      }
    }
  }

  @Test
  void multiplicativeWeightsShiftAndClampAtTheFloor() {
    FusionRanker ranker = FusionSpec.defaults().ranker();
    assertArrayEquals(new double[] {0.5, 0.2, -0.4, -1.0},
        ranker.withLargestWeightAt(new double[] {0.8, 0.5, -0.1, -0.9}, 0.5), 1e-12);
  }

  @Test
  void allZeroWeightsStayAsTheyAre() {
    FusionRanker ranker = FusionSpec.defaults().withMap(FusionSpec.MapKind.AFFINE).ranker();
    double[] off = {-1, -1, -1, -1};
    assertArrayEquals(off, ranker.withLargestWeightAt(off, 0.0), 0.0);
  }

  @Test
  void weightsWithAPositiveLowerBoundAreRefused() {
    FusionRanker ranker = FusionSpec.logLinear(new double[] {0.01, 0.01, 0.001, 0.0001}, 0.1, 1.0)
        .withMap(FusionSpec.MapKind.AFFINE).ranker();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ranker.withLargestWeightAt(new double[] {0, 0, 0, 0}, 0.0));
    assertTrue(e.getMessage().contains("alpha_click") && e.getMessage().contains("lower bound 0.1"),
        e.getMessage());
  }

  @Test
  void targetOutsideTheActionRangeIsRefused() {
    FusionRanker ranker = FusionSpec.defaults().ranker();
    assertThrows(IllegalArgumentException.class, () -> ranker.withLargestWeightAt(new double[] {0, 0, 0, 0}, -1.0));
  }
}
