package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = max(x, 0)}. Gradient: {@code dx = g} where {@code x > 0}, else 0 (0 at the kink). */
public final class Relu implements Primitive {
  public static final Relu INSTANCE = new Relu();

  private Relu() {}

  @Override
  public String name() {
    return "relu";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.unary(UnaryOp.RELU, in[0]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    // z > 0 exactly where x > 0, so the output serves as the mask.
    return new Tensor[] {Elementwise.binary(name(), BinaryOp.PASS_IF_POSITIVE, g, out)};
  }
}
