package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = x^2}. Gradient: {@code dx = 2 g x}. */
public final class Square {
  public static final Primitive PRIMITIVE = Primitive.of("square",
      in -> Elementwise.unary(UnaryOp.SQUARE, in[0]),
      (in, out, g, needed) -> new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> 2.0 * gv * x)});

  private Square() {}
}
