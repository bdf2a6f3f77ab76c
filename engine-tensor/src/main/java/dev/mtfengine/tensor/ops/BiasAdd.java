package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.kernel.BinaryOp;
import dev.mtfengine.tensor.kernel.Kernels;

/**
 * {@code z = x + bias} row by row: {@code x [..., F] + bias [F]}, or per ensemble member {@code x
 * [M, B, F] + bias [M, F]}. Gradient: {@code dx = g}; {@code dbias} sums {@code g} over the rows
 * (and per member for an ensemble bias).
 */
public final class BiasAdd implements Primitive {
  public static final BiasAdd INSTANCE = new BiasAdd();

  private BiasAdd() {}

  @Override
  public String name() {
    return "biasAdd";
  }

  @Override
  public Tensor forward(Tensor... in) {
    Tensor x = in[0];
    Tensor bias = in[1];
    Elementwise.requireSameDType(name(), x, bias);
    int f = x.shape().lastDim();
    boolean ensemble = bias.rank() == 2;
    boolean ok = x.rank() >= 1 && bias.dim(-1) == f
        && (bias.rank() == 1 || (ensemble && x.rank() == 3 && bias.dim(0) == x.dim(0)));
    if (!ok) {
      throw new TensorShapeException(
          name() + ": bias " + bias.shape() + " does not fit input " + x.shape()
              + " (want [F] or, for [M, B, F], [M, F])");
    }
    int rows = x.size() / Math.max(f, 1);
    int rowsPerMember = ensemble ? x.dim(1) : rows;
    Kernels k = Elementwise.kernels();
    Shape s = x.shape();
    if (x.dtype() == DType.F32) {
      float[] r = new float[x.size()];
      float[] xs = x.rawF32();
      float[] bs = bias.rawF32();
      for (int row = 0; row < rows; row++) {
        int bOff = ensemble ? (row / rowsPerMember) * f : 0;
        k.binary(BinaryOp.ADD, xs, row * f, false, bs, bOff, false, r, row * f, f);
      }
      return Tensor.wrap(r, s);
    }
    double[] r = new double[x.size()];
    double[] xs = x.rawF64();
    double[] bs = bias.rawF64();
    for (int row = 0; row < rows; row++) {
      int bOff = ensemble ? (row / rowsPerMember) * f : 0;
      k.binary(BinaryOp.ADD, xs, row * f, false, bs, bOff, false, r, row * f, f);
    }
    return Tensor.wrap(r, s);
  }

  @Override
  public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
    Tensor bias = in[1];
    Tensor db = null;
    if (needed[1]) {
      db = bias.rank() == 2 ? Ops.sum(g, 1) : Ops.sumTo(g, bias.shape());
    }
    return new Tensor[] {needed[0] ? g : null, db};
  }
}
