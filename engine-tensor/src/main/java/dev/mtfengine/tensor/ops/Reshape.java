package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;

/**
 * The same elements in row-major order under another shape of equal size (storage is shared: both
 * are immutable). Gradient: {@code dx = reshape(g, x.shape)}.
 *
 * @param target the new shape
 */
public record Reshape(Shape target) implements Primitive {
  @Override
  public String name() {
    return "reshape";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    if (x.size() != target.size()) {
      throw new TensorShapeException(name() + ": cannot reshape " + x.shape() + " to " + target);
    }
    return Axes.wrap(Axes.raw(x), target);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.reshape(g, in[0].shape())};
  }
}
