package dev.mtfengine.mtf.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TopLTest {

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  /** Reference: a stable descending sort (Java's object sort is stable), first L. */
  private static int[] reference(double[] scores, int n, int slateSize) {
    return IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
        .limit(slateSize).mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equalsStableSortWithIndexTieBreak(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    int n = 1 + (int) (rng.nextDouble() * 60);
    int slateSize = 1 + (int) (rng.nextDouble() * n);
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      // few distinct values, so ties are common; some infinities
      double x = Math.floor(rng.nextDouble() * 5);
      scores[i] = x == 4 && rng.nextDouble() < 0.3 ? Double.NEGATIVE_INFINITY : x;
    }
    assertArrayEquals(reference(scores, n, slateSize), TopL.select(scores, n, slateSize),
        Arrays.toString(scores) + " L=" + slateSize);
  }

  @Test
  void tiesGoToTheLowerIndex() {
    assertArrayEquals(new int[] {1, 3, 0}, TopL.select(new double[] {1, 2, 0, 2, 1}, 5, 3));
  }

  @Test
  void invalidInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TopL.select(new double[3], 3, 4));
    assertThrows(IllegalArgumentException.class, () -> TopL.select(new double[3], 3, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TopL.select(new double[] {1, Double.NaN}, 2, 1));
    assertTrue(e.getMessage().contains("candidate 1"), e.getMessage());
  }
}
