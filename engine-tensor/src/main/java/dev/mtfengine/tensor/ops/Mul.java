package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = a * b} element-wise with broadcasting. Gradient: {@code da = sumTo(g * b, a), db =
 * sumTo(g * a, b)}.
 */
public final class Mul {
  public static final Primitive PRIMITIVE = Primitive.of("mul",
      in -> Elementwise.binary("mul", BinaryOp.MUL, in[0], in[1]),
      (in, out, g, needed) -> new Tensor[] {
        needed[0] ? Ops.sumTo(Ops.mul(g, in[1]), in[0].shape()) : null,
        needed[1] ? Ops.sumTo(Ops.mul(g, in[0]), in[1].shape()) : null
      });

  private Mul() {}
}
