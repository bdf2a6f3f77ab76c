package dev.mtfengine.tensor.kernel;

import java.util.Arrays;

/**
 * The numeric kernels the primitives run on. {@link ScalarKernels} is the definition; the Vector
 * API implementation must give bit-identical results for everything here except {@link #sum},
 * whose summation order differs (see the tolerance in {@code docs/kernels.md}).
 *
 * <p>Kernels assume valid arguments (offsets and lengths inside the arrays, non-overlapping output
 * unless stated); the public facade {@code Ops} validates before calling. Arrays are row-major.
 */
public interface Kernels {

  /** A short name for logs and run metadata, e.g. {@code "scalar"} or {@code "vector-256"}. */
  String name();

  /**
   * {@code out[o + i] = a[aOff + (aBroadcast ? 0 : i)] op b[bOff + (bBroadcast ? 0 : i)]} for
   * {@code i < n}. A broadcast operand is one value repeated. {@code out} may alias {@code a} or
   * {@code b} at the same offset.
   */
  void binary(BinaryOp op, float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n);

  /** F64 counterpart of {@link #binary(BinaryOp, float[], int, boolean, float[], int, boolean, float[], int, int)}. */
  void binary(BinaryOp op, double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n);

  /** {@code out[outOff + i] = op(x[xOff + i])} for {@code i < n}; may alias at the same offset. */
  void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n);

  /** F64 counterpart of {@link #unary(UnaryOp, float[], int, float[], int, int)}. */
  void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n);

  /**
   * A bias added to each of {@code rows} rows of {@code f}, then, when {@code relu}, {@code
   * Math.max(., 0)}: {@code out[outOff + r f + j] = x[xOff + r f + j] + bias[biasOff + j]}. The
   * default is exactly that, row by row through {@link #binary} and {@link #unary}; a kernel may do
   * it in one pass (the same operations on each element, so the same bits). {@code out} may alias
   * {@code x} at the same offset.
   */
  default void addRows(float[] x, int xOff, float[] bias, int biasOff, float[] out, int outOff, int rows, int f,
      boolean relu) {
    for (int r = 0; r < rows; r++) {
      binary(BinaryOp.ADD, x, xOff + r * f, false, bias, biasOff, false, out, outOff + r * f, f);
      if (relu) {
        unary(UnaryOp.RELU, out, outOff + r * f, out, outOff + r * f, f);
      }
    }
  }

  /** F64 counterpart of {@link #addRows(float[], int, float[], int, float[], int, int, int, boolean)}. */
  default void addRows(double[] x, int xOff, double[] bias, int biasOff, double[] out, int outOff, int rows, int f,
      boolean relu) {
    for (int r = 0; r < rows; r++) {
      binary(BinaryOp.ADD, x, xOff + r * f, false, bias, biasOff, false, out, outOff + r * f, f);
      if (relu) {
        unary(UnaryOp.RELU, out, outOff + r * f, out, outOff + r * f, f);
      }
    }
  }

  /**
   * The gradient of {@link #addRows} with ReLU over {@code rows} rows of {@code f}, given the
   * layer's output {@code out} and the gradient {@code g} reaching it: {@code dx[dxOff + r f + j] =
   * out[outOff + r f + j] > 0 ? g[gOff + r f + j] : 0} (ReLU's mask, {@link BinaryOp#PASS_IF_POSITIVE})
   * and {@code dbias[biasOff + j] = +0.0 + dx[row 0, j] + dx[row 1, j] + ...}, the rows added in
   * increasing order ({@link BinaryOp#ADD} row by row onto zeros, as a sum over the rows does). The
   * default is exactly that, through {@link #binary}; a kernel may do it in one pass over the rows,
   * adding each masked row to the bias gradient while it is in cache (the same operations on each
   * element in the same order, so the same bits). No output may alias an input.
   */
  default void reluBackwardRows(float[] g, int gOff, float[] out, int outOff, float[] dx, int dxOff,
      float[] dbias, int biasOff, int rows, int f) {
    Arrays.fill(dbias, biasOff, biasOff + f, 0f);
    for (int r = 0; r < rows; r++) {
      binary(BinaryOp.PASS_IF_POSITIVE, g, gOff + r * f, false, out, outOff + r * f, false, dx, dxOff + r * f, f);
      binary(BinaryOp.ADD, dbias, biasOff, false, dx, dxOff + r * f, false, dbias, biasOff, f);
    }
  }

  /** F64 counterpart of {@link #reluBackwardRows(float[], int, float[], int, float[], int, float[], int, int, int)}. */
  default void reluBackwardRows(double[] g, int gOff, double[] out, int outOff, double[] dx, int dxOff,
      double[] dbias, int biasOff, int rows, int f) {
    Arrays.fill(dbias, biasOff, biasOff + f, 0d);
    for (int r = 0; r < rows; r++) {
      binary(BinaryOp.PASS_IF_POSITIVE, g, gOff + r * f, false, out, outOff + r * f, false, dx, dxOff + r * f, f);
      binary(BinaryOp.ADD, dbias, biasOff, false, dx, dxOff + r * f, false, dbias, biasOff, f);
    }
  }

  /**
   * Sum of {@code x[off .. off + n)} accumulated in the element type. The order of additions is
   * kernel-specific (lanes, then a fixed tree), fixed for a given kernel and length.
   */
  float sum(float[] x, int off, int n);

  /** F64 counterpart of {@link #sum(float[], int, int)}. */
  double sum(double[] x, int off, int n);

  /**
   * A dense layer's product and bias: {@link #gemm} into C, then {@link #addRows} of {@code bias
   * [n]} (from {@code biasOff}) on C in place, with ReLU when {@code relu}. The default is exactly
   * those two calls; a kernel may add the bias to each block of rows of C right after the block's
   * last k chunk, while it is in cache: each element's whole fma chain, then the same operations as
   * {@code addRows}, so the same bits.
   */
  default void gemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
      float[] b, int bOff, float[] c, int cOff, float[] bias, int biasOff, boolean relu) {
    gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    addRows(c, cOff, bias, biasOff, c, cOff, m, n, relu);
  }

  /** F64 counterpart of {@link #gemmBias(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, float[], int, boolean)}. */
  default void gemmBias(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
      double[] b, int bOff, double[] c, int cOff, double[] bias, int biasOff, boolean relu) {
    gemm(transA, transB, m, n, k, a, aOff, b, bOff, c, cOff);
    addRows(c, cOff, bias, biasOff, c, cOff, m, n, relu);
  }

  /**
   * General matrix product {@code C = op(A) op(B)} with {@code op(A)} of shape [m, k], {@code
   * op(B)} of shape [k, n] and C [m, n], overwritten. A is stored row-major as [m, k], or as [k, m]
   * when {@code transA}; B as [k, n], or [n, k] when {@code transB}; all densely packed from their
   * offsets.
   *
   * <p>Definition (every implementation, every thread count): each element is the fused
   * multiply-add chain {@code c = 0; for p in 0..k-1: c = fma(a[i,p], b[p,j], c)} in increasing
   * {@code p}. Blocking and vectorisation may change the order of elements, never the order of
   * {@code p} within one element, so results are bit-identical across kernel paths and thread
   * counts.
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff);

  /** F64 counterpart of {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int)}. */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff);
}
