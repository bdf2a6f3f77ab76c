package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/** {@code z = a - b} with broadcasting. Gradient: {@code da = sumTo(g, a), db = -sumTo(g, b)}. */
public final class Sub implements Primitive {
  public static final Sub INSTANCE = new Sub();

  private Sub() {}

  @Override
  public String name() {
    return "sub";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.binary(name(), BinaryOp.SUB, in[0], in[1]);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {
      needed[0] ? Ops.sumTo(g, in[0].shape()) : null,
      needed[1] ? Ops.neg(Ops.sumTo(g, in[1].shape())) : null
    };
  }
}
