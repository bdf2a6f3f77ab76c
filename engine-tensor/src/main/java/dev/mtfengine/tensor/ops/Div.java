package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = a / b} element-wise with broadcasting. Gradient: {@code da = sumTo(g / b, a), db =
 * -sumTo(g * z / b, b)} (using {@code a / b^2 = z / b}).
 */
public final class Div {
  public static final Primitive PRIMITIVE = Primitive.of("div",
      in -> Elementwise.binary("div", BinaryOp.DIV, in[0], in[1]),
      (in, out, g, needed) -> {
        Tensor gOverB = Ops.div(g, in[1]);
        return new Tensor[] {
          needed[0] ? Ops.sumTo(gOverB, in[0].shape()) : null,
          needed[1] ? Ops.neg(Ops.sumTo(Ops.mul(gOverB, out), in[1].shape())) : null
        };
      });

  private Div() {}
}
