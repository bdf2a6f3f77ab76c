package dev.mtfengine.tensor;

/**
 * Thrown when the shapes or dtypes of an op's operands do not fit. The message always names the op
 * and the shapes involved, e.g. {@code "matmul: inner dimensions differ: [256, 12] x [10, 64]"}.
 */
public final class TensorShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TensorShapeException(String message) {
    super(message);
  }
}
