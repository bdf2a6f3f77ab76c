package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;

/**
 * The shared arg-extremum search of {@link Max} and {@link Min}: first index wins ties, NaN
 * propagates (a NaN position is chosen as soon as seen).
 */
final class Extremum {
  private Extremum() {}

  /** Index along the axis of the chosen element for each (outer, inner) position. */
  private static int[] argIndex(Tensor x, int axis, boolean max) {
    int[] oli = Axes.around(x.shape(), axis);
    int outer = oli[0];
    int len = oli[1];
    int inner = oli[2];
    if (len == 0) {
      throw new dev.mtfengine.tensor.TensorShapeException(
          (max ? "max" : "min") + ": axis " + axis + " of " + x.shape() + " is empty");
    }
    int[] arg = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int best = 0;
        double bv = x.getDouble(o * len * inner + i);
        for (int l = 1; l < len && !Double.isNaN(bv); l++) {
          double v = x.getDouble((o * len + l) * inner + i);
          if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
            best = l;
            bv = v;
          }
        }
        arg[o * inner + i] = best;
      }
    }
    return arg;
  }

  static Tensor forward(Tensor x, int axis, boolean max) {
    int[] oli = Axes.around(x.shape(), axis);
    int len = oli[1];
    int inner = oli[2];
    int[] arg = argIndex(x, axis, max);
    Shape out = x.shape().without(axis);
    Object src = Axes.raw(x);
    Object dst = Axes.newRaw(x.dtype(), out.size());
    for (int p = 0; p < arg.length; p++) {
      int o = p / inner;
      int i = p % inner;
      System.arraycopy(src, (o * len + arg[p]) * inner + i, dst, p, 1);
    }
    return Axes.wrap(dst, out);
  }

  static Tensor scatter(Tensor x, int axis, boolean max, Tensor g) {
    int[] oli = Axes.around(x.shape(), axis);
    int len = oli[1];
    int inner = oli[2];
    int[] arg = argIndex(x, axis, max);
    Object src = Axes.raw(g);
    Object dst = Axes.newRaw(x.dtype(), x.size());
    for (int p = 0; p < arg.length; p++) {
      int o = p / inner;
      int i = p % inner;
      System.arraycopy(src, p, dst, (o * len + arg[p]) * inner + i, 1);
    }
    return Axes.wrap(dst, x.shape());
  }
}
