package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = tanh(x)} ({@link StrictMath}). Gradient: {@code dx = g (1 - z^2)}. */
public final class Tanh implements Primitive {
  public static final Tanh INSTANCE = new Tanh();

  private Tanh() {}

  @Override
  public String name() {
    return "tanh";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.map(in[0], StrictMath::tanh);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Elementwise.zip(g, out, (gv, z) -> gv * (1.0 - z * z))};
  }
}
