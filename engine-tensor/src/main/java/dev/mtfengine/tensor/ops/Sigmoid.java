package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * {@code z = 1 / (1 + exp(-x))}, evaluated without overflow on both signs. Gradient: {@code dx = g
 * z (1 - z)}.
 */
public final class Sigmoid {
  public static final Primitive PRIMITIVE = Primitive.of("sigmoid",
      in -> Elementwise.map(in[0], Sigmoid::logistic),
      (in, out, g, needed) ->
          new Tensor[] {Elementwise.zip(g, out, (gv, z) -> gv * z * (1.0 - z))});

  private Sigmoid() {}

  /** The logistic function, stable for large |x|. */
  public static double logistic(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + StrictMath.exp(-x));
    }
    double e = StrictMath.exp(x);
    return e / (1.0 + e);
  }
}
