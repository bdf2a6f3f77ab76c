package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * Smallest element along one axis (that axis removed), e.g. the pessimistic critic of clipped
 * double-Q. Gradient: {@code g} flows to the first position attaining the minimum, 0 elsewhere.
 *
 * @param axis the reduced axis
 */
public record Min(int axis) implements Primitive {
  @Override
  public String name() {
    return "min";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Extremum.forward(in[0], axis, false);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Extremum.scatter(in[0], axis, false, g)};
  }
}
