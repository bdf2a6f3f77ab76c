package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = exp(x)} ({@link StrictMath}). Gradient: {@code dx = g z}. */
public final class Exp {
  public static final Primitive PRIMITIVE = Primitive.of("exp",
      in -> Elementwise.map(in[0], StrictMath::exp),
      (in, out, g, needed) -> new Tensor[] {Ops.mul(g, out)});

  private Exp() {}
}
