package dev.mtfengine.tensor.ops;

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
    if (axis == ALL_AXES) { // all elements as one row: one kernel reduction
      return reduce(x, 1, x.size(), 1, Shape.scalar());
    }
    int[] oli = Axes.around(x.shape(), axis);
    return reduce(x, oli[0], oli[1], oli[2], x.shape().without(axis));
  }

  /** {@code x} seen as {@code [outer, len, inner]}, summed over {@code len}. */
  private static Tensor reduce(Tensor x, int outer, int len, int inner, Shape outShape) {
    Kernels k = Elementwise.kernels();
    Object xs = Axes.raw(x);
    Object r = Axes.newRaw(x.dtype(), outShape.size());
    for (int o = 0; o < outer; o++) {
      if (inner == 1) {
        RawKernels.storeSum(k, xs, o * len, len, r, o);
      } else {
        for (int l = 0; l < len; l++) {
          RawKernels.binary(k, BinaryOp.ADD, r, o * inner, false, xs, (o * len + l) * inner, false,
              r, o * inner, inner);
        }
      }
    }
    return Axes.wrap(r, outShape);
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
