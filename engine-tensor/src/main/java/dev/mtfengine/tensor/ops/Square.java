package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = x^2}. Gradient: {@code dx = 2 g x}. */
public final class Square implements Primitive {
  public static final Square INSTANCE = new Square();

  private Square() {}

  @Override
  public String name() {
    return "square";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.unary(UnaryOp.SQUARE, in[0]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> 2.0 * gv * x)};
  }
}
