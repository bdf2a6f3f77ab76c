package dev.mtfengine.mtf.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionMapTest {
  private final ActionMap map = new ActionMap(new double[] {0, -1, 0.5},
      new double[] {1, 3, 2.5}, List.of("alpha_click", "power_like", "bias_share"));

  @Test
  void endpointsAndMidpointMapAffinely() {
    assertArrayEquals(new double[] {0, -1, 0.5}, map.toRaw(new double[] {-1, -1, -1}), 0);
    assertArrayEquals(new double[] {1, 3, 2.5}, map.toRaw(new double[] {1, 1, 1}), 0);
    assertArrayEquals(new double[] {0.5, 1, 1.5}, map.toRaw(new double[] {0, 0, 0}), 0);
  }

  @Test
  void toNormalisedInvertsToRaw() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    for (int trial = 0; trial < 1000; trial++) {
      double[] a = {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
      assertArrayEquals(a, map.toNormalised(map.toRaw(a)), 1e-12);
    }
  }

  @Test
  void invalidActionsNameTheDimension() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> map.toRaw(new double[] {0, Double.NaN, 0}));
    assertTrue(e.getMessage().contains("action[1] (power_like) is NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> map.toRaw(new double[] {0, 0, 1.5}));
    assertTrue(e.getMessage().contains("action[2] (bias_share) = 1.5 is outside [-1, 1]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> map.toRaw(new double[] {0, 0}));
    assertTrue(e.getMessage().contains("length 2, expected 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> map.toRaw(new double[] {Double.NEGATIVE_INFINITY, 0, 0}));
    assertTrue(e.getMessage().contains("alpha_click"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> map.toNormalised(new double[] {2, 0, 1}));
    assertTrue(e.getMessage().contains("raw[0] (alpha_click)"), e.getMessage());
  }

  private final ActionMap multiplicative = new ActionMap(new double[] {0, 0, 0.5},
      new double[] {1, 2, 2.5}, new double[] {3, 2, 0}, List.of("alpha_click", "power_like", "bias_share"));

  @Test
  void multiplicativeDimensionsMapOntoDecadesBelowTheUpperBound() {
    assertArrayEquals(new double[] {0.001, 0.02, 0.5}, multiplicative.toRaw(new double[] {-1, -1, -1}), 1e-15);
    assertArrayEquals(new double[] {1, 2, 2.5}, multiplicative.toRaw(new double[] {1, 1, 1}), 0);
    assertArrayEquals(new double[] {Math.pow(10, -1.5), 0.2, 1.5},
        multiplicative.toRaw(new double[] {0, 0, 0}), 1e-15);
  }

  @Test
  void aMultiplicativeStepIsTheSameRelativeChangeEverywhere() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(5);
    for (int trial = 0; trial < 1000; trial++) {
      double a = -1 + 1.85 * rng.nextDouble();
      double[] lo = multiplicative.toRaw(new double[] {a, a, a});
      double[] hi = multiplicative.toRaw(new double[] {a + 0.15, a + 0.15, a + 0.15});
      assertEquals(Math.pow(10, 3 * 0.15 / 2), hi[0] / lo[0], 1e-9);
      assertEquals(Math.pow(10, 2 * 0.15 / 2), hi[1] / lo[1], 1e-9);
      assertEquals(0.15, hi[2] - lo[2], 1e-12); // the affine bias moves by the same amount instead
    }
  }

  @Test
  void multiplicativeToNormalisedInvertsAndSendsTheFloorAndZeroToMinusOne() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(4);
    for (int trial = 0; trial < 1000; trial++) {
      double[] a = {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
      assertArrayEquals(a, multiplicative.toNormalised(multiplicative.toRaw(a)), 1e-12);
    }
    assertArrayEquals(new double[] {-1, -1, -1}, multiplicative.toNormalised(new double[] {0, 0.01, 0.5}), 0);
  }

  @Test
  void multiplicativeDimensionsNeedRoomBelowTheUpperBound() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ActionMap(new double[] {0.1}, new double[] {1}, new double[] {3}, List.of("w")));
    assertTrue(e.getMessage().contains("multiplicative dimension 0 (w)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ActionMap(new double[] {0}, new double[] {1}, new double[] {Double.NaN}, List.of("w")));
    assertTrue(e.getMessage().contains("decades = NaN"), e.getMessage());
  }

  @Test
  void invalidRangesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new ActionMap(new double[] {1}, new double[] {1}, List.of("w")));
    assertThrows(IllegalArgumentException.class,
        () -> new ActionMap(new double[] {0, 0}, new double[] {1}, List.of("w", "v")));
    assertThrows(IllegalArgumentException.class,
        () -> new ActionMap(new double[] {Double.NaN}, new double[] {1}, List.of("w")));
  }

  @Test
  void rankerChecksDimensions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FusionRanker(new Linear(List.of("click", "like")), map));
    assertTrue(e.getMessage().contains("2 parameters"), e.getMessage());
  }
}
