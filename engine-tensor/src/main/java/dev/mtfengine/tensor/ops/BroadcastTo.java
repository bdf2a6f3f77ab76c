package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;

/**
 * Repeats a tensor along its size-1 (or missing leading) axes to {@code target}, e.g. a batch
 * {@code [B, F]} to every member of an ensemble {@code [M, B, F]}. Gradient: {@code dx = sumTo(g,
 * x.shape)}.
 *
 * @param target the shape to broadcast to
 */
public record BroadcastTo(Shape target) implements Primitive {
  @Override
  public String name() {
    return "broadcastTo";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    if (!Elementwise.broadcastsTo(x.shape(), target)) {
      throw new TensorShapeException(name() + ": shape " + x.shape() + " cannot be broadcast to " + target);
    }
    if (x.shape().equals(target)) {
      return x;
    }
    int[] pt = target.padded3();
    int[] px = x.shape().padded3();
    Object src = Axes.raw(x);
    Object dst = Axes.newOutput(x.dtype(), target.size());
    int n = pt[2];
    for (int i0 = 0; i0 < pt[0]; i0++) {
      for (int i1 = 0; i1 < pt[1]; i1++) {
        int so = Elementwise.offset(px, i0, i1);
        int d = (i0 * pt[1] + i1) * n;
        if (px[2] == n) {
          System.arraycopy(src, so, dst, d, n);
        } else {
          for (int j = 0; j < n; j++) {
            System.arraycopy(src, so, dst, d + j, 1);
          }
        }
      }
    }
    return Axes.wrap(dst, target);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.sumTo(g, in[0].shape())};
  }
}
