package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.ComputePool;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * {@code C = op(A) op(B)} where {@code op} transposes when the flag is set: rank 2 ({@code [m, k]
 * x [k, n] -> [m, n]}) or batched over the ensemble axis (rank 3, {@code [M, m, k] x [M, k, n] ->
 * [M, m, n]}, member by member).
 *
 * <p>Gradient, for {@code C = A B}: {@code dA = g B^T}, {@code dB = A^T g}; the transposed variants
 * follow by transposing those identities (see {@code docs/gradients.md}), and each is itself one
 * matmul with transpose flags, so no transpose is ever materialised.
 *
 * @param transA use A^T (A stored as [k, m])
 * @param transB use B^T (B stored as [n, k])
 */
public record MatMul(boolean transA, boolean transB) implements Primitive {
  public static final MatMul NN = new MatMul(false, false);
  public static final MatMul TN = new MatMul(true, false);
  public static final MatMul NT = new MatMul(false, true);
  public static final MatMul TT = new MatMul(true, true);

  /** The cached instance for the given flags. */
  public static MatMul of(boolean transA, boolean transB) {
    return transA ? (transB ? TT : TN) : (transB ? NT : NN);
  }

  @Override
  public String name() {
    return "matmul";
  }

  private String label() {
    return "matmul" + (transA || transB ? "(" + (transA ? "A^T" : "A") + " " + (transB ? "B^T" : "B") + ")" : "");
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor a = in[0];
    Tensor b = in[1];
    Elementwise.requireSameDType(label(), a, b);
    int rank = a.rank();
    if (rank != b.rank() || rank < 2) {
      throw new TensorShapeException(
          label() + ": needs two rank-2 or two rank-3 tensors, got " + a.shape() + " x " + b.shape());
    }
    int members = rank == 3 ? a.dim(0) : 1;
    if (rank == 3 && b.dim(0) != members) {
      throw new TensorShapeException(
          label() + ": ensemble sizes differ: " + a.shape() + " x " + b.shape());
    }
    int m = transA ? a.dim(-1) : a.dim(-2);
    int ka = transA ? a.dim(-2) : a.dim(-1);
    int kb = transB ? b.dim(-1) : b.dim(-2);
    int n = transB ? b.dim(-2) : b.dim(-1);
    if (ka != kb) {
      throw new TensorShapeException(
          label() + ": inner dimensions differ: " + a.shape() + " x " + b.shape());
    }
    Shape out = rank == 3 ? Shape.of(members, m, n) : Shape.of(m, n);
    Kernels k = Elementwise.kernels();
    int aStride = m * ka;
    int bStride = ka * n;
    int cStride = m * n;
    Object x = Axes.raw(a);
    Object y = Axes.raw(b);
    Object c = Axes.newOutput(a.dtype(), out.size());
    // every element of c is written (it may be a workspace array holding the last step's values)
    forEachMember(members, (long) m * n * ka, e -> RawKernels.gemm(k, transA, transB, m, n, ka,
        x, e * aStride, y, e * bStride, c, e * cStride));
    return Axes.wrap(c, out);
  }

  /**
   * Runs one GEMM per ensemble member. With several members and enough work the members are split
   * over the kernel threads once (each member's GEMM then runs on its thread), instead of every GEMM
   * splitting itself; results are the same bits either way, since each element's fma chain is fixed.
   */
  static void forEachMember(int members, long workPerMember, java.util.function.IntConsumer gemm) {
    int threads = ComputePool.threads();
    if (members < 2 * threads || members * workPerMember < (1L << 20)) {
      for (int e = 0; e < members; e++) {
        gemm.accept(e);
      }
      return;
    }
    ComputePool.run(threads, t -> {
      for (int e = ComputePool.splitStart(members, threads, t); e < ComputePool.splitStart(members, threads, t + 1); e++) {
        gemm.accept(e);
      }
    });
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor a = in[0];
    Tensor b = in[1];
    Tensor da = null;
    Tensor db = null;
    if (!transA && !transB) { // C = A B
      if (needed[0]) da = Ops.matmul(g, b, false, true); //   dA = g B^T
      if (needed[1]) db = Ops.matmul(a, g, true, false); //   dB = A^T g
    } else if (transA && !transB) { // C = A^T B, A is [k, m]
      if (needed[0]) da = Ops.matmul(b, g, false, true); //   dA = B g^T
      if (needed[1]) db = Ops.matmul(a, g, false, false); //  dB = A g
    } else if (!transA) { // C = A B^T, B is [n, k]
      if (needed[0]) da = Ops.matmul(g, b, false, false); //  dA = g B
      if (needed[1]) db = Ops.matmul(g, a, true, false); //   dB = g^T A
    } else { // C = A^T B^T
      if (needed[0]) da = Ops.matmul(b, g, true, true); //    dA = B^T g^T
      if (needed[1]) db = Ops.matmul(g, a, true, true); //    dB = g^T A^T
    }
    return new Tensor[] {da, db};
  }
}
