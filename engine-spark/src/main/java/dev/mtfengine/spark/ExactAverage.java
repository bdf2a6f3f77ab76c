package dev.mtfengine.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * The mean of the workers' states with Spark's {@code treeAggregate} (as MLlib sums gradients),
 * made independent of the order in which Spark combines partial results, so the same seed, data
 * and kernel path give the same bits on any cluster.
 *
 * <p>Floating-point addition is not associative, and {@code treeAggregate} merges partial sums in
 * the order tasks finish. So the sums are taken in fixed point, where addition is exact: pass 1
 * finds, per array, the largest binary exponent E over every worker (a max, exact in any order);
 * pass 2 adds {@code round(x * 2^s)} as 64-bit integers, {@code s = 62 - ceil(log2 P) - (E + 1)},
 * so P terms below {@code 2^(E + 1)} cannot overflow; the mean is {@code sum * 2^-s / P}, rounded
 * once to the array's precision. The quantum is {@code 2^-(61 - ceil(log2 P))} of the array's
 * largest magnitude (3.5e-18 of it for 8 workers): below float32's own rounding for every element
 * within a factor 2^30 of that largest (up to 64 workers), and for smaller ones an absolute error
 * that size.
 */
final class ExactAverage {
  private ExactAverage() {}

  /** The element-wise mean of the {@code workers} states in {@code states} (which should be persisted: it is read twice). */
  static FlatState of(JavaRDD<FlatState> states, int workers, int depth) {
    int[] exponents = states.treeAggregate((int[]) null, ExactAverage::maxExponents, ExactAverage::maxExponents, depth);
    int guard = 64 - Long.numberOfLeadingZeros(Math.max(1, workers - 1)); // ceil(log2 P)
    int[] shifts = new int[exponents.length];
    for (int i = 0; i < shifts.length; i++) {
      shifts[i] = 62 - guard - (exponents[i] + 1);
    }
    FixedSums sums = states.treeAggregate(new FixedSums(shifts), FixedSums::add, FixedSums::merge, depth);
    return sums.mean(workers);
  }

  /** Element-wise max of binary exponents of two states' partial results (null: nothing yet). */
  private static int[] maxExponents(int[] acc, FlatState s) {
    int[] e = acc == null ? new int[s.arrays()] : acc;
    if (acc == null) {
      Arrays.fill(e, Integer.MIN_VALUE);
    }
    for (int i = 0; i < s.arrays(); i++) {
      e[i] = Math.max(e[i], maxExponent(s, i));
    }
    return e;
  }

  private static int[] maxExponents(int[] a, int[] b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.max(a[i], b[i]);
    }
    return a;
  }

  /** The largest binary exponent in array i ({@code Double.MIN_EXPONENT - 1} when all are zero). */
  private static int maxExponent(FlatState s, int i) {
    double largest = 0;
    if (s.f32[i] != null) {
      for (float v : s.f32[i]) {
        largest = Math.max(largest, Math.abs(v));
      }
    } else {
      for (double v : s.f64[i]) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    return Math.getExponent(largest);
  }

  /** Per array, the fixed-point sums of every state added so far, with the iteration and step counts. */
  static final class FixedSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] shifts;
    private long[][] sums;
    private boolean[] single;
    private FlatState.Layout layout;
    private long iteration = -1;
    private long[] steps;
    private int count;

    FixedSums(int[] shifts) {
      this.shifts = shifts;
    }

    FixedSums add(FlatState s) {
      if (sums == null) {
        layout = s.layout;
        sums = new long[s.arrays()][];
        single = new boolean[s.arrays()];
        for (int i = 0; i < s.arrays(); i++) {
          sums[i] = new long[s.length(i)];
          single[i] = s.f32[i] != null;
        }
      }
      checkCounters(s.iteration, s.optimizerSteps);
      if (s.arrays() != sums.length || !s.layout.names().equals(layout.names())) {
        throw new IllegalStateException("workers returned states of different layouts; every worker must run the same learner config");
      }
      for (int i = 0; i < sums.length; i++) {
        long[] acc = sums[i];
        int shift = shifts[i];
        if (s.f32[i] != null) {
          float[] v = s.f32[i];
          for (int j = 0; j < v.length; j++) {
            acc[j] += Math.round(Math.scalb((double) v[j], shift));
          }
        } else {
          double[] v = s.f64[i];
          for (int j = 0; j < v.length; j++) {
            acc[j] += Math.round(Math.scalb(v[j], shift));
          }
        }
      }
      count++;
      return this;
    }

    FixedSums merge(FixedSums o) {
      if (o.sums == null) {
        return this;
      }
      if (sums == null) {
        return o;
      }
      checkCounters(o.iteration, o.steps);
      for (int i = 0; i < sums.length; i++) {
        for (int j = 0; j < sums[i].length; j++) {
          sums[i][j] += o.sums[i][j];
        }
      }
      count += o.count;
      return this;
    }

    /** Every worker ran the same number of steps from the same state, so the counters agree. */
    private void checkCounters(long otherIteration, long[] otherSteps) {
      if (iteration < 0) {
        iteration = otherIteration;
        steps = otherSteps.clone();
      } else if (iteration != otherIteration || !Arrays.equals(steps, otherSteps)) {
        throw new IllegalStateException("workers disagree on the iteration (" + iteration + " against "
            + otherIteration + "); every worker must run the same number of steps per round");
      }
    }

    FlatState mean(int workers) {
      if (count != workers) {
        throw new IllegalStateException(count + " worker states reached the average, expected " + workers);
      }
      float[][] f = new float[sums.length][];
      double[][] d = new double[sums.length][];
      for (int i = 0; i < sums.length; i++) {
        long[] acc = sums[i];
        if (single[i]) {
          f[i] = new float[acc.length];
          for (int j = 0; j < acc.length; j++) {
            f[i][j] = (float) (Math.scalb((double) acc[j], -shifts[i]) / workers);
          }
        } else {
          d[i] = new double[acc.length];
          for (int j = 0; j < acc.length; j++) {
            d[i][j] = Math.scalb((double) acc[j], -shifts[i]) / workers;
          }
        }
      }
      return new FlatState(layout, f, d, iteration, steps);
    }
  }
}
