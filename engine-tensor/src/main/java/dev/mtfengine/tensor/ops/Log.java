package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;

/** {@code z = ln(x)} ({@link StrictMath}), domain {@code x > 0}. Gradient: {@code dx = g / x}. */
public final class Log implements Primitive {
  public static final Log INSTANCE = new Log();

  private Log() {}

  @Override
  public String name() {
    return "log";
  }

  @Override
  public Tensor forward(Tensor... in) {
    return Elementwise.map(in[0], StrictMath::log);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {Ops.div(g, in[0])};
  }
}
