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
 * per lane per FMA), summed over threads by JMH for {@code @Threads(2)}. The flops per call assume
 * 256-bit vectors (8 float / 4 double lanes, AVX2); {@link #checkLanes} fails otherwise.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class FmaPeakBenchmark {
  static final int ITERATIONS = 100_000;
  static final int F32_FLOPS = 2 * FmaPeakLoop.CHAINS * 8 * ITERATIONS;
  static final int F64_FLOPS = 2 * FmaPeakLoop.CHAINS * 4 * ITERATIONS;

  // Non-final fields so the JIT cannot fold the FMA inputs.
  float xf = 0.999f;
  float yf = 0.001f;
  double xd = 0.999;
  double yd = 0.001;

  @org.openjdk.jmh.annotations.Setup
  public void checkLanes() {
    if (FmaPeakLoop.floatLanes() != 8 || FmaPeakLoop.doubleLanes() != 4) {
      throw new IllegalStateException("flop counts assume 256-bit vectors, got "
          + FmaPeakLoop.floatLanes() + " float lanes");
    }
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(F32_FLOPS)
  public float f32Threads1() {
    return FmaPeakLoop.f32(ITERATIONS, xf, yf);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(F32_FLOPS)
  public float f32Threads2() {
    return FmaPeakLoop.f32(ITERATIONS, xf, yf);
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(F64_FLOPS)
  public double f64Threads1() {
    return FmaPeakLoop.f64(ITERATIONS, xd, yd);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(F64_FLOPS)
  public double f64Threads2() {
    return FmaPeakLoop.f64(ITERATIONS, xd, yd);
  }
}
