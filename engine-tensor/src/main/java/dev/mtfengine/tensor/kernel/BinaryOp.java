package dev.mtfengine.tensor.kernel;

/**
 * Element-wise binary operations with IEEE-754 correctly rounded results, so the scalar and the
 * SIMD kernels give bit-identical outputs. MIN and MAX follow {@link Math#min}/{@link Math#max}
 * (NaN wins; -0.0 is smaller than 0.0).
 */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  MIN,
  MAX,
  /** {@code b > 0 ? a : 0}: passes {@code a} where {@code b} is positive (ReLU's gradient gate). */
  PASS_IF_POSITIVE
}
