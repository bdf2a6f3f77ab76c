package dev.mtfengine.perf;

import dev.mtfengine.tensor.kernel.KernelPath;
import dev.mtfengine.tensor.kernel.Kernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The F32 vector GEMM on the shapes the engine runs (issue 12): {@code shape} is {@code
 * <transA><transB>-m-n-k} with N or T, {@code C[m,n] = op(A)[m,k] op(B)[k,n]}. The 7,680-row
 * products are CQL's sampled actions (batch 256 x 30) through networks of hidden width 64 and
 * 16 inputs (state 12 + action 4); the 256-row ones are a batch of 256; n = 1 and 8 are output
 * layers (a critic, an actor), k = 1 an outer product of a backward pass. The thread count is
 * fixed per fork by {@code -Dmtf.threads} (default 1 here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dmtf.threads=1"})
@State(Scope.Benchmark)
public class GemmShapesBenchmark {
  /** {@code <transA><transB>-m-n-k}. */
  @Param({
      "NN-7680-64-64", "TN-64-64-7680", "NT-7680-64-64", "TN-16-64-7680", "NN-7680-64-16",
      "NN-256-64-64", "NT-256-64-64", "TN-64-64-256", "NN-256-64-138", "NT-256-138-64",
      "TN-138-64-256", "NT-256-16-64", "NN-256-8-64", "TN-64-8-256", "TN-64-1-7680",
      "NT-7680-1-64", "NN-7680-1-64", "NT-256-64-1", "NT-256-64-8"})
  public String shape;

  private Kernels vector;
  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup(Level.Trial)
  public void setUp() {
    vector = KernelPath.vector().orElseThrow(() -> new IllegalStateException(
        "Vector API kernels unavailable: " + KernelPath.reason()));
    String[] f = shape.split("-");
    transA = f[0].charAt(0) == 'T';
    transB = f[0].charAt(1) == 'T';
    m = Integer.parseInt(f[1]);
    n = Integer.parseInt(f[2]);
    k = Integer.parseInt(f[3]);
    Random rnd = new Random(20261205L);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextGaussian();
    }
  }

  @Benchmark
  public float[] vectorF32() {
    vector.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0);
    return c;
  }
}
