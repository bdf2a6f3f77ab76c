package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = -x}. Gradient: {@code dx = -g}. */
public final class Neg {
  public static final Primitive PRIMITIVE = Primitive.of("neg",
      in -> Elementwise.unary(UnaryOp.NEG, in[0]),
      (in, out, g, needed) -> new Tensor[] {Ops.neg(g)});

  private Neg() {}
}
