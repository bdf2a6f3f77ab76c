package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import java.util.List;

/**
 * The closed set of primitives, one representative instance each. {@code docs/gradients.md} lists
 * exactly these names (a test checks both that list and that every {@link Primitive} class in this
 * package is registered here).
 */
public final class Primitives {
  private Primitives() {}

  /** Every primitive, in the order of {@code docs/gradients.md}. */
  public static List<Primitive> all() {
    return List.of(
        Add.INSTANCE,
        Sub.INSTANCE,
        Mul.INSTANCE,
        Div.INSTANCE,
        Minimum.INSTANCE,
        Maximum.INSTANCE,
        Select.INSTANCE,
        Neg.INSTANCE,
        Abs.INSTANCE,
        Relu.INSTANCE,
        Tanh.INSTANCE,
        Sigmoid.INSTANCE,
        Softplus.INSTANCE,
        Exp.INSTANCE,
        Log.INSTANCE,
        Sqrt.INSTANCE,
        Square.INSTANCE,
        new Clamp(-1, 1),
        MatMul.NN,
        BiasAdd.INSTANCE,
        Sum.ALL,
        Mean.ALL,
        new Max(-1),
        new Min(-1),
        Concat.INSTANCE,
        new Slice(0, 1),
        new BroadcastTo(Shape.scalar()),
        new SumTo(Shape.scalar()),
        new Reshape(Shape.scalar()));
  }
}
