package dev.mtfengine.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, rank 0 to 3, row-major. Rank 3 is an ensemble axis: {@code [members,
 * batch, features]}. Immutable.
 */
public final class Shape {
  /** The largest rank a tensor may have. */
  public static final int MAX_RANK = 3;

  private static final Shape SCALAR = new Shape(new int[0]);

  private final int[] dims;
  private final int size;

  private Shape(int[] dims) {
    this.dims = dims;
    long s = 1;
    for (int d : dims) {
      s *= d;
    }
    if (s > Integer.MAX_VALUE - 8) {
      throw new TensorShapeException("shape " + Arrays.toString(dims) + " has more than 2^31 elements");
    }
    this.size = (int) s;
  }

  /** A shape with the given dimensions (copied); each must be >= 0, at most 3 of them. */
  public static Shape of(int... dims) {
    if (dims.length > MAX_RANK) {
      throw new TensorShapeException(
          "shape " + Arrays.toString(dims) + " has rank " + dims.length + "; the maximum is 3");
    }
    for (int d : dims) {
      if (d < 0) {
        throw new TensorShapeException("shape " + Arrays.toString(dims) + " has a negative dimension");
      }
    }
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /** The rank-0 shape. */
  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  /** Number of elements (1 for a scalar). */
  public int size() {
    return size;
  }

  /** Dimension {@code axis}; a negative axis counts from the end ({@code -1} is the last). */
  public int dim(int axis) {
    return dims[normaliseAxis(axis)];
  }

  /** The last dimension, or 1 for a scalar. */
  public int lastDim() {
    return dims.length == 0 ? 1 : dims[dims.length - 1];
  }

  /** Maps a possibly negative axis into {@code [0, rank)}, or throws naming the shape. */
  public int normaliseAxis(int axis) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new TensorShapeException("axis " + axis + " is out of range for shape " + this);
    }
    return a;
  }

  /** A copy of the dimensions. */
  public int[] dims() {
    return dims.clone();
  }

  /** This shape with {@code axis} removed. */
  public Shape without(int axis) {
    int a = normaliseAxis(axis);
    int[] out = new int[dims.length - 1];
    for (int i = 0, j = 0; i < dims.length; i++) {
      if (i != a) {
        out[j++] = dims[i];
      }
    }
    return of(out);
  }

  /** This shape with dimension {@code axis} replaced by {@code value}. */
  public Shape with(int axis, int value) {
    int[] out = dims.clone();
    out[normaliseAxis(axis)] = value;
    return of(out);
  }

  /**
   * The dimensions left-padded with ones to rank 3, so element-wise kernels can always loop over
   * three axes.
   */
  public int[] padded3() {
    int[] out = {1, 1, 1};
    System.arraycopy(dims, 0, out, 3 - dims.length, dims.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
