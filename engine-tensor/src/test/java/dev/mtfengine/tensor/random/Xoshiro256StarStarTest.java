package dev.mtfengine.tensor.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Xoshiro256StarStarTest {

  @Test
  void matchesTheReferenceOutputsOfTheAuthorsImplementation() {
    // Reference C implementation started from state {1, 2, 3, 4}.
    Xoshiro256StarStar rng = Xoshiro256StarStar.fromState(new long[] {1, 2, 3, 4});
    assertEquals(11520L, rng.nextLong());
    assertEquals(0L, rng.nextLong());
    assertEquals(1509978240L, rng.nextLong());
    assertEquals(1215971899390074240L, rng.nextLong());
  }

  @Test
  void splitMixMatchesItsReferenceFirstOutput() {
    assertEquals(0xE220A8397B1DCDAFL, new SplitMix64(0).nextLong());
  }

  @Test
  void stateRoundTripContinuesTheSameStream() {
    Xoshiro256StarStar a = new Xoshiro256StarStar(7);
    for (int i = 0; i < 10; i++) {
      a.nextGaussian();
    }
    Xoshiro256StarStar b = Xoshiro256StarStar.fromState(a.state());
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextLong(), b.nextLong());
    }
    assertThrows(IllegalArgumentException.class, () -> a.restore(new long[4]));
    assertThrows(IllegalArgumentException.class, () -> a.restore(new long[3]));
  }

  @Test
  void uniformsAndGaussiansHaveTheRightMoments() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(123);
    int n = 200_000;
    double su = 0;
    double sg = 0;
    double sg2 = 0;
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      assertTrue(u >= 0 && u < 1);
      su += u;
      double g = rng.nextGaussian();
      sg += g;
      sg2 += g * g;
    }
    // Means within ~5 standard errors.
    assertEquals(0.5, su / n, 5 * Math.sqrt(1.0 / 12 / n));
    assertEquals(0.0, sg / n, 5 / Math.sqrt(n));
    assertEquals(1.0, sg2 / n, 5 * Math.sqrt(2.0 / n));
  }

  @Test
  void splitStreamsDiffer() {
    Xoshiro256StarStar root = new Xoshiro256StarStar(1);
    long[] s1 = root.split(1).state();
    long[] s2 = new Xoshiro256StarStar(1).split(2).state();
    assertNotEquals(s1[0], s2[0]);
    assertArrayEquals(new Xoshiro256StarStar(9).state(), new Xoshiro256StarStar(9).state());
  }
}
