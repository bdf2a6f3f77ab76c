package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = a / b} element-wise with broadcasting. Gradient: {@code da = sumTo(g / b, a), db =
 * -sumTo(g * z / b, b)} (using {@code a / b^2 = z / b}).
 */
public final class Div implements Primitive {
  public static final Div INSTANCE = new Div();

  private Div() {}

  @Override
  public String name() {
    return "div";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.binary(name(), BinaryOp.DIV, in[0], in[1]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor gOverB = Ops.div(g, in[1]);
    return new Tensor[] {
      needed[0] ? Ops.sumTo(gOverB, in[0].shape()) : null,
      needed[1] ? Ops.neg(Ops.sumTo(Ops.mul(gOverB, out), in[1].shape())) : null
    };
  }
}
