package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * {@code z = max(x + bias, 0)} row by row, with {@link BiasAdd}'s shapes ({@code x [..., F] + bias
 * [F]}, or {@code x [M, B, F] + bias [M, F]} per member): a hidden layer's bias and ReLU in one
 * pass, each row made positive while it is in cache, and one array instead of two (issue 12). The
 * same operations as {@code relu(biasAdd(x, bias))}, so the same bits. Gradient: {@code dx = g}
 * where {@code z > 0}, else 0 (ReLU's mask: {@code z > 0} exactly where {@code x + bias > 0});
 * {@code dbias} sums that over the rows (per member for [M, F]).
 */
public final class BiasRelu {
  public static final Primitive PRIMITIVE = Primitive.of("biasRelu",
      in -> BiasAdd.addRows("biasRelu", in[0], in[1], true),
      BiasRelu::vjp);

  private BiasRelu() {}

  private static Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor bias = in[1];
    if (!needed[1] || out.rank() < 2 || out.shape().lastDim() < 2 || !g.shape().equals(out.shape())
        || g.dtype() != out.dtype()) {
      // no bias gradient; a single row (its sum is the row itself, without the +0.0 a sum of rows
      // starts from); one feature (an ensemble's [M, B, 1] is summed by Sum's kernel reduction,
      // whose order is the kernel's own); or mismatched operands (reported by the element-wise
      // op): the mask alone, then BiasAdd's bias gradient
      Tensor masked = Elementwise.binary("biasRelu", BinaryOp.PASS_IF_POSITIVE, g, out);
      return new Tensor[] {needed[0] ? masked : null, needed[1] ? BiasAdd.biasGradient(masked, bias) : null};
    }
    // dx = g where out > 0, and dbias = dx summed over the rows (per member for [M, F]) in the same
    // pass, each masked row added while it is in cache: the operations of the mask then of
    // BiasAdd.biasGradient (rows added in index order onto zeros), so the same bits (issue 12)
    int f = out.shape().lastDim();
    boolean ensemble = bias.rank() == 2;
    int members = ensemble ? out.dim(0) : 1;
    int rowsPerMember = out.size() / f / members; // f >= 2: the one-feature case took the path above
    Kernels k = Elementwise.kernels();
    Object gs = Axes.raw(g);
    Object os = Axes.raw(out);
    Object dx = Axes.newOutput(out.dtype(), out.size());
    Object db = Axes.newRaw(bias.dtype(), bias.size());
    for (int e = 0; e < members; e++) {
      int off = e * rowsPerMember * f;
      RawKernels.reluBackwardRows(k, gs, off, os, off, dx, off, db, e * f, rowsPerMember, f);
    }
    return new Tensor[] {needed[0] ? Axes.wrap(dx, out.shape()) : null, Axes.wrap(db, bias.shape())};
  }
}
