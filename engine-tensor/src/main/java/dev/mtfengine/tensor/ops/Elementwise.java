package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.KernelPath;
import dev.mtfengine.tensor.kernel.Kernels;
import dev.mtfengine.tensor.kernel.UnaryOp;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Shared machinery of the element-wise primitives: NumPy broadcasting over rank &lt;= 3, the
 * active kernels (called through {@link RawKernels}, one code path for both dtypes), and
 * dtype-generic maps evaluated in double. No gradient code lives here.
 *
 * <p>Broadcasting: shapes are aligned at the last axis; two dimensions fit when equal or when one
 * of them is 1 (or missing). {@code [B, F] + [F]} is row broadcasting; {@code [M, B, F] + [B, F]}
 * broadcasts along the ensemble axis.
 *
 * <p>The double-evaluated maps are exact for F32 when {@code f} is one correctly rounded operation
 * (+, -, *, /, sqrt): rounding the double result to float equals the float operation.
 */
final class Elementwise {
  private Elementwise() {}

  static Kernels kernels() {
    return KernelPath.active();
  }

  static void requireSameDType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new TensorShapeException(
          op + ": dtypes differ: " + a.dtype() + " " + a.shape() + " and " + b.dtype() + " "
              + b.shape());
    }
  }

  static void requireSameShape(String op, Tensor a, Tensor b) {
    requireSameDType(op, a, b);
    if (!a.shape().equals(b.shape())) {
      throw new TensorShapeException(op + ": shapes differ: " + a.shape() + " and " + b.shape());
    }
  }

  /** The broadcast shape of {@code a} and {@code b}, or an error naming the op and both shapes. */
  static Shape broadcastShape(String op, Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    int[] pa = a.padded3();
    int[] pb = b.padded3();
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = pa[3 - rank + i];
      int db = pb[3 - rank + i];
      if (da != db && da != 1 && db != 1) {
        throw new TensorShapeException(op + ": shapes " + a + " and " + b + " cannot be broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return Shape.of(out);
  }

  /** True when {@code from} broadcasts to exactly {@code to}. */
  static boolean broadcastsTo(Shape from, Shape to) {
    if (from.rank() > to.rank()) {
      return false;
    }
    int[] pf = from.padded3();
    int[] pt = to.padded3();
    for (int i = 0; i < 3; i++) {
      if (pf[i] != pt[i] && pf[i] != 1) {
        return false;
      }
    }
    return true;
  }

  /** {@code a op b} with broadcasting, on the active kernels. */
  static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
    requireSameDType(name, a, b);
    Shape out = broadcastShape(name, a.shape(), b.shape());
    int[] po = out.padded3();
    int[] pa = a.shape().padded3();
    int[] pb = b.shape().padded3();
    int n = po[2];
    boolean aB = pa[2] == 1 && n != 1;
    boolean bB = pb[2] == 1 && n != 1;
    Kernels k = kernels();
    Object x = Axes.raw(a);
    Object y = Axes.raw(b);
    Object r = Axes.newOutput(a.dtype(), out.size());
    if (a.shape().equals(out) && b.shape().equals(out)) {
      RawKernels.binary(k, op, x, 0, false, y, 0, false, r, 0, out.size());
      return Axes.wrap(r, out);
    }
    if (n == 1) {
      // rows of one element (e.g. [M, B, 1] against [B, 1]): run along the middle axis instead, one
      // call per i0, where an operand is contiguous (its own middle axis) or one repeated value
      // (broadcast along it); a call per element cost more than its element (issue 12)
      for (int i0 = 0; i0 < po[0]; i0++) {
        RawKernels.binary(k, op, x, offset(pa, i0, 0), pa[1] == 1 && po[1] != 1, y, offset(pb, i0, 0),
            pb[1] == 1 && po[1] != 1, r, i0 * po[1], po[1]);
      }
      return Axes.wrap(r, out);
    }
    for (int i0 = 0; i0 < po[0]; i0++) {
      for (int i1 = 0; i1 < po[1]; i1++) {
        RawKernels.binary(k, op, x, offset(pa, i0, i1), aB, y, offset(pb, i0, i1), bB, r,
            (i0 * po[1] + i1) * n, n);
      }
    }
    return Axes.wrap(r, out);
  }

  /**
   * Offset of row (i0, i1) of a broadcast shape in an operand with padded dims {@code p} that
   * broadcasts to it (its size-1 dims repeat).
   */
  static int offset(int[] p, int i0, int i1) {
    return ((p[0] == 1 ? 0 : i0) * p[1] + (p[1] == 1 ? 0 : i1)) * p[2];
  }

  /** {@code op(x)} on the active kernels. */
  static Tensor unary(UnaryOp op, Tensor x) {
    Object r = Axes.newOutput(x.dtype(), x.size());
    RawKernels.unary(kernels(), op, Axes.raw(x), 0, r, 0, x.size());
    return Axes.wrap(r, x.shape());
  }

  /** {@code f(x)} evaluated in double (StrictMath inside {@code f}), rounded for F32. */
  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    Object r = Axes.newRaw(x.dtype(), x.size());
    RawKernels.map(f, Axes.raw(x), 0, r, 0, x.size());
    return Axes.wrap(r, x.shape());
  }

  /** {@code f(a, b)} for same-shape operands, evaluated in double, rounded for F32. */
  static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
    int n = a.size();
    if (a.dtype() == DType.F32) {
      float[] x = a.rawF32();
      float[] y = b.rawF32();
      float[] r = new float[n];
      for (int i = 0; i < n; i++) {
        r[i] = (float) f.applyAsDouble(x[i], y[i]);
      }
      return Tensor.wrap(r, a.shape());
    }
    double[] x = a.rawF64();
    double[] y = b.rawF64();
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = f.applyAsDouble(x[i], y[i]);
    }
    return Tensor.wrap(r, a.shape());
  }

  /** Three-operand form of {@link #zip}: {@code f.apply(a, b, c)}. */
  interface DoubleTernaryOperator {
    double apply(double a, double b, double c);
  }

  static Tensor zip3(Tensor a, Tensor b, Tensor c, DoubleTernaryOperator f) {
    int n = a.size();
    if (a.dtype() == DType.F32) {
      float[] x = a.rawF32();
      float[] y = b.rawF32();
      float[] z = c.rawF32();
      float[] r = new float[n];
      for (int i = 0; i < n; i++) {
        r[i] = (float) f.apply(x[i], y[i], z[i]);
      }
      return Tensor.wrap(r, a.shape());
    }
    double[] x = a.rawF64();
    double[] y = b.rawF64();
    double[] z = c.rawF64();
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = f.apply(x[i], y[i], z[i]);
    }
    return Tensor.wrap(r, a.shape());
  }
}
