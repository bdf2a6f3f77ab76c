package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = a * b} element-wise with broadcasting. Gradient: {@code da = sumTo(g * b, a), db =
 * sumTo(g * a, b)}.
 */
public final class Mul implements Primitive {
  public static final Mul INSTANCE = new Mul();

  private Mul() {}

  @Override
  public String name() {
    return "mul";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.binary(name(), BinaryOp.MUL, in[0], in[1]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {
      needed[0] ? Ops.sumTo(Ops.mul(g, in[1]), in[0].shape()) : null,
      needed[1] ? Ops.sumTo(Ops.mul(g, in[0]), in[1].shape()) : null
    };
  }
}
