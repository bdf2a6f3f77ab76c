package dev.mtfengine.perf;

import dev.mtfengine.tensor.kernel.simd.FmaPeakLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's fused multiply-add peak as seen from Java: {@link FmaPeakLoop} runs ten
 * independent register-only FMA chains. Scores are in flops per nanosecond, i.e. GFLOP/s (2 flops
 * per lane per FMA), summed over threads by JMH for {@code @Threads(2)}. A call does the same number
 * of lane-FMAs on every vector width (128, 256 or 512 bits): the loop runs {@code LANE_ITERATIONS /
 * lanes} times, so the flop count JMH divides by is exact whichever width the JVM picked, and {@link
 * #reportWidth} prints that width at setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class FmaPeakBenchmark {
  /** Lane-iterations per chain and call: lanes x loop iterations (100,000 iterations at 8 float lanes). */
  static final int F32_LANE_ITERATIONS = 800_000;
  /** The same for doubles (100,000 iterations at 4 double lanes). */
  static final int F64_LANE_ITERATIONS = 400_000;
  static final int F32_FLOPS = 2 * FmaPeakLoop.CHAINS * F32_LANE_ITERATIONS;
  static final int F64_FLOPS = 2 * FmaPeakLoop.CHAINS * F64_LANE_ITERATIONS;

  int f32Iterations;
  int f64Iterations;

  // Non-final fields so the JIT cannot fold the FMA inputs.
  float xf = 0.999f;
  float yf = 0.001f;
  double xd = 0.999;
  double yd = 0.001;

  @org.openjdk.jmh.annotations.Setup
  public void reportWidth() {
    int floats = FmaPeakLoop.floatLanes();
    int doubles = FmaPeakLoop.doubleLanes();
    if (F32_LANE_ITERATIONS % floats != 0 || F64_LANE_ITERATIONS % doubles != 0) {
      throw new IllegalStateException("FmaPeakBenchmark: " + floats + " float / " + doubles
          + " double lanes do not divide the lane-iterations per call; adjust F32/F64_LANE_ITERATIONS");
    }
    f32Iterations = F32_LANE_ITERATIONS / floats;
    f64Iterations = F64_LANE_ITERATIONS / doubles;
    System.out.println("FmaPeakBenchmark: " + 32 * floats + "-bit vectors (" + floats + " float, " + doubles
        + " double lanes)");
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(F32_FLOPS)
  public float f32Threads1() {
    return FmaPeakLoop.f32(f32Iterations, xf, yf);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(F32_FLOPS)
  public float f32Threads2() {
    return FmaPeakLoop.f32(f32Iterations, xf, yf);
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(F64_FLOPS)
  public double f64Threads1() {
    return FmaPeakLoop.f64(f64Iterations, xd, yd);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(F64_FLOPS)
  public double f64Threads2() {
    return FmaPeakLoop.f64(f64Iterations, xd, yd);
  }
}
