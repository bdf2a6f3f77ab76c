package dev.mtfengine.perf;

import dev.mtfengine.tensor.kernel.ComputePool;
import dev.mtfengine.tensor.kernel.KernelPath;
import dev.mtfengine.tensor.kernel.Kernels;
import dev.mtfengine.tensor.kernel.ScalarKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
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
 * {@code C[m,n] = A[m,k] B[k,n]}, no transposes, m = n = 256 and k = 256 or 138 (k = 138: a layer
 * with 138 inputs, [256,138] x [138,256]). Implementations: scalar ({@link ScalarKernels}), vector
 * (the Vector API kernels) and EJML ({@code CommonOps_FDRM/DDRM.mult}; with two threads {@code
 * CommonOps_MT_*.mult}). The thread count is fixed per fork by {@code -Dmtf.threads}, which {@link
 * ComputePool} reads once, hence the two subclasses. GFLOP/s = 2 m n k / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Benchmark)
public abstract class GemmBenchmark {
  static final int M = 256;
  static final int N = 256;

  /** The inner dimension k. */
  @Param({"256", "138"})
  public int k;

  private Kernels vector;
  private float[] af;
  private float[] bf;
  private float[] cf;
  private double[] ad;
  private double[] bd;
  private double[] cd;
  private FMatrixRMaj eaf;
  private FMatrixRMaj ebf;
  private FMatrixRMaj ecf;
  private DMatrixRMaj ead;
  private DMatrixRMaj ebd;
  private DMatrixRMaj ecd;

  @Setup(Level.Trial)
  public void setUp() {
    vector = KernelPath.vector().orElseThrow(() -> new IllegalStateException(
        "Vector API kernels unavailable: " + KernelPath.reason()));
    System.out.println("GemmBenchmark: vector kernels " + vector.name() + " (" + KernelPath.reason() + ")");
    int expectedThreads = Integer.getInteger("mtf.threads", -1);
    if (ComputePool.threads() != expectedThreads) {
      throw new IllegalStateException("ComputePool has " + ComputePool.threads() + " threads");
    }
    EjmlConcurrency.setMaxThreads(expectedThreads);
    Random rnd = new Random(20261101L + k);
    af = new float[M * k];
    bf = new float[k * N];
    cf = new float[M * N];
    ad = new double[M * k];
    bd = new double[k * N];
    cd = new double[M * N];
    for (int i = 0; i < af.length; i++) {
      ad[i] = rnd.nextGaussian();
      af[i] = (float) ad[i];
    }
    for (int i = 0; i < bf.length; i++) {
      bd[i] = rnd.nextGaussian();
      bf[i] = (float) bd[i];
    }
    eaf = FMatrixRMaj.wrap(M, k, af.clone());
    ebf = FMatrixRMaj.wrap(k, N, bf.clone());
    ecf = new FMatrixRMaj(M, N);
    ead = DMatrixRMaj.wrap(M, k, ad.clone());
    ebd = DMatrixRMaj.wrap(k, N, bd.clone());
    ecd = new DMatrixRMaj(M, N);
  }

  @Benchmark
  public float[] scalarF32() {
    ScalarKernels.INSTANCE.gemm(false, false, M, N, k, af, 0, bf, 0, cf, 0);
    return cf;
  }

  @Benchmark
  public float[] vectorF32() {
    vector.gemm(false, false, M, N, k, af, 0, bf, 0, cf, 0);
    return cf;
  }

  @Benchmark
  public double[] scalarF64() {
    ScalarKernels.INSTANCE.gemm(false, false, M, N, k, ad, 0, bd, 0, cd, 0);
    return cd;
  }

  @Benchmark
  public double[] vectorF64() {
    vector.gemm(false, false, M, N, k, ad, 0, bd, 0, cd, 0);
    return cd;
  }

  /** One thread: ScalarKernels and VectorKernels run on the caller only; EJML single-threaded. */
  @Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dmtf.threads=1"})
  public static class Threads1 extends GemmBenchmark {
    @Benchmark
    public FMatrixRMaj ejmlF32() {
      return CommonOps_FDRM.mult(super.eaf, super.ebf, super.ecf);
    }

    @Benchmark
    public DMatrixRMaj ejmlF64() {
      return CommonOps_DDRM.mult(super.ead, super.ebd, super.ecd);
    }
  }

  /** Two threads: ComputePool splits rows of C; EJML uses its concurrent CommonOps_MT_* on 2. */
  @Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dmtf.threads=2"})
  public static class Threads2 extends GemmBenchmark {
    @Benchmark
    public FMatrixRMaj ejmlF32() {
      return CommonOps_MT_FDRM.mult(super.eaf, super.ebf, super.ecf);
    }

    @Benchmark
    public DMatrixRMaj ejmlF64() {
      return CommonOps_MT_DDRM.mult(super.ead, super.ebd, super.ecd);
    }
  }
}
