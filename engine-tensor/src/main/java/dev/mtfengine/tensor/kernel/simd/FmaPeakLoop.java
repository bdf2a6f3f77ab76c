package dev.mtfengine.tensor.kernel.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-only FMA loops that measure the machine's fused multiply-add peak from Java, the yardstick
 * for GEMM efficiency ({@code perf} module's {@code FmaPeakBenchmark}). It lives here because only
 * this package may import {@code jdk.incubator.vector}.
 *
 * <p>Each iteration issues {@value #CHAINS} independent vector FMAs (no loads or stores): with a
 * 4-5 cycle FMA latency and one or two FMA pipes, ten chains keep every pipe busy. Flops per call:
 * {@code 2 * CHAINS * lanes * iterations}.
 */
public final class FmaPeakLoop {
  /** Independent accumulator chains per iteration. */
  public static final int CHAINS = 10;

  private FmaPeakLoop() {}

  /** Lanes of the preferred float species (8 with AVX2). */
  public static int floatLanes() {
    return FloatVector.SPECIES_PREFERRED.length();
  }

  /** Lanes of the preferred double species (4 with AVX2). */
  public static int doubleLanes() {
    return DoubleVector.SPECIES_PREFERRED.length();
  }

  /**
   * Runs {@code iterations} rounds of {@value #CHAINS} float FMAs {@code acc = acc * x + y} and
   * returns a value that depends on all of them (so none can be removed).
   */
  public static float f32(int iterations, float x, float y) {
    VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
    FloatVector vx = FloatVector.broadcast(s, x);
    FloatVector vy = FloatVector.broadcast(s, y);
    FloatVector a0 = FloatVector.broadcast(s, 0.1f);
    FloatVector a1 = FloatVector.broadcast(s, 0.2f);
    FloatVector a2 = FloatVector.broadcast(s, 0.3f);
    FloatVector a3 = FloatVector.broadcast(s, 0.4f);
    FloatVector a4 = FloatVector.broadcast(s, 0.5f);
    FloatVector a5 = FloatVector.broadcast(s, 0.6f);
    FloatVector a6 = FloatVector.broadcast(s, 0.7f);
    FloatVector a7 = FloatVector.broadcast(s, 0.8f);
    FloatVector a8 = FloatVector.broadcast(s, 0.9f);
    FloatVector a9 = FloatVector.broadcast(s, 1.0f);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(vx, vy);
      a1 = a1.fma(vx, vy);
      a2 = a2.fma(vx, vy);
      a3 = a3.fma(vx, vy);
      a4 = a4.fma(vx, vy);
      a5 = a5.fma(vx, vy);
      a6 = a6.fma(vx, vy);
      a7 = a7.fma(vx, vy);
      a8 = a8.fma(vx, vy);
      a9 = a9.fma(vx, vy);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).lane(0);
  }

  /** F64 counterpart of {@link #f32(int, float, float)}. */
  public static double f64(int iterations, double x, double y) {
    VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
    DoubleVector vx = DoubleVector.broadcast(s, x);
    DoubleVector vy = DoubleVector.broadcast(s, y);
    DoubleVector a0 = DoubleVector.broadcast(s, 0.1);
    DoubleVector a1 = DoubleVector.broadcast(s, 0.2);
    DoubleVector a2 = DoubleVector.broadcast(s, 0.3);
    DoubleVector a3 = DoubleVector.broadcast(s, 0.4);
    DoubleVector a4 = DoubleVector.broadcast(s, 0.5);
    DoubleVector a5 = DoubleVector.broadcast(s, 0.6);
    DoubleVector a6 = DoubleVector.broadcast(s, 0.7);
    DoubleVector a7 = DoubleVector.broadcast(s, 0.8);
    DoubleVector a8 = DoubleVector.broadcast(s, 0.9);
    DoubleVector a9 = DoubleVector.broadcast(s, 1.0);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(vx, vy);
      a1 = a1.fma(vx, vy);
      a2 = a2.fma(vx, vy);
      a3 = a3.fma(vx, vy);
      a4 = a4.fma(vx, vy);
      a5 = a5.fma(vx, vy);
      a6 = a6.fma(vx, vy);
      a7 = a7.fma(vx, vy);
      a8 = a8.fma(vx, vy);
      a9 = a9.fma(vx, vy);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).lane(0);
  }
}
