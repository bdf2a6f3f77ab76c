package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = max(x, 0)}. Gradient: {@code dx = g} where {@code x > 0}, else 0 (0 at the kink). */
public final class Relu {
  public static final Primitive PRIMITIVE = Primitive.of("relu",
      in -> Elementwise.unary(UnaryOp.RELU, in[0]),
      // z > 0 exactly where x > 0, so the output serves as the mask.
      (in, out, g, needed) ->
          new Tensor[] {Elementwise.binary("relu", BinaryOp.PASS_IF_POSITIVE, g, out)});

  private Relu() {}
}
