package dev.mtfengine.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;

/**
 * An immutable, row-major array of rank 0 to 3 with dtype {@link DType#F32} or {@link DType#F64}.
 *
 * <p>A tensor is a value. When it was produced on a {@link Tape} from watched leaves it also carries
 * the tape entry that produced it, so {@link Tape#backward} can reach it; {@link #detach()} drops
 * that link (stop-gradient). Arithmetic lives in {@link dev.mtfengine.tensor.ops.Ops}.
 */
public final class Tensor {
  private final Shape shape;
  private final DType dtype;
  private final float[] f32;
  private final double[] f64;
  /** The tape entry that produced this tensor, or null for a constant. */
  final Tape.Node node;

  private Tensor(Shape shape, float[] f32, double[] f64, Tape.Node node) {
    this.shape = shape;
    this.dtype = f32 != null ? DType.F32 : DType.F64;
    this.f32 = f32;
    this.f64 = f64;
    this.node = node;
  }

  /** The same values, linked to a tape entry (used by {@link Tape} only). */
  Tensor withNode(Tape.Node n) {
    return new Tensor(shape, f32, f64, n);
  }

  // ---------------------------------------------------------------------------------- factories

  /** An F32 tensor holding a copy of {@code data}, of shape {@code dims}. */
  public static Tensor of(float[] data, int... dims) {
    Shape s = Shape.of(dims);
    checkLength("Tensor.of", data.length, s);
    return new Tensor(s, data.clone(), null, null);
  }

  /** An F64 tensor holding a copy of {@code data}, of shape {@code dims}. */
  public static Tensor of(double[] data, int... dims) {
    Shape s = Shape.of(dims);
    checkLength("Tensor.of", data.length, s);
    return new Tensor(s, null, data.clone(), null);
  }

  /** An F32 matrix from rows (copied); every row must have the same length. */
  public static Tensor of(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] out = new float[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new TensorShapeException(
            "Tensor.of: row " + i + " has " + rows[i].length + " columns, row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), out, null, null);
  }

  /** An F64 matrix from rows (copied); every row must have the same length. */
  public static Tensor of(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] out = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new TensorShapeException(
            "Tensor.of: row " + i + " has " + rows[i].length + " columns, row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, out, i * cols, cols);
    }
    return new Tensor(Shape.of(rows.length, cols), null, out, null);
  }

  /**
   * Wraps {@code data} without copying. Internal API for kernels and primitives: the caller hands
   * over the array and must never write to it again.
   */
  public static Tensor wrap(float[] data, Shape shape) {
    checkLength("Tensor.wrap", data.length, shape);
    return new Tensor(shape, data, null, null);
  }

  /** F64 counterpart of {@link #wrap(float[], Shape)}. */
  public static Tensor wrap(double[] data, Shape shape) {
    checkLength("Tensor.wrap", data.length, shape);
    return new Tensor(shape, null, data, null);
  }

  /** A rank-0 tensor. */
  public static Tensor scalar(double value, DType dtype) {
    return full(value, dtype);
  }

  /** A tensor of shape {@code dims} with every element equal to {@code value}. */
  public static Tensor full(double value, DType dtype, int... dims) {
    Shape s = Shape.of(dims);
    if (dtype == DType.F32) {
      float[] a = new float[s.size()];
      Arrays.fill(a, (float) value);
      return new Tensor(s, a, null, null);
    }
    double[] a = new double[s.size()];
    Arrays.fill(a, value);
    return new Tensor(s, null, a, null);
  }

  public static Tensor zeros(DType dtype, int... dims) {
    Shape s = Shape.of(dims);
    return dtype == DType.F32
        ? new Tensor(s, new float[s.size()], null, null)
        : new Tensor(s, null, new double[s.size()], null);
  }

  /** Zeros of the given shape. */
  public static Tensor zeros(DType dtype, Shape s) {
    return zeros(dtype, s.dims());
  }

  public static Tensor ones(DType dtype, int... dims) {
    return full(1.0, dtype, dims);
  }

  /** Independent standard normal draws (in F64, then rounded for F32), in row-major order. */
  public static Tensor randn(RandomGenerator rng, DType dtype, int... dims) {
    Shape s = Shape.of(dims);
    double[] a = new double[s.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian();
    }
    return fromDoubles(a, s, dtype);
  }

  /** Independent draws from U[lo, hi), in row-major order. */
  public static Tensor uniform(RandomGenerator rng, double lo, double hi, DType dtype, int... dims) {
    if (!(lo <= hi)) {
      throw new IllegalArgumentException("Tensor.uniform: lo " + lo + " > hi " + hi);
    }
    Shape s = Shape.of(dims);
    double[] a = new double[s.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return fromDoubles(a, s, dtype);
  }

  /** A copy of an EJML matrix as an F32 tensor of shape [rows, cols]. */
  public static Tensor from(FMatrixRMaj m) {
    return new Tensor(
        Shape.of(m.numRows, m.numCols),
        Arrays.copyOf(m.data, m.numRows * m.numCols),
        null,
        null);
  }

  /** A copy of an EJML matrix as an F64 tensor of shape [rows, cols]. */
  public static Tensor from(DMatrixRMaj m) {
    return new Tensor(
        Shape.of(m.numRows, m.numCols),
        null,
        Arrays.copyOf(m.data, m.numRows * m.numCols),
        null);
  }

  private static Tensor fromDoubles(double[] a, Shape s, DType dtype) {
    if (dtype == DType.F64) {
      return new Tensor(s, null, a, null);
    }
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return new Tensor(s, f, null, null);
  }

  private static void checkLength(String op, int length, Shape s) {
    if (length != s.size()) {
      throw new TensorShapeException(
          op + ": " + length + " values do not fill shape " + s + " (" + s.size() + " elements)");
    }
  }

  // ---------------------------------------------------------------------------------- accessors

  public Shape shape() {
    return shape;
  }

  public DType dtype() {
    return dtype;
  }

  public int rank() {
    return shape.rank();
  }

  /** Number of elements. */
  public int size() {
    return shape.size();
  }

  /** Dimension {@code axis}, negative axes counting from the end. */
  public int dim(int axis) {
    return shape.dim(axis);
  }

  /** True when this tensor was produced on a tape from watched leaves (or is a watched leaf). */
  public boolean isTracked() {
    return node != null;
  }

  /** The same values without the tape link: gradients do not flow through the result. */
  public Tensor detach() {
    return node == null ? this : new Tensor(shape, f32, f64, null);
  }

  /** Element at a flat row-major index, widened to double. */
  public double getDouble(int flatIndex) {
    return f32 != null ? f32[flatIndex] : f64[flatIndex];
  }

  /** Element at the given indices (one per axis), widened to double. */
  public double get(int... indices) {
    if (indices.length != shape.rank()) {
      throw new TensorShapeException(
          "get: " + indices.length + " indices for shape " + shape);
    }
    int flat = 0;
    for (int i = 0; i < indices.length; i++) {
      int d = shape.dim(i);
      if (indices[i] < 0 || indices[i] >= d) {
        throw new IndexOutOfBoundsException(
            "get: index " + Arrays.toString(indices) + " outside shape " + shape);
      }
      flat = flat * d + indices[i];
    }
    return getDouble(flat);
  }

  /** The single value of a one-element tensor (e.g. a loss). */
  public double item() {
    if (shape.size() != 1) {
      throw new TensorShapeException("item: tensor of shape " + shape + " is not one element");
    }
    return getDouble(0);
  }

  /** A copy of the values as floats (rounded when F64). */
  public float[] toFloatArray() {
    if (f32 != null) {
      return f32.clone();
    }
    float[] out = new float[f64.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) f64[i];
    }
    return out;
  }

  /** A copy of the values as doubles (exact when F32). */
  public double[] toDoubleArray() {
    if (f64 != null) {
      return f64.clone();
    }
    double[] out = new double[f32.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f32[i];
    }
    return out;
  }

  /** The same values converted to {@code target} (rounded to nearest for F64 to F32), detached. */
  public Tensor to(DType target) {
    if (target == dtype) {
      return detach();
    }
    return target == DType.F32
        ? new Tensor(shape, toFloatArray(), null, null)
        : new Tensor(shape, null, toDoubleArray(), null);
  }

  /**
   * The internal F32 storage. Internal API for kernels and primitives: never write to it. Throws
   * when the tensor is F64.
   */
  public float[] rawF32() {
    if (f32 == null) {
      throw new TensorShapeException("rawF32: tensor of shape " + shape + " is F64");
    }
    return f32;
  }

  /** The internal F64 storage; same contract as {@link #rawF32()}. */
  public double[] rawF64() {
    if (f64 == null) {
      throw new TensorShapeException("rawF64: tensor of shape " + shape + " is F32");
    }
    return f64;
  }

  /** A copy as an EJML F32 matrix; the tensor must be 2-D and F32. */
  public FMatrixRMaj toFMatrix() {
    requireMatrix("toFMatrix", DType.F32);
    return new FMatrixRMaj(shape.dim(0), shape.dim(1), true, f32);
  }

  /** A copy as an EJML F64 matrix; the tensor must be 2-D and F64. */
  public DMatrixRMaj toDMatrix() {
    requireMatrix("toDMatrix", DType.F64);
    return new DMatrixRMaj(shape.dim(0), shape.dim(1), true, f64);
  }

  private void requireMatrix(String op, DType want) {
    if (shape.rank() != 2 || dtype != want) {
      throw new TensorShapeException(
          op + ": needs a 2-D " + want + " tensor, got " + dtype + " " + shape);
    }
  }

  /** True when shape, dtype and every bit of every element are equal (NaNs compare by bits). */
  public boolean bitEquals(Tensor other) {
    if (!shape.equals(other.shape) || dtype != other.dtype) {
      return false;
    }
    if (f32 != null) {
      for (int i = 0; i < f32.length; i++) {
        if (Float.floatToRawIntBits(f32[i]) != Float.floatToRawIntBits(other.f32[i])) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < f64.length; i++) {
      if (Double.doubleToRawLongBits(f64[i]) != Double.doubleToRawLongBits(other.f64[i])) {
        return false;
      }
    }
    return true;
  }

  /** Index of the first NaN or infinite element, or -1. */
  public int firstNonFinite() {
    for (int i = 0; i < size(); i++) {
      if (!Double.isFinite(getDouble(i))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor(").append(dtype).append(' ').append(shape);
    int n = Math.min(size(), 8);
    sb.append(" [");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ", ").append(getDouble(i));
    }
    if (size() > n) {
      sb.append(", ...");
    }
    sb.append("]").append(node != null ? " tracked)" : ")");
    return sb.toString();
  }
}
