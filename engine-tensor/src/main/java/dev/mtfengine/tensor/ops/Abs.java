package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = |x|}. Gradient: {@code dx = g * sign(x)}, 0 at {@code x = 0}. */
public final class Abs implements Primitive {
  public static final Abs INSTANCE = new Abs();

  private Abs() {}

  @Override
  public String name() {
    return "abs";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.unary(UnaryOp.ABS, in[0]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> x > 0 ? gv : x < 0 ? -gv : 0.0)};
  }
}
