package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = exp(x)} ({@link StrictMath}). Gradient: {@code dx = g z}. */
public final class Exp implements Primitive {
  public static final Exp INSTANCE = new Exp();

  private Exp() {}

  @Override
  public String name() {
    return "exp";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.map(in[0], StrictMath::exp);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.mul(g, out)};
  }
}
