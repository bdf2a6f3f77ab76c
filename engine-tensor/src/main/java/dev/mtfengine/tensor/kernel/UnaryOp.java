package dev.mtfengine.tensor.kernel;

/**
 * Element-wise unary operations with correctly rounded results (bit-identical across kernel
 * paths). Transcendental functions are not here: they go through {@link ScalarKernels#map} with
 * {@link StrictMath} on every path, because SIMD approximations would differ in the last bits.
 */
public enum UnaryOp {
  NEG,
  ABS,
  /** {@code Math.max(x, 0)}. */
  RELU,
  SQUARE,
  SQRT
}
