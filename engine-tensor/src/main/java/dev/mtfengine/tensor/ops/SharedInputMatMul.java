package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * An ensemble's first layer on an input every member shares: {@code y[e] = x W[e]} with {@code x =
 * concat(x_1, ..., x_P)} given as its column parts ({@code x_j [B, in_j]}, {@code W [M, in, out]}
 * with {@code in = sum in_j}, {@code y [M, B, out]}). The products of {@code
 * matmul(broadcastEnsemble(concat(x_1..x_P), M), W)} element for element, so the same bits, without
 * the M copies of the input; and its gradient computes each part's columns only where that part is
 * differentiated: an actor's step needs its critics' input gradient for the action columns, not
 * the state columns (issue 12).
 *
 * <p>Gradient: {@code dW[e] = x^T g[e]}; {@code dx_j = sum_e g[e] W[e][rows of part j]^T}, the
 * members summed in index order as {@link SumTo} sums a broadcast. Inputs: the parts, then W.
 */
public final class SharedInputMatMul {
  public static final Primitive PRIMITIVE = Primitive.of("sharedInputMatmul",
      SharedInputMatMul::forward, SharedInputMatMul::vjp);

  private SharedInputMatMul() {}

  private static Tensor forward(Tensor... in) {
    if (in.length < 2) {
      throw new TensorShapeException("sharedInputMatmul: needs at least one input part and a weight");
    }
    Tensor w = in[in.length - 1];
    Tensor x = joined(in);
    Elementwise.requireSameDType("sharedInputMatmul", x, w);
    if (x.rank() != 2 || w.rank() != 3 || x.dim(1) != w.dim(1)) {
      throw new TensorShapeException("sharedInputMatmul: input " + x.shape() + " (parts joined) does not fit weight "
          + w.shape() + " (want [B, in] and [M, in, out])");
    }
    int members = w.dim(0);
    int rows = x.dim(0);
    int k = w.dim(1);
    int n = w.dim(2);
    Kernels kernels = Elementwise.kernels();
    Object a = Axes.raw(x);
    Object b = Axes.raw(w);
    Object c = Axes.newOutput(x.dtype(), members * rows * n);
    // every member reads the same A (offset 0): matmul's chains on the broadcast copy, without it
    MatMul.forEachMember(members, (long) rows * n * k,
        e -> RawKernels.gemm(kernels, false, false, rows, n, k, a, 0, b, e * k * n, c, e * rows * n));
    return Axes.wrap(c, Shape.of(members, rows, n));
  }

  private static Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    int parts = in.length - 1;
    Tensor w = in[parts];
    int members = w.dim(0);
    int k = w.dim(1);
    int n = w.dim(2);
    int rows = g.dim(1);
    Kernels kernels = Elementwise.kernels();
    Object gs = Axes.raw(g);
    Object ws = Axes.raw(w);
    Tensor[] grads = new Tensor[in.length];
    if (needed[parts]) {
      // dW[e] = x^T g[e]: [in, B] x [B, out], x read where it lies ([B, in], transposed)
      Object xs = Axes.raw(joined(in));
      Object dw = Axes.newOutput(w.dtype(), members * k * n);
      MatMul.forEachMember(members, (long) k * n * rows,
          e -> RawKernels.gemm(kernels, true, false, k, n, rows, xs, 0, gs, e * rows * n, dw, e * k * n));
      grads[parts] = Axes.wrap(dw, w.shape());
    }
    int col = 0;
    for (int j = 0; j < parts; j++) {
      int width = in[j].dim(1);
      if (needed[j]) {
        // g[e] W[e][col:col+width]^T per member ([B, out] x [out, width]; W's rows col.. are [width,
        // out] row-major), then summed over the members
        int first = col;
        Object dx = Axes.newOutput(w.dtype(), members * rows * width);
        MatMul.forEachMember(members, (long) rows * width * n, e -> RawKernels.gemm(kernels, false, true,
            rows, width, n, gs, e * rows * n, ws, e * k * n + first * n, dx, e * rows * width));
        grads[j] = Ops.sumTo(Axes.wrap(dx, Shape.of(members, rows, width)), in[j].shape());
      }
      col += width;
    }
    return grads;
  }

  /** The parts joined along columns ({@link Concat}'s copy; the part itself when there is one). */
  static Tensor joined(Tensor[] in) {
    return in.length == 2 ? in[0] : Concat.PRIMITIVE.forward(java.util.Arrays.copyOf(in, in.length - 1));
  }
}
