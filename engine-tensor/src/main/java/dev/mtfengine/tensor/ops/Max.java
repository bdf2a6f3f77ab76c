package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * Largest element along one axis (that axis removed), e.g. the best of n sampled actions (BCQ) or
 * the most optimistic critic. Gradient: {@code g} flows to the first position attaining the
 * maximum, 0 elsewhere.
 *
 * @param axis the reduced axis
 */
public record Max(int axis) implements Primitive {
  @Override
  public String name() {
    return "max";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Extremum.forward(in[0], axis, true);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Extremum.scatter(in[0], axis, true, g)};
  }
}
