package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = sqrt(x)}, domain {@code x >= 0}. Gradient: {@code dx = g / (2 z)}. */
public final class Sqrt implements Primitive {
  public static final Sqrt INSTANCE = new Sqrt();

  private Sqrt() {}

  @Override
  public String name() {
    return "sqrt";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.unary(UnaryOp.SQRT, in[0]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Elementwise.zip(g, out, (gv, z) -> gv / (2.0 * z))};
  }
}
