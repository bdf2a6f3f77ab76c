package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;

/**
 * Columns {@code [start, end)} of the last axis. Gradient: {@code g} written into those columns of
 * a zero tensor of the input's shape.
 *
 * @param start first column kept
 * @param end one past the last column kept
 */
public record Slice(int start, int end) implements Primitive {
  @Override
  public String name() {
    return "slice";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    int w = x.shape().lastDim();
    if (x.rank() == 0 || start < 0 || end > w || start > end) {
      throw new TensorShapeException(
          name() + ": columns [" + start + ", " + end + ") are outside shape " + x.shape());
    }
    int n = end - start;
    Shape out = x.shape().with(-1, n);
    int rows = x.size() / Math.max(w, 1);
    Object dst = Axes.newRaw(x.dtype(), out.size());
    Axes.copyRows(Axes.raw(x), start, w, dst, 0, n, rows, n);
    return Axes.wrap(dst, out);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Shape s = in[0].shape();
    int w = s.lastDim();
    int n = end - start;
    int rows = s.size() / Math.max(w, 1);
    Object dst = Axes.newRaw(g.dtype(), s.size());
    Axes.copyRows(Axes.raw(g), 0, n, dst, start, w, rows, n);
    return new Tensor[] {Axes.wrap(dst, s)};
  }
}
