package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.Kernels;
import java.util.Arrays;

/**
 * An ensemble's hidden layer in one primitive: {@code h[e] = max(x[e] W[e] + b[e], 0)} for every
 * member e, with {@code W [M, in, out]}, {@code b [M, out]} and either the members' own inputs
 * {@code x [M, B, in]} or one input they share, given as column parts {@code x_j [B, in_j]} (as
 * {@link SharedInputMatMul}); {@code h [M, B, out]}. Inputs: W, b, then x or its parts (the input
 * last, so that a gradient check's per-input domains stay in place for any number of parts).
 *
 * <p>The values of {@code biasRelu(matmul(x, W), b)} and {@code biasRelu(sharedInputMatmul(parts,
 * W), b)} element for element, so the same bits: each element's whole fma chain, then the bias and
 * the ReLU ({@link Kernels#gemmBias}), which the vector kernels apply to each block of rows of the
 * product while it is in cache instead of in a second pass over [M, B, out] (issue 12).
 *
 * <p>Gradient: {@link BiasRelu}'s ({@code dz = g} where {@code h > 0}, {@code db} = dz summed over
 * the rows per member), then {@link MatMul}'s or {@link SharedInputMatMul}'s with {@code g = dz}.
 */
public final class EnsembleDenseRelu {
  public static final Primitive PRIMITIVE = Primitive.of("ensembleDenseRelu",
      EnsembleDenseRelu::forward, EnsembleDenseRelu::vjp);

  private EnsembleDenseRelu() {}

  private static Tensor forward(Tensor... in) {
    if (in.length < 3) {
      throw new TensorShapeException("ensembleDenseRelu: needs a weight, a bias and an input (or its parts)");
    }
    Tensor w = in[0];
    Tensor b = in[1];
    boolean shared = in[2].rank() == 2;
    Tensor x = shared ? SharedInputMatMul.joined(parts(in)) : in[2];
    Elementwise.requireSameDType("ensembleDenseRelu", x, w);
    Elementwise.requireSameDType("ensembleDenseRelu", w, b);
    if (w.rank() != 3 || b.rank() != 2 || b.dim(0) != w.dim(0) || b.dim(1) != w.dim(2)) {
      throw new TensorShapeException("ensembleDenseRelu: weight " + w.shape() + " and bias " + b.shape()
          + " do not fit (want [M, in, out] and [M, out])");
    }
    int members = w.dim(0);
    int k = w.dim(1);
    int n = w.dim(2);
    boolean fits = shared ? x.dim(1) == k
        : in.length == 3 && x.rank() == 3 && x.dim(0) == members && x.dim(2) == k;
    if (!fits) {
      throw new TensorShapeException("ensembleDenseRelu: input " + x.shape() + (shared ? " (parts joined)" : "")
          + " does not fit weight " + w.shape() + " (want [" + members + ", B, " + k + "] or parts of a shared [B, "
          + k + "])");
    }
    int rows = shared ? x.dim(0) : x.dim(1);
    Kernels kernels = Elementwise.kernels();
    Object xs = Axes.raw(x);
    Object ws = Axes.raw(w);
    Object bs = Axes.raw(b);
    Object c = Axes.newOutput(x.dtype(), members * rows * n);
    // [B, in] x [in, out] + [out] per member; a shared input is read by every member at offset 0
    MatMul.forEachMember(members, (long) rows * n * k, e -> RawKernels.gemmBias(kernels, false, false, rows, n, k,
        xs, shared ? 0 : e * rows * k, ws, e * k * n, c, e * rows * n, bs, e * n, true));
    return Axes.wrap(c, Shape.of(members, rows, n));
  }

  private static Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    // dz = g where h > 0 and db = dz summed over the rows: BiasRelu's gradient (it reads the bias only)
    Tensor[] zb = BiasRelu.PRIMITIVE.vjp(new Tensor[] {null, in[1]}, out, g, new boolean[] {true, needed[1]});
    // the product's gradients with g = dz: its inputs are x (or the parts) then W
    Tensor[] product = new Tensor[in.length - 1];
    boolean[] productNeeded = new boolean[in.length - 1];
    for (int j = 2; j < in.length; j++) {
      product[j - 2] = in[j];
      productNeeded[j - 2] = needed[j];
    }
    product[in.length - 2] = in[0];
    productNeeded[in.length - 2] = needed[0];
    Tensor[] dp = in[2].rank() == 2
        ? SharedInputMatMul.PRIMITIVE.vjp(product, null, zb[0], productNeeded)
        : MatMul.NN.vjp(product, null, zb[0], productNeeded);
    Tensor[] grads = new Tensor[in.length];
    grads[0] = dp[in.length - 2];
    grads[1] = zb[1];
    System.arraycopy(dp, 0, grads, 2, in.length - 2);
    return grads;
  }

  /** The input parts followed by a placeholder for the weight, as {@link SharedInputMatMul#joined} takes them. */
  private static Tensor[] parts(Tensor[] in) {
    return Arrays.copyOfRange(in, 2, in.length + 1);
  }
}
