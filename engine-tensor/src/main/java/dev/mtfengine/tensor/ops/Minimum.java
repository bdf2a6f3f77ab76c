package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/**
 * {@code z = min(a, b)} element-wise with broadcasting ({@link Math#min} semantics). Gradient: to
 * {@code a} where {@code a <= b} (ties go to {@code a}), else to {@code b}, then summed to each
 * operand's shape.
 */
public final class Minimum {
  public static final Primitive PRIMITIVE = Primitive.of("minimum",
      in -> Elementwise.binary("minimum", BinaryOp.MIN, in[0], in[1]),
      (in, out, g, needed) -> {
        Tensor a = Ops.broadcastTo(in[0], out.shape());
        Tensor b = Ops.broadcastTo(in[1], out.shape());
        Tensor toA = Elementwise.zip3(g, a, b, (gv, x, y) -> x <= y ? gv : 0.0);
        Tensor toB = Elementwise.zip3(g, a, b, (gv, x, y) -> x <= y ? 0.0 : gv);
        return new Tensor[] {
          needed[0] ? Ops.sumTo(toA, in[0].shape()) : null,
          needed[1] ? Ops.sumTo(toB, in[1].shape()) : null
        };
      });

  private Minimum() {}
}
