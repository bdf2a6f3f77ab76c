package dev.mtfengine.tensor.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * The reference kernels: plain Java loops that define every result. The Vector API kernels are
 * tested against this class, bit for bit except for {@link #sum}.
 */
public final class ScalarKernels implements Kernels {
  /** Below this many multiply-adds a GEMM runs on one thread. */
  static final long PARALLEL_GEMM_FLOPS = 1L << 18;
  /** Below this many columns of C the dot-product loop order beats the row-update order. */
  static final int NARROW = 8;

  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void binary(BinaryOp op, float[] a, int aOff, boolean aBroadcast, float[] b, int bOff,
      boolean bBroadcast, float[] out, int outOff, int n) {
    int as = aBroadcast ? 0 : 1;
    int bs = bBroadcast ? 0 : 1;
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] + b[bOff + i * bs];
        break;
      case SUB:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] - b[bOff + i * bs];
        break;
      case MUL:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] * b[bOff + i * bs];
        break;
      case DIV:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] / b[bOff + i * bs];
        break;
      case MIN:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.min(a[aOff + i * as], b[bOff + i * bs]);
        break;
      case MAX:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i * as], b[bOff + i * bs]);
        break;
      case PASS_IF_POSITIVE:
        for (int i = 0; i < n; i++) out[outOff + i] = b[bOff + i * bs] > 0 ? a[aOff + i * as] : 0;
        break;
      default:
        throw new AssertionError(op);
    }
  }

  @Override
  public void binary(BinaryOp op, double[] a, int aOff, boolean aBroadcast, double[] b, int bOff,
      boolean bBroadcast, double[] out, int outOff, int n) {
    int as = aBroadcast ? 0 : 1;
    int bs = bBroadcast ? 0 : 1;
    switch (op) {
      case ADD:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] + b[bOff + i * bs];
        break;
      case SUB:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] - b[bOff + i * bs];
        break;
      case MUL:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] * b[bOff + i * bs];
        break;
      case DIV:
        for (int i = 0; i < n; i++) out[outOff + i] = a[aOff + i * as] / b[bOff + i * bs];
        break;
      case MIN:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.min(a[aOff + i * as], b[bOff + i * bs]);
        break;
      case MAX:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(a[aOff + i * as], b[bOff + i * bs]);
        break;
      case PASS_IF_POSITIVE:
        for (int i = 0; i < n; i++) out[outOff + i] = b[bOff + i * bs] > 0 ? a[aOff + i * as] : 0;
        break;
      default:
        throw new AssertionError(op);
    }
  }

  @Override
  public void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n) {
    switch (op) {
      case NEG:
        for (int i = 0; i < n; i++) out[outOff + i] = -x[xOff + i];
        break;
      case ABS:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.abs(x[xOff + i]);
        break;
      case RELU:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(x[xOff + i], 0f);
        break;
      case SQUARE:
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * x[xOff + i];
        break;
      case SQRT:
        for (int i = 0; i < n; i++) out[outOff + i] = (float) Math.sqrt(x[xOff + i]);
        break;
      default:
        throw new AssertionError(op);
    }
  }

  @Override
  public void unary(UnaryOp op, double[] x, int xOff, double[] out, int outOff, int n) {
    switch (op) {
      case NEG:
        for (int i = 0; i < n; i++) out[outOff + i] = -x[xOff + i];
        break;
      case ABS:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.abs(x[xOff + i]);
        break;
      case RELU:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.max(x[xOff + i], 0.0);
        break;
      case SQUARE:
        for (int i = 0; i < n; i++) out[outOff + i] = x[xOff + i] * x[xOff + i];
        break;
      case SQRT:
        for (int i = 0; i < n; i++) out[outOff + i] = Math.sqrt(x[xOff + i]);
        break;
      default:
        throw new AssertionError(op);
    }
  }

  /** Sequential left-to-right sum. */
  @Override
  public float sum(float[] x, int off, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /** Sequential left-to-right sum. */
  @Override
  public double sum(double[] x, int off, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }

  /**
   * Applies {@code f} (evaluated in double with {@link StrictMath}-based code) element-wise and
   * rounds to float. Used on every kernel path for transcendental functions, so their bits do not
   * depend on the path.
   */
  public static void map(DoubleUnaryOperator f, float[] x, int xOff, float[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = (float) f.applyAsDouble(x[xOff + i]);
    }
  }

  /** F64 counterpart of {@link #map(DoubleUnaryOperator, float[], int, float[], int, int)}. */
  public static void map(DoubleUnaryOperator f, double[] x, int xOff, double[] out, int outOff, int n) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = f.applyAsDouble(x[xOff + i]);
    }
  }

  /**
   * i-p-j loop: for each row i, {@code c[i, :] += a[i, p] * b[p, :]} with fma, p increasing, which
   * is the per-element fma chain of the {@link Kernels#gemm} definition. B^T is packed to [k, n]
   * first so the inner loop is contiguous. Rows are split over {@link ComputePool} threads.
   */
  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
    final float[] bp;
    final int bpOff;
    if (transB) {
      bp = new float[k * n];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          bp[p * n + j] = b[bOff + j * k + p];
        }
      }
      bpOff = 0;
    } else {
      bp = b;
      bpOff = bOff;
    }
    int tasks = gemmTasks(m, n, k);
    if (n < NARROW && !transA) {
      // Narrow C (e.g. a critic's single output): dot products along contiguous rows of A, each
      // element still the fma chain in increasing p.
      ComputePool.run(tasks, t -> {
        for (int i = ComputePool.splitStart(m, tasks, t); i < ComputePool.splitStart(m, tasks, t + 1); i++) {
          int ai = aOff + i * k;
          for (int j = 0; j < n; j++) {
            float acc = 0f;
            for (int p = 0; p < k; p++) {
              acc = Math.fma(a[ai + p], bp[bpOff + p * n + j], acc);
            }
            c[cOff + i * n + j] = acc;
          }
        }
      });
      return;
    }
    ComputePool.run(tasks, t -> {
      int i0 = ComputePool.splitStart(m, tasks, t);
      int i1 = ComputePool.splitStart(m, tasks, t + 1);
      for (int i = i0; i < i1; i++) {
        int ci = cOff + i * n;
        java.util.Arrays.fill(c, ci, ci + n, 0f);
        for (int p = 0; p < k; p++) {
          float aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          int bRow = bpOff + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] = Math.fma(aip, bp[bRow + j], c[ci + j]);
          }
        }
      }
    });
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff) {
    final double[] bp;
    final int bpOff;
    if (transB) {
      bp = new double[k * n];
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          bp[p * n + j] = b[bOff + j * k + p];
        }
      }
      bpOff = 0;
    } else {
      bp = b;
      bpOff = bOff;
    }
    int tasks = gemmTasks(m, n, k);
    if (n < NARROW && !transA) {
      // Narrow C (e.g. a critic's single output): dot products along contiguous rows of A, each
      // element still the fma chain in increasing p.
      ComputePool.run(tasks, t -> {
        for (int i = ComputePool.splitStart(m, tasks, t); i < ComputePool.splitStart(m, tasks, t + 1); i++) {
          int ai = aOff + i * k;
          for (int j = 0; j < n; j++) {
            double acc = 0.0;
            for (int p = 0; p < k; p++) {
              acc = Math.fma(a[ai + p], bp[bpOff + p * n + j], acc);
            }
            c[cOff + i * n + j] = acc;
          }
        }
      });
      return;
    }
    ComputePool.run(tasks, t -> {
      int i0 = ComputePool.splitStart(m, tasks, t);
      int i1 = ComputePool.splitStart(m, tasks, t + 1);
      for (int i = i0; i < i1; i++) {
        int ci = cOff + i * n;
        java.util.Arrays.fill(c, ci, ci + n, 0.0);
        for (int p = 0; p < k; p++) {
          double aip = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
          int bRow = bpOff + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] = Math.fma(aip, bp[bRow + j], c[ci + j]);
          }
        }
      }
    });
  }

  /** Number of row ranges for a GEMM: one below {@link #PARALLEL_GEMM_FLOPS}, else the threads. */
  static int gemmTasks(int m, int n, int k) {
    long work = (long) m * n * k;
    return work < PARALLEL_GEMM_FLOPS ? 1 : Math.min(ComputePool.threads(), Math.max(1, m));
  }
}
