package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = sqrt(x)}, domain {@code x >= 0}. Gradient: {@code dx = g / (2 z)}. */
public final class Sqrt {
  public static final Primitive PRIMITIVE = Primitive.of("sqrt",
      in -> Elementwise.unary(UnaryOp.SQRT, in[0]),
      (in, out, g, needed) -> new Tensor[] {Elementwise.zip(g, out, (gv, z) -> gv / (2.0 * z))});

  private Sqrt() {}
}
