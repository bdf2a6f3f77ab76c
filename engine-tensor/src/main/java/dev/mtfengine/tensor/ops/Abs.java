package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = |x|}. Gradient: {@code dx = g * sign(x)}, 0 at {@code x = 0}. */
public final class Abs {
  public static final Primitive PRIMITIVE = Primitive.of("abs",
      in -> Elementwise.unary(UnaryOp.ABS, in[0]),
      (in, out, g, needed) ->
          new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> x > 0 ? gv : x < 0 ? -gv : 0.0)});

  private Abs() {}
}
