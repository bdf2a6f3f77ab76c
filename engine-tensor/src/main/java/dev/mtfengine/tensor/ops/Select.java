package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * {@code z = mask != 0 ? a : b}, all three of one shape. Gradient: {@code da = g} where the mask is
 * set, {@code db = g} elsewhere; the mask gets none.
 */
public final class Select {
  public static final Primitive PRIMITIVE = Primitive.of("select",
      in -> {
        Elementwise.requireSameShape("select", in[0], in[1]);
        Elementwise.requireSameShape("select", in[1], in[2]);
        return Elementwise.zip3(in[0], in[1], in[2], (m, a, b) -> m != 0 ? a : b);
      },
      (in, out, g, needed) -> {
        Tensor mask = in[0];
        return new Tensor[] {
          null,
          needed[1] ? Elementwise.zip(g, mask, (gv, m) -> m != 0 ? gv : 0.0) : null,
          needed[2] ? Elementwise.zip(g, mask, (gv, m) -> m != 0 ? 0.0 : gv) : null
        };
      });

  private Select() {}
}
