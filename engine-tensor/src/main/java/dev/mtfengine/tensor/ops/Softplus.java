package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * {@code z = ln(1 + exp(x))}, evaluated as {@code max(x, 0) + ln(1 + exp(-|x|))} so it neither
 * overflows nor loses precision. Gradient: {@code dx = g sigmoid(x)}.
 */
public final class Softplus {
  public static final Primitive PRIMITIVE = Primitive.of("softplus",
      in -> Elementwise.map(in[0],
          x -> Math.max(x, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)))),
      (in, out, g, needed) ->
          new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> gv * Sigmoid.logistic(x))});

  private Softplus() {}
}
