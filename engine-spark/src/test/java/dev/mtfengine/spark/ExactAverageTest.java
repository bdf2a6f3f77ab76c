package dev.mtfengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

class ExactAverageTest {
  /** Five workers' states: one float array spanning magnitudes 1e-12..1e3 and one double array. */
  private static List<FlatState> states() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    List<FlatState> out = new ArrayList<>();
    FlatState.Layout layout = new FlatState.Layout(List.of("actor"), List.of(), List.of(), List.of("p:actor", "p:actor"),
        List.of("w", "b"), List.of(new int[] {300}, new int[] {7}));
    for (int w = 0; w < 5; w++) {
      float[] f = new float[300];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) ((rng.nextDouble() - 0.5) * Math.pow(10, -12 + 15 * (i % 100) / 99.0));
      }
      double[] d = new double[7];
      for (int i = 0; i < d.length; i++) {
        d[i] = rng.nextGaussian() * 1e-3;
      }
      out.add(new FlatState(layout, new float[][] {f, null}, new double[][] {null, d}, 40, new long[0]));
    }
    return out;
  }

  private static FlatState average(List<FlatState> states, int partitions) {
    JavaRDD<FlatState> rdd = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
        .parallelize(states, partitions);
    return ExactAverage.of(rdd, states.size(), 2);
  }

  @Test
  void theMeanIsTheSameBitsInAnyOrderAndSplit() {
    List<FlatState> states = states();
    FlatState a = average(states, 5);
    List<FlatState> reversed = new ArrayList<>(states);
    Collections.reverse(reversed);
    FlatState b = average(reversed, 2);
    assertArrayEquals(a.f32[0], b.f32[0]);
    assertArrayEquals(a.f64[1], b.f64[1]);
    assertEquals(40, a.iteration);
  }

  @Test
  void theMeanIsWithinOneRoundingOfTheExactMean() {
    List<FlatState> states = states();
    FlatState mean = average(states, 3);
    float largest = 0;
    for (FlatState s : states) {
      for (float v : s.f32[0]) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    for (int i = 0; i < 300; i++) {
      BigDecimal sum = BigDecimal.ZERO;
      for (FlatState s : states) {
        sum = sum.add(new BigDecimal(s.f32[0][i]));
      }
      double exact = sum.divide(BigDecimal.valueOf(5), MathContext.DECIMAL128).doubleValue();
      double tolerance = Math.max(Math.ulp((float) exact), Math.scalb(largest, -56));
      assertTrue(Math.abs(mean.f32[0][i] - exact) <= tolerance, "element " + i + ": " + mean.f32[0][i] + " vs " + exact);
    }
  }
}
