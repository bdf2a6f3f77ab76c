package dev.mtfengine.tensor;

/**
 * One differentiable operation: its forward computation beside its vector-Jacobian product. Each
 * primitive lives in its own file in {@code dev.mtfengine.tensor.ops}; nothing else in the code
 * base computes gradients. Composite operations are built from primitives and have no gradient code
 * of their own.
 *
 * <p>A primitive without parameters is one constant made by {@link #of} from its name, forward and
 * VJP; a primitive with parameters (an axis, a shape, bounds) is a record implementing this
 * interface, so that equal parameters give equal primitives.
 *
 * <p>Calls go through {@link Autodiff#apply}, which runs {@link #forward} and records the
 * application on a tape when an input is tracked.
 */
public interface Primitive {

  /** The name used in error messages and in {@code docs/gradients.md}. */
  String name();

  /**
   * Computes the output from untracked inputs. Validates shapes and dtypes and throws a {@link
   * TensorShapeException} naming this primitive and the shapes.
   */
  Tensor forward(Tensor... inputs);

  /**
   * The vector-Jacobian product: given the inputs and output of a forward application and the
   * gradient of a scalar loss with respect to the output ({@code gradOutput}, the output's shape),
   * returns the gradient with respect to each input (that input's shape). Entries whose {@code
   * needed} flag is false may be null and are then skipped; an input that has no gradient (a mask,
   * an index) is always null. All tensors passed in are untracked; the result must be untracked.
   */
  Tensor[] vjp(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needed);

  /** {@link Primitive#forward} as a function, for {@link #of}. */
  @FunctionalInterface
  interface Forward {
    Tensor apply(Tensor... inputs);
  }

  /** {@link Primitive#vjp} as a function, for {@link #of}. */
  @FunctionalInterface
  interface Vjp {
    Tensor[] apply(Tensor[] inputs, Tensor output, Tensor gradOutput, boolean[] needed);
  }

  /**
   * The primitive without parameters named {@code name}, computing {@code forward} and
   * differentiated by {@code vjp} (the contracts of {@link #forward} and {@link #vjp}). Its {@code
   * toString} is its name.
   */
  static Primitive of(String name, Forward forward, Vjp vjp) {
    return new StatelessPrimitive(name, forward, vjp);
  }
}
