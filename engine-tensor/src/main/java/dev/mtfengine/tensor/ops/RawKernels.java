package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;
import dev.mtfengine.tensor.kernel.ScalarKernels;
import dev.mtfengine.tensor.kernel.UnaryOp;
import java.util.function.DoubleUnaryOperator;

/**
 * The {@link Kernels} calls of the primitives (and {@link ScalarKernels#map}) on raw storage of
 * either dtype ({@code float[]} or {@code double[]}, as {@link Axes#raw} and {@link Axes#newRaw}
 * give), so that a primitive's loop over rows is written once for F32 and F64. Each method picks
 * the typed overload by the dtype of its output array and passes its arguments unchanged: it does
 * no arithmetic of its own. All arrays of one call have the same dtype.
 */
final class RawKernels {
  private RawKernels() {}

  /** {@code k.binary} on arrays of one dtype. */
  static void binary(Kernels k, BinaryOp op, Object a, int aOff, boolean aBroadcast, Object b,
      int bOff, boolean bBroadcast, Object out, int outOff, int n) {
    if (out instanceof float[] r) {
      k.binary(op, (float[]) a, aOff, aBroadcast, (float[]) b, bOff, bBroadcast, r, outOff, n);
    } else {
      k.binary(op, (double[]) a, aOff, aBroadcast, (double[]) b, bOff, bBroadcast, (double[]) out,
          outOff, n);
    }
  }

  /** {@code k.addRows} on arrays of one dtype. */
  static void addRows(Kernels k, Object x, int xOff, Object bias, int biasOff, Object out, int outOff, int rows,
      int f, boolean relu) {
    if (out instanceof float[] r) {
      k.addRows((float[]) x, xOff, (float[]) bias, biasOff, r, outOff, rows, f, relu);
    } else {
      k.addRows((double[]) x, xOff, (double[]) bias, biasOff, (double[]) out, outOff, rows, f, relu);
    }
  }

  /** {@code k.reluBackwardRows} on arrays of one dtype. */
  static void reluBackwardRows(Kernels k, Object g, int gOff, Object out, int outOff, Object dx, int dxOff,
      Object dbias, int biasOff, int rows, int f) {
    if (dx instanceof float[] d) {
      k.reluBackwardRows((float[]) g, gOff, (float[]) out, outOff, d, dxOff, (float[]) dbias, biasOff, rows, f);
    } else {
      k.reluBackwardRows((double[]) g, gOff, (double[]) out, outOff, (double[]) dx, dxOff, (double[]) dbias,
          biasOff, rows, f);
    }
  }

  /** {@code k.unary} on arrays of one dtype. */
  static void unary(Kernels k, UnaryOp op, Object x, int xOff, Object out, int outOff, int n) {
    if (out instanceof float[] r) {
      k.unary(op, (float[]) x, xOff, r, outOff, n);
    } else {
      k.unary(op, (double[]) x, xOff, (double[]) out, outOff, n);
    }
  }

  /** {@code ScalarKernels.map} on arrays of one dtype. */
  static void map(DoubleUnaryOperator f, Object x, int xOff, Object out, int outOff, int n) {
    if (out instanceof float[] r) {
      ScalarKernels.map(f, (float[]) x, xOff, r, outOff, n);
    } else {
      ScalarKernels.map(f, (double[]) x, xOff, (double[]) out, outOff, n);
    }
  }

  /** {@code k.gemmBias} on arrays of one dtype. */
  static void gemmBias(Kernels k, boolean transA, boolean transB, int m, int n, int kk, Object a, int aOff,
      Object b, int bOff, Object c, int cOff, Object bias, int biasOff, boolean relu) {
    if (c instanceof float[] r) {
      k.gemmBias(transA, transB, m, n, kk, (float[]) a, aOff, (float[]) b, bOff, r, cOff, (float[]) bias, biasOff, relu);
    } else {
      k.gemmBias(transA, transB, m, n, kk, (double[]) a, aOff, (double[]) b, bOff, (double[]) c, cOff,
          (double[]) bias, biasOff, relu);
    }
  }

  /** {@code out[outIndex] = k.sum(x, off, n)}, in the dtype of the arrays. */
  static void storeSum(Kernels k, Object x, int off, int n, Object out, int outIndex) {
    if (out instanceof float[] r) {
      r[outIndex] = k.sum((float[]) x, off, n);
    } else {
      ((double[]) out)[outIndex] = k.sum((double[]) x, off, n);
    }
  }

  /** {@code out[outIndex] += k.sum(x, off, n)}, in the dtype of the arrays. */
  static void addSum(Kernels k, Object x, int off, int n, Object out, int outIndex) {
    if (out instanceof float[] r) {
      r[outIndex] += k.sum((float[]) x, off, n);
    } else {
      ((double[]) out)[outIndex] += k.sum((double[]) x, off, n);
    }
  }

  /** {@code k.gemm} on arrays of one dtype: every element of C's [m, n] block is written. */
  static void gemm(Kernels k, boolean transA, boolean transB, int m, int n, int depth, Object a,
      int aOff, Object b, int bOff, Object c, int cOff) {
    if (c instanceof float[] r) {
      k.gemm(transA, transB, m, n, depth, (float[]) a, aOff, (float[]) b, bOff, r, cOff);
    } else {
      k.gemm(transA, transB, m, n, depth, (double[]) a, aOff, (double[]) b, bOff, (double[]) c,
          cOff);
    }
  }
}
