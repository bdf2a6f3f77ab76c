package dev.mtfengine.tensor;

/**
 * Element type of a {@link Tensor}.
 *
 * <p>F32 is the default for training and serving (twice the SIMD lanes of F64); F64 is used for
 * gradient checks and audits. Every primitive supports both, and an op never mixes them: combining
 * an F32 and an F64 tensor is an error that names the op.
 */
public enum DType {
  F32(Float.BYTES),
  F64(Double.BYTES);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }
}
