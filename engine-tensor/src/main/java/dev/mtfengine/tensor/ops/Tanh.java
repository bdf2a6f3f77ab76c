package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = tanh(x)} ({@link StrictMath}). Gradient: {@code dx = g (1 - z^2)}. */
public final class Tanh {
  public static final Primitive PRIMITIVE = Primitive.of("tanh",
      in -> Elementwise.map(in[0], StrictMath::tanh),
      (in, out, g, needed) ->
          new Tensor[] {Elementwise.zip(g, out, (gv, z) -> gv * (1.0 - z * z))});

  private Tanh() {}
}
