package dev.mtfengine.tensor.kernel.simd;

import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;
import dev.mtfengine.tensor.kernel.ScalarKernels;
import dev.mtfengine.tensor.kernel.UnaryOp;
import jdk.incubator.vector.FloatVector;

/**
 * The Vector API (SIMD) kernels. Loaded by {@code KernelPath} by class name only when the module
 * {@code jdk.incubator.vector} is readable; this package is the only one that imports it.
 *
 * <p>Contract against {@link ScalarKernels}, the definition:
 *
 * <ul>
 *   <li>{@link #binary} and {@link #unary}: bit-identical for every op, broadcast flags, length and
 *       offset. Every lane operation used (add, sub, mul, div, sqrt, neg, abs, min, max) is the
 *       correctly rounded IEEE-754 operation, and {@code MIN}/{@code MAX} follow {@link Math#min}/
 *       {@link Math#max} (NaN wins, -0.0 &lt; 0.0); the elements after the last full vector run
 *       through {@link ScalarKernels} itself. NaN payloads are not part of the contract (Java does
 *       not fix them either: the JIT may commute operands), so a NaN equals any NaN.
 *   <li>{@link #sum}: lane-parallel, so the order of additions differs from the sequential
 *       reference. Both orders are ordinary recursive summations of the same {@code n} terms, each
 *       within {@code (n-1) u sum|x|} of the exact sum ({@code u} = unit roundoff = eps/2), hence
 *       {@code |sum_vector - sum_scalar| <= n * eps * sum|x|} with {@code eps = Math.ulp(1f)} (F32)
 *       or {@code Math.ulp(1.0)} (F64). The order is fixed for a given species and length.
 *   <li>{@link #gemm}: bit-identical, see {@link VectorGemmF32}.
 * </ul>
 *
 * The F32 kernels are {@link VectorElementwiseF32} and {@link VectorGemmF32}; their F64 twins are
 * generated from them by the build (engine-tensor's pom.xml), so the two precisions cannot drift
 * apart.
 */
public final class VectorKernels implements Kernels {
  private final String name;

  /** Public no-arg constructor: {@code KernelPath} instantiates this class reflectively. */
  public VectorKernels() {
    this.name = "vector-" + FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void binary(BinaryOp op, float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    VectorElementwiseF32.binary(op, a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
  }

  @Override
  public void binary(BinaryOp op, double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    VectorElementwiseF64.binary(op, a, aOff, aBroadcast, b, bOff, bBroadcast, out, outOff, n);
  }

  @Override
  public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    VectorElementwiseF32.unary(op, x, xOff, out, outOff, n);
  }

  @Override
  public void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
    VectorElementwiseF64.unary(op, x, xOff, out, outOff, n);
  }

  @Override
  public void addRows(float[] x, int xOff, float[] bias, int biasOff, float[] out, int outOff, int rows, int f,
      boolean relu) {
    VectorElementwiseF32.addRows(x, xOff, bias, biasOff, out, outOff, rows, f, relu);
  }

  @Override
  public void addRows(double[] x, int xOff, double[] bias, int biasOff, double[] out, int outOff, int rows, int f,
      boolean relu) {
    VectorElementwiseF64.addRows(x, xOff, bias, biasOff, out, outOff, rows, f, relu);
  }

  @Override
  public void reluBackwardRows(float[] g, int gOff, float[] out, int outOff, float[] dx, int dxOff,
      float[] dbias, int biasOff, int rows, int f) {
    VectorElementwiseF32.reluBackwardRows(g, gOff, out, outOff, dx, dxOff, dbias, biasOff, rows, f);
  }

  @Override
  public void reluBackwardRows(double[] g, int gOff, double[] out, int outOff, double[] dx, int dxOff,
      double[] dbias, int biasOff, int rows, int f) {
    VectorElementwiseF64.reluBackwardRows(g, gOff, out, outOff, dx, dxOff, dbias, biasOff, rows, f);
  }

  @Override
  public float sum(float[] x, int off, int n) {
    return VectorElementwiseF32.sum(x, off, n);
  }

  @Override
  public double sum(double[] x, int off, int n) {
    return VectorElementwiseF64.sum(x, off, n);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    VectorGemmF32.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    VectorGemmF64.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
  }

  @Override
  public void gemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, float[] bias, int biasOff, boolean relu) {
    VectorGemmF32.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, bias, biasOff, relu);
  }

  @Override
  public void gemmBias(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
      double[] b, int bOff, double[] c, int cOff, double[] bias, int biasOff, boolean relu) {
    VectorGemmF64.gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, bias, biasOff, relu);
  }
}
