package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import java.util.List;

/**
 * The closed set of primitives, one representative instance each. {@code docs/gradients.md} lists
 * exactly these names (a test checks both that list and that every primitive of this package, each
 * {@link Primitive} record and each {@code Primitive} constant, is registered here).
 */
public final class Primitives {
  private Primitives() {}

  /** Every primitive, in the order of {@code docs/gradients.md}. */
  public static List<Primitive> all() {
    return List.of(
        Add.PRIMITIVE,
        Sub.PRIMITIVE,
        Mul.PRIMITIVE,
        Div.PRIMITIVE,
        Minimum.PRIMITIVE,
        Maximum.PRIMITIVE,
        Select.PRIMITIVE,
        Neg.PRIMITIVE,
        Abs.PRIMITIVE,
        Relu.PRIMITIVE,
        Tanh.PRIMITIVE,
        Sigmoid.PRIMITIVE,
        Softplus.PRIMITIVE,
        Exp.PRIMITIVE,
        Log.PRIMITIVE,
        Sqrt.PRIMITIVE,
        Square.PRIMITIVE,
        new Clamp(-1, 1),
        MatMul.NN,
        SharedInputMatMul.PRIMITIVE,
        BiasAdd.PRIMITIVE,
        BiasRelu.PRIMITIVE,
        EnsembleDenseRelu.PRIMITIVE,
        Sum.ALL,
        Mean.ALL,
        new Max(-1),
        new Min(-1),
        Concat.PRIMITIVE,
        new Slice(0, 1),
        new BroadcastTo(Shape.scalar()),
        new SumTo(Shape.scalar()),
        new Reshape(Shape.scalar()));
  }
}
