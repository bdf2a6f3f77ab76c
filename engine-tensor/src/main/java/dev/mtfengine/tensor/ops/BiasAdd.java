package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * {@code z = x + bias} row by row: {@code x [..., F] + bias [F]}, or per ensemble member {@code x
 * [M, B, F] + bias [M, F]}. Gradient: {@code dx = g}; {@code dbias} sums {@code g} over the rows
 * (and per member for an ensemble bias).
 */
public final class BiasAdd {
  public static final Primitive PRIMITIVE = Primitive.of("biasAdd", BiasAdd::forward, BiasAdd::vjp);

  private BiasAdd() {}

  private static Tensor forward(Tensor... in) {
    return addRows("biasAdd", in[0], in[1], false);
  }

  /**
   * {@code x + bias} row by row (validated as {@code name}), then ReLU when {@code relu}, in one
   * kernel call per bias row ({@link dev.mtfengine.tensor.kernel.Kernels#addRows}); {@link
   * BiasRelu} shares it.
   */
  static Tensor addRows(String name, Tensor x, Tensor bias, boolean relu) {
    Elementwise.requireSameDType(name, x, bias);
    int f = x.shape().lastDim();
    boolean ensemble = bias.rank() == 2;
    boolean ok = x.rank() >= 1 && bias.dim(-1) == f
        && (bias.rank() == 1 || (ensemble && x.rank() == 3 && bias.dim(0) == x.dim(0)));
    if (!ok) {
      throw new TensorShapeException(
          name + ": bias " + bias.shape() + " does not fit input " + x.shape()
              + " (want [F] or, for [M, B, F], [M, F])");
    }
    int rows = x.size() / Math.max(f, 1);
    int members = ensemble ? x.dim(0) : 1;
    int rowsPerMember = ensemble ? x.dim(1) : rows;
    Kernels k = Elementwise.kernels();
    Object xs = Axes.raw(x);
    Object bs = Axes.raw(bias);
    Object r = Axes.newOutput(x.dtype(), x.size());
    for (int e = 0; e < members; e++) {
      int off = e * rowsPerMember * f;
      RawKernels.addRows(k, xs, off, bs, e * f, r, off, rowsPerMember, f, relu);
    }
    return Axes.wrap(r, x.shape());
  }

  /** {@code dbias}: {@code g} summed over the rows, per member for an ensemble bias [M, F]. */
  static Tensor biasGradient(Tensor g, Tensor bias) {
    return bias.rank() == 2 ? Ops.sum(g, 1) : Ops.sumTo(g, bias.shape());
  }

  private static Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    return new Tensor[] {needed[0] ? g : null, needed[1] ? biasGradient(g, in[1]) : null};
  }
}
