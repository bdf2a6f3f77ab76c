package dev.mtfengine.mtf.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.Observation;
import org.junit.jupiter.api.Test;

/** The policy class alone: layout of the flat vector, which features it reads, validation. */
class LinearFeaturePolicyTest {

  @Test
  void actionIsTanhOfWeightsTimesUserFeaturesPlusBias() {
    // F = 2, K = 2: W = [[1, 2], [3, 4]] row-major, b = [0.5, -0.5]
    LinearFeaturePolicy p = new LinearFeaturePolicy(2, 2, new double[] {1, 2, 3, 4, 0.5, -0.5});
    double[] a = p.act(new Observation(new double[] {0.1, -0.2, 99.0}, 0, -1, -1));
    assertEquals(Math.tanh(0.1 - 0.4 + 0.5), a[0], 1e-15);
    assertEquals(Math.tanh(0.3 - 0.8 - 0.5), a[1], 1e-15);
  }

  @Test
  void oracleSatisfactionAndLaterFeaturesAreIgnored() {
    LinearFeaturePolicy p = new LinearFeaturePolicy(2, 3, new double[] {1, -2, 3, 0.5, 2, 1, 0, 0.1, 0.2});
    double[] low = p.act(new Observation(new double[] {0, 1, 0.0}, 0, 1, 0));
    double[] high = p.act(new Observation(new double[] {0, 1, 1.0}, 7, 1, 15));
    assertArrayEquals(low, high);
    assertArrayEquals(low, p.asStationaryPolicy().action(1, 9));
  }

  @Test
  void zeroPolicyGivesTheMidpointAction() {
    double[] a = LinearFeaturePolicy.zero(4, 4).act(new Observation(new double[5], 0, 0, 3));
    assertArrayEquals(new double[4], a);
    assertEquals(20, LinearFeaturePolicy.parameterCount(4, 4));
  }

  @Test
  void invalidParametersAndObservationsGiveClearErrors() {
    IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
        () -> new LinearFeaturePolicy(4, 4, new double[19]));
    assertTrue(wrongLength.getMessage().contains("need 20 parameters"), wrongLength.getMessage());
    double[] nan = new double[20];
    nan[3] = Double.NaN;
    IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
        () -> new LinearFeaturePolicy(4, 4, nan));
    assertTrue(notFinite.getMessage().contains("parameter 3"), notFinite.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LinearFeaturePolicy(0, 4, new double[4]));
    IllegalArgumentException shortObservation = assertThrows(IllegalArgumentException.class,
        () -> LinearFeaturePolicy.zero(4, 4).act(new Observation(new double[3], 0, -1, -1)));
    assertTrue(shortObservation.getMessage().contains("need at least the 4 user features"),
        shortObservation.getMessage());
  }
}
