package dev.mtfengine.tensor;

import java.util.Objects;

/** A primitive without parameters, made by {@link Primitive#of} from its name, forward and VJP. */
final class StatelessPrimitive implements Primitive {
  private final String name;
  private final Forward forward;
  private final Vjp vjp;

  StatelessPrimitive(String name, Forward forward, Vjp vjp) {
    this.name = Objects.requireNonNull(name, "name");
    this.forward = Objects.requireNonNull(forward, "forward");
    this.vjp = Objects.requireNonNull(vjp, "vjp");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Tensor forward(Tensor... inputs) {
    return forward.apply(inputs);
  }

  @Override
  public Tensor[] vjp(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needed) {
    return vjp.apply(inputs, output, gradOutput, needed);
  }

  @Override
  public String toString() {
    return name;
  }
}
