package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * The adjoint of broadcasting: sums {@code x} over the axes along which {@code target} was
 * broadcast to {@code x}'s shape, giving {@code target}. Used by the gradients of every
 * broadcasting primitive. Rows are accumulated in index order. Gradient: {@code dx =
 * broadcastTo(g, x.shape)}.
 *
 * @param target a shape that broadcasts to the input's shape
 */
public record SumTo(Shape target) implements Primitive {
  @Override
  public String name() {
    return "sumTo";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    if (!Elementwise.broadcastsTo(target, x.shape())) {
      throw new TensorShapeException(name() + ": shape " + target + " does not broadcast to " + x.shape());
    }
    if (x.shape().equals(target)) {
      return x;
    }
    int[] px = x.shape().padded3();
    int[] pt = target.padded3();
    int n = px[2];
    boolean rowSum = pt[2] == 1 && n != 1;
    Kernels k = Elementwise.kernels();
    Object src = Axes.raw(x);
    Object dst = Axes.newRaw(x.dtype(), target.size());
    if (n == 1 && pt[1] == px[1]) {
      // rows of one element summed over the first axis only (e.g. [M, B, 1] to [B, 1]): each i0
      // adds its whole middle axis in one call, the same additions in the same order as one call
      // per element (issue 12)
      for (int i0 = 0; i0 < px[0]; i0++) {
        RawKernels.binary(k, BinaryOp.ADD, dst, 0, false, src, i0 * px[1], false, dst, 0, px[1]);
      }
      return Axes.wrap(dst, target);
    }
    for (int i0 = 0; i0 < px[0]; i0++) {
      for (int i1 = 0; i1 < px[1]; i1++) {
        int d = Elementwise.offset(pt, i0, i1);
        int s = (i0 * px[1] + i1) * n;
        if (rowSum) {
          RawKernels.addSum(k, src, s, n, dst, d);
        } else {
          RawKernels.binary(k, BinaryOp.ADD, dst, d, false, src, s, false, dst, d, n);
        }
      }
    }
    return Axes.wrap(dst, target);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.broadcastTo(g, in[0].shape())};
  }
}
