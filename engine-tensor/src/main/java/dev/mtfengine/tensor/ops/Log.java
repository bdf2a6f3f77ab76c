package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = ln(x)} ({@link StrictMath}), domain {@code x > 0}. Gradient: {@code dx = g / x}. */
public final class Log {
  public static final Primitive PRIMITIVE = Primitive.of("log",
      in -> Elementwise.map(in[0], StrictMath::log),
      (in, out, g, needed) -> new Tensor[] {Ops.div(g, in[0])});

  private Log() {}
}
