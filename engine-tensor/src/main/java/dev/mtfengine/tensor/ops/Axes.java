package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;

/**
 * Index arithmetic shared by the axis primitives: a row-major tensor seen as {@code [outer, len,
 * inner]} around one axis, and dtype-generic raw storage for copies.
 */
final class Axes {
  private Axes() {}

  /** {@code {outer, len, inner}} for {@code axis} of {@code s}. */
  static int[] around(Shape s, int axis) {
    int a = s.normaliseAxis(axis);
    int outer = 1;
    int inner = 1;
    for (int i = 0; i < a; i++) {
      outer *= s.dim(i);
    }
    for (int i = a + 1; i < s.rank(); i++) {
      inner *= s.dim(i);
    }
    return new int[] {outer, s.dim(a), inner};
  }

  /**
   * Copies {@code rows} runs of {@code w} elements between raw arrays of one dtype: run r from
   * {@code src[srcOff + r srcStride ..]} to {@code dst[dstOff + r dstStride ..]}. Typed loops: a
   * {@code System.arraycopy} on {@code Object} arrays per short row (a critic input's 9 state
   * columns) cost several times the copy itself (issue 12).
   */
  static void copyRows(Object src, int srcOff, int srcStride, Object dst, int dstOff, int dstStride, int rows, int w) {
    if (src instanceof float[] s) {
      float[] d = (float[]) dst;
      for (int r = 0; r < rows; r++) {
        int si = srcOff + r * srcStride;
        int di = dstOff + r * dstStride;
        for (int j = 0; j < w; j++) {
          d[di + j] = s[si + j];
        }
      }
    } else {
      double[] s = (double[]) src;
      double[] d = (double[]) dst;
      for (int r = 0; r < rows; r++) {
        int si = srcOff + r * srcStride;
        int di = dstOff + r * dstStride;
        for (int j = 0; j < w; j++) {
          d[di + j] = s[si + j];
        }
      }
    }
  }

  /** The raw storage array (float[] or double[]), for System.arraycopy. */
  static Object raw(Tensor t) {
    return t.dtype() == DType.F32 ? t.rawF32() : t.rawF64();
  }

  /** A new zeroed array of the dtype. */
  static Object newRaw(DType d, int n) {
    return d == DType.F32 ? new float[n] : new double[n];
  }

  /**
   * An array of the dtype whose every element the caller writes before anything reads it: from the
   * thread's open {@link dev.mtfengine.tensor.Workspace} scope where there is one (it then holds
   * the previous step's values, not zeros), else a new one.
   */
  static Object newOutput(DType d, int n) {
    return d == DType.F32 ? Workspace.floats(n) : Workspace.doubles(n);
  }

  /** Takes ownership of a raw array made by {@link #newRaw}. */
  static Tensor wrap(Object raw, Shape s) {
    return raw instanceof float[] ? Tensor.wrap((float[]) raw, s) : Tensor.wrap((double[]) raw, s);
  }
}
