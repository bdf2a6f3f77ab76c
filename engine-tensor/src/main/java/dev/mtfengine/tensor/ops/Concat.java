package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;

/**
 * Joins tensors along the last axis; all other dimensions and the dtype must agree (e.g. a critic's
 * input {@code [state, action]}). Gradient: each input receives its slice of {@code g}.
 */
public final class Concat {
  public static final Primitive PRIMITIVE = Primitive.of("concat", Concat::forward, Concat::vjp);

  private Concat() {}

  private static Tensor forward(Tensor... in) {
    if (in.length == 0) {
      throw new TensorShapeException("concat: needs at least one tensor");
    }
    Shape lead = in[0].shape().with(-1, 0);
    int width = 0;
    for (Tensor t : in) {
      Elementwise.requireSameDType("concat", in[0], t);
      if (t.rank() == 0 || !t.shape().with(-1, 0).equals(lead)) {
        throw new TensorShapeException(
            "concat: shapes " + in[0].shape() + " and " + t.shape() + " differ before the last axis");
      }
      width += t.shape().lastDim();
    }
    Shape out = in[0].shape().with(-1, width);
    int rows = width == 0 ? 0 : out.size() / width;
    Object dst = Axes.newOutput(in[0].dtype(), out.size());
    int col = 0;
    for (Tensor t : in) {
      int w = t.shape().lastDim();
      Axes.copyRows(Axes.raw(t), 0, w, dst, col, width, rows, w);
      col += w;
    }
    return Axes.wrap(dst, out);
  }

  private static Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor[] grads = new Tensor[in.length];
    int col = 0;
    for (int i = 0; i < in.length; i++) {
      int w = in[i].shape().lastDim();
      if (needed[i]) {
        grads[i] = Ops.slice(g, col, col + w);
      }
      col += w;
    }
    return grads;
  }
}
