package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * Sum of all elements (rank-0 result) or along one axis (that axis removed). Along the last axis
 * each row is one kernel reduction; along another axis rows are added element-wise in index order.
 * Gradient: {@code dx = broadcast(g)} back to the input's shape.
 *
 * @param axis the axis, or {@link #ALL_AXES}
 */
public record Sum(int axis) implements Primitive {
  public static final int ALL_AXES = Integer.MIN_VALUE;
  public static final Sum ALL = new Sum(ALL_AXES);

  @Override
  public String name() {
    return "sum";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    Kernels k = Elementwise.kernels();
    if (axis == ALL_AXES) {
      return x.dtype() == DType.F32
          ? Tensor.wrap(new float[] {k.sum(x.rawF32(), 0, x.size())}, Shape.scalar())
          : Tensor.wrap(new double[] {k.sum(x.rawF64(), 0, x.size())}, Shape.scalar());
    }
    int[] oli = Axes.around(x.shape(), axis);
    return reduce(k, x, oli[0], oli[1], oli[2], x.shape().without(axis));
  }

  static Tensor reduce(Kernels k, Tensor x, int outer, int len, int inner, Shape outShape) {
    if (x.dtype() == DType.F32) {
      float[] xs = x.rawF32();
      float[] r = new float[outShape.size()];
      for (int o = 0; o < outer; o++) {
        if (inner == 1) {
          r[o] = k.sum(xs, o * len, len);
        } else {
          for (int l = 0; l < len; l++) {
            k.binary(BinaryOp.ADD, r, o * inner, false, xs, (o * len + l) * inner, false, r, o * inner, inner);
          }
        }
      }
      return Tensor.wrap(r, outShape);
    }
    double[] xs = x.rawF64();
    double[] r = new double[outShape.size()];
    for (int o = 0; o < outer; o++) {
      if (inner == 1) {
        r[o] = k.sum(xs, o * len, len);
      } else {
        for (int l = 0; l < len; l++) {
          k.binary(BinaryOp.ADD, r, o * inner, false, xs, (o * len + l) * inner, false, r, o * inner, inner);
        }
      }
    }
    return Tensor.wrap(r, outShape);
  }

  /** {@code g} (the reduced shape) spread back over {@code inShape}. */
  static Tensor spread(Tensor g, Shape inShape, int axis) {
    if (axis == ALL_AXES) {
      return Ops.broadcastTo(g, inShape);
    }
    return Ops.broadcastTo(Ops.reshape(g, inShape.with(axis, 1)), inShape);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {spread(g, in[0].shape(), axis)};
  }
}
