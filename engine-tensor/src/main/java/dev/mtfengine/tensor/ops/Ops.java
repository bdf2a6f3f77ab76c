package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Autodiff;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import java.util.List;

/**
 * The public facade of the primitives, EJML-style: one static method per operation, each applying
 * one primitive through {@link Autodiff#apply} (recorded on a tape when an input is tracked).
 * Inputs are never modified; results are new tensors. Shape and dtype errors are {@link
 * dev.mtfengine.tensor.TensorShapeException}s naming the op and the shapes.
 *
 * <p>Binary element-wise ops broadcast NumPy-style (aligned at the last axis, size-1 or missing
 * dimensions repeat). Overloads taking a {@code double} use a rank-0 constant of the tensor's dtype.
 */
public final class Ops {
  private Ops() {}

  // ------------------------------------------------------------------------- element-wise binary

  /** {@code a + b}. */
  public static Tensor add(Tensor a, Tensor b) {
    return Autodiff.apply(Add.PRIMITIVE, a, b);
  }

  /** {@code a + c}. */
  public static Tensor add(Tensor a, double c) {
    return add(a, Tensor.scalar(c, a.dtype()));
  }

  /** {@code a - b}. */
  public static Tensor sub(Tensor a, Tensor b) {
    return Autodiff.apply(Sub.PRIMITIVE, a, b);
  }

  /** {@code a - c}. */
  public static Tensor sub(Tensor a, double c) {
    return sub(a, Tensor.scalar(c, a.dtype()));
  }

  /** {@code c - a}. */
  public static Tensor sub(double c, Tensor a) {
    return sub(Tensor.scalar(c, a.dtype()), a);
  }

  /** {@code a * b} element-wise. */
  public static Tensor mul(Tensor a, Tensor b) {
    return Autodiff.apply(Mul.PRIMITIVE, a, b);
  }

  /** {@code a * c}. */
  public static Tensor mul(Tensor a, double c) {
    return mul(a, Tensor.scalar(c, a.dtype()));
  }

  /** {@code a / b} element-wise. */
  public static Tensor div(Tensor a, Tensor b) {
    return Autodiff.apply(Div.PRIMITIVE, a, b);
  }

  /** {@code a / c}. */
  public static Tensor div(Tensor a, double c) {
    return div(a, Tensor.scalar(c, a.dtype()));
  }

  /** Element-wise {@code min(a, b)}. */
  public static Tensor minimum(Tensor a, Tensor b) {
    return Autodiff.apply(Minimum.PRIMITIVE, a, b);
  }

  /** Element-wise {@code max(a, b)}. */
  public static Tensor maximum(Tensor a, Tensor b) {
    return Autodiff.apply(Maximum.PRIMITIVE, a, b);
  }

  /** {@code mask != 0 ? a : b}, all of one shape. */
  public static Tensor select(Tensor mask, Tensor a, Tensor b) {
    return Autodiff.apply(Select.PRIMITIVE, mask, a, b);
  }

  // -------------------------------------------------------------------------- element-wise unary

  public static Tensor neg(Tensor x) {
    return Autodiff.apply(Neg.PRIMITIVE, x);
  }

  public static Tensor abs(Tensor x) {
    return Autodiff.apply(Abs.PRIMITIVE, x);
  }

  public static Tensor relu(Tensor x) {
    return Autodiff.apply(Relu.PRIMITIVE, x);
  }

  public static Tensor tanh(Tensor x) {
    return Autodiff.apply(Tanh.PRIMITIVE, x);
  }

  public static Tensor sigmoid(Tensor x) {
    return Autodiff.apply(Sigmoid.PRIMITIVE, x);
  }

  public static Tensor softplus(Tensor x) {
    return Autodiff.apply(Softplus.PRIMITIVE, x);
  }

  public static Tensor exp(Tensor x) {
    return Autodiff.apply(Exp.PRIMITIVE, x);
  }

  public static Tensor log(Tensor x) {
    return Autodiff.apply(Log.PRIMITIVE, x);
  }

  public static Tensor sqrt(Tensor x) {
    return Autodiff.apply(Sqrt.PRIMITIVE, x);
  }

  public static Tensor square(Tensor x) {
    return Autodiff.apply(Square.PRIMITIVE, x);
  }

  /** {@code min(max(x, lo), hi)}. */
  public static Tensor clamp(Tensor x, double lo, double hi) {
    return Autodiff.apply(new Clamp(lo, hi), x);
  }

  // ------------------------------------------------------------------------------ linear algebra

  /** {@code a b}: [m, k] x [k, n], or batched [M, m, k] x [M, k, n]. */
  public static Tensor matmul(Tensor a, Tensor b) {
    return Autodiff.apply(MatMul.NN, a, b);
  }

  /**
   * {@code concat(parts) weight[e]} for every member e: an ensemble layer ({@code weight [M, in,
   * out]}) on an input its members share, given as column parts {@code [B, in_j]}; {@code [M, B,
   * out]}. See {@link SharedInputMatMul}.
   */
  public static Tensor sharedInputMatmul(List<Tensor> parts, Tensor weight) {
    Tensor[] in = parts.toArray(new Tensor[parts.size() + 1]);
    in[parts.size()] = weight;
    return Autodiff.apply(SharedInputMatMul.PRIMITIVE, in);
  }

  /** {@code op(a) op(b)} with optional transposes (never materialised). */
  public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    return Autodiff.apply(MatMul.of(transA, transB), a, b);
  }

  /** {@code x + bias} per row: bias [F], or [M, F] for an ensemble input [M, B, F]. */
  public static Tensor biasAdd(Tensor x, Tensor bias) {
    return Autodiff.apply(BiasAdd.PRIMITIVE, x, bias);
  }
  /** {@code max(x + bias, 0)} row by row: {@link #biasAdd} then {@link #relu} as one primitive. */
  public static Tensor biasRelu(Tensor x, Tensor bias) {
    return Autodiff.apply(BiasRelu.PRIMITIVE, x, bias);
  }

  /**
   * An ensemble's hidden layer, {@code max(x W[e] + b[e], 0)} for every member e ({@code W [M, in,
   * out]}, {@code b [M, out]}): on the members' own inputs ({@code parts} is one {@code [M, B, in]})
   * or on one input they share, given as column parts {@code [B, in_j]}; {@code [M, B, out]}. The
   * bits of {@link #biasRelu} after {@link #matmul} or {@link #sharedInputMatmul}. See {@link
   * EnsembleDenseRelu}.
   */
  public static Tensor ensembleDenseRelu(List<Tensor> parts, Tensor weight, Tensor bias) {
    Tensor[] in = new Tensor[parts.size() + 2];
    in[0] = weight;
    in[1] = bias;
    for (int j = 0; j < parts.size(); j++) {
      in[2 + j] = parts.get(j);
    }
    return Autodiff.apply(EnsembleDenseRelu.PRIMITIVE, in);
  }


  // ---------------------------------------------------------------------------------- reductions

  /** Sum of all elements (rank 0). */
  public static Tensor sum(Tensor x) {
    return Autodiff.apply(Sum.ALL, x);
  }

  /** Sum along {@code axis} (removed; negative counts from the end). */
  public static Tensor sum(Tensor x, int axis) {
    x.shape().normaliseAxis(axis);
    return Autodiff.apply(new Sum(axis), x);
  }

  /** Mean of all elements (rank 0). */
  public static Tensor mean(Tensor x) {
    return Autodiff.apply(Mean.ALL, x);
  }

  /** Mean along {@code axis} (removed). */
  public static Tensor mean(Tensor x, int axis) {
    x.shape().normaliseAxis(axis);
    return Autodiff.apply(new Mean(axis), x);
  }

  /** Largest element along {@code axis} (removed). */
  public static Tensor max(Tensor x, int axis) {
    x.shape().normaliseAxis(axis);
    return Autodiff.apply(new Max(axis), x);
  }

  /** Smallest element along {@code axis} (removed). */
  public static Tensor min(Tensor x, int axis) {
    x.shape().normaliseAxis(axis);
    return Autodiff.apply(new Min(axis), x);
  }

  // ------------------------------------------------------------------------------------- shapes

  /** Joins along the last axis. */
  public static Tensor concat(Tensor... parts) {
    return Autodiff.apply(Concat.PRIMITIVE, parts);
  }

  /** Joins along the last axis. */
  public static Tensor concat(List<Tensor> parts) {
    return concat(parts.toArray(new Tensor[0]));
  }

  /** Columns {@code [start, end)} of the last axis. */
  public static Tensor slice(Tensor x, int start, int end) {
    return Autodiff.apply(new Slice(start, end), x);
  }

  /** Repeats size-1 or missing leading axes up to {@code target}. */
  public static Tensor broadcastTo(Tensor x, Shape target) {
    return Autodiff.apply(new BroadcastTo(target), x);
  }

  /** {@code x} [B, F] repeated for each of {@code members} ensemble members: [members, B, F]. */
  public static Tensor broadcastEnsemble(Tensor x, int members) {
    if (x.rank() != 2) {
      throw new dev.mtfengine.tensor.TensorShapeException(
          "broadcastEnsemble: needs a [B, F] tensor, got " + x.shape());
    }
    return broadcastTo(x, Shape.of(members, x.dim(0), x.dim(1)));
  }

  /** Sums {@code x} down to {@code target}, the adjoint of broadcasting {@code target} to x. */
  public static Tensor sumTo(Tensor x, Shape target) {
    return Autodiff.apply(new SumTo(target), x);
  }

  /** The same elements under another shape of equal size. */
  public static Tensor reshape(Tensor x, Shape target) {
    return Autodiff.apply(new Reshape(target), x);
  }

  /** The same elements under another shape of equal size. */
  public static Tensor reshape(Tensor x, int... dims) {
    return reshape(x, Shape.of(dims));
  }

  /** The same values with no gradient flowing back through them. */
  public static Tensor stopGradient(Tensor x) {
    return x.detach();
  }
}
