package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;

/** {@code z = a + b} with broadcasting. Gradient: {@code da = sumTo(g, a), db = sumTo(g, b)}. */
public final class Add {
  public static final Primitive PRIMITIVE = Primitive.of("add",
      in -> Elementwise.binary("add", BinaryOp.ADD, in[0], in[1]),
      (in, out, g, needed) -> new Tensor[] {
        needed[0] ? Ops.sumTo(g, in[0].shape()) : null,
        needed[1] ? Ops.sumTo(g, in[1].shape()) : null
      });

  private Add() {}
}
