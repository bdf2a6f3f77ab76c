package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * {@code z = mask != 0 ? a : b}, all three of one shape. Gradient: {@code da = g} where the mask is
 * set, {@code db = g} elsewhere; the mask gets none.
 */
public final class Select implements Primitive {
  public static final Select INSTANCE = new Select();

  private Select() {}

  @Override
  public String name() {
    return "select";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Elementwise.requireSameShape(name(), in[0], in[1]);
    Elementwise.requireSameShape(name(), in[1], in[2]);
    return Elementwise.zip3(in[0], in[1], in[2], (m, a, b) -> m != 0 ? a : b);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor mask = in[0];
    return new Tensor[] {
      null,
      needed[1] ? Elementwise.zip(g, mask, (gv, m) -> m != 0 ? gv : 0.0) : null,
      needed[2] ? Elementwise.zip(g, mask, (gv, m) -> m != 0 ? 0.0 : gv) : null
    };
  }
}
