package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/**
 * {@code z = min(max(x, lo), hi)}. Gradient: {@code dx = g} where {@code lo <= x <= hi} (bounds
 * included, as in PyTorch), else 0.
 *
 * @param lo lower bound
 * @param hi upper bound, {@code >= lo}
 */
public record Clamp(double lo, double hi) implements Primitive {
  public Clamp {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("clamp: lower bound " + lo + " > upper bound " + hi);
    }
  }

  @Override
  public String name() {
    return "clamp";
  }

  @Override
  public Tensor forward(Tensor... in) {
    double l = lo;
    double h = hi;
    return Elementwise.map(in[0], x -> Math.min(Math.max(x, l), h));
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    // Compare in the tensor's own precision: an F32 input equal to (float) lo is inside the box.
    double l = in[0].dtype() == dev.mtfengine.tensor.DType.F32 ? (float) lo : lo;
    double h = in[0].dtype() == dev.mtfengine.tensor.DType.F32 ? (float) hi : hi;
    return new Tensor[] {Elementwise.zip(g, in[0], (gv, x) -> x >= l && x <= h ? gv : 0.0)};
  }
}
