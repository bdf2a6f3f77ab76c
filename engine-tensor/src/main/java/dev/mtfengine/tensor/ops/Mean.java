package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * Mean of all elements or along one axis: the {@link Sum} divided by the count. Gradient: {@code dx
 * = broadcast(g) / count}.
 *
 * @param axis the axis, or {@link Sum#ALL_AXES}
 */
public record Mean(int axis) implements Primitive {
  public static final Mean ALL = new Mean(Sum.ALL_AXES);

  @Override
  public String name() {
    return "mean";
  }

  private int count(Tensor x) {
    return axis == Sum.ALL_AXES ? x.size() : x.dim(axis);
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor s = new Sum(axis).forward(in[0]);
    return Ops.div(s, Tensor.scalar(count(in[0]), in[0].dtype()));
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor spread = Sum.spread(g, in[0].shape(), axis);
    return new Tensor[] {Ops.div(spread, Tensor.scalar(count(in[0]), in[0].dtype()))};
  }
}
