package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.UnaryOp;

/** {@code z = -x}. Gradient: {@code dx = -g}. */
public final class Neg implements Primitive {
  public static final Neg INSTANCE = new Neg();

  private Neg() {}

  @Override
  public String name() {
    return "neg";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.unary(UnaryOp.NEG, in[0]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.neg(g)};
  }
}
