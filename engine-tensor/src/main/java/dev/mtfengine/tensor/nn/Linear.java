package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.ops.Ops;
import java.util.random.RandomGenerator;

/**
 * A dense layer {@code y = x W + b}: {@code x [B, in]}, {@code W [in, out]}, {@code b [out]},
 * {@code y [B, out]}.
 *
 * <p>The weight is stored {@code [in, out]} (the transpose of PyTorch's {@code [out, in]}) so the
 * forward pass is one plain matmul with no transpose flag; a checkpoint exporter for PyTorch must
 * transpose it. The layer holds no parameters: {@link #init} creates them as {@link Params} named
 * {@code "weight"} and {@code "bias"}, and {@link #forward} takes them, so the same layer serves an
 * online and a target network.
 */
public final class Linear {
  /** Parameter name of the weight {@code [in, out]}. */
  public static final String WEIGHT = "weight";
  /** Parameter name of the bias {@code [out]}. */
  public static final String BIAS = "bias";

  private final String name;
  private final int inFeatures;
  private final int outFeatures;

  /** A layer named {@code "linear"} in error messages. */
  public Linear(int inFeatures, int outFeatures) {
    this("linear", inFeatures, outFeatures);
  }

  /**
   * A layer called {@code name} in error messages (e.g. {@code "layer0"} inside an {@link Mlp}).
   *
   * @param inFeatures width of each input row, >= 1
   * @param outFeatures width of each output row, >= 1
   */
  public Linear(String name, int inFeatures, int outFeatures) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "Linear " + name + ": sizes must be >= 1, got in " + inFeatures + ", out " + outFeatures);
    }
    this.name = name;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
  }

  public String name() {
    return name;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  /** Shape of the weight, {@code [in, out]}. */
  public Shape weightShape() {
    return Shape.of(inFeatures, outFeatures);
  }

  /** Shape of the bias, {@code [out]}. */
  public Shape biasShape() {
    return Shape.of(outFeatures);
  }

  /** Parameters {@code {"weight" [in, out], "bias" [out]}} drawn by {@code scheme} from {@code rng}. */
  public Params init(RandomGenerator rng, DType dtype, Init scheme) {
    Tensor w = scheme.weight(rng, dtype, inFeatures, outFeatures);
    Tensor b = scheme.bias(rng, dtype, inFeatures, outFeatures);
    return Params.of(WEIGHT, w, BIAS, b);
  }

  /** {@link #init(RandomGenerator, DType, Init)} with {@link Init#PYTORCH_DEFAULT}. */
  public Params init(RandomGenerator rng, DType dtype) {
    return init(rng, dtype, Init.PYTORCH_DEFAULT);
  }

  /** {@code x [B, in] -> x W + b [B, out]} with {@code W = params["weight"]}, {@code b = params["bias"]}. */
  public Tensor forward(Params params, Tensor x) {
    return forward(params.get(WEIGHT), params.get(BIAS), x);
  }

  /**
   * {@code x [B, in] -> x W + b [B, out]}. Validates every shape and dtype first, so a mistake
   * names this layer and the offending shapes rather than an inner op.
   */
  public Tensor forward(Tensor weight, Tensor bias, Tensor x) {
    return forward(weight, bias, x, Activation.IDENTITY);
  }

  /**
   * {@code x [B, in] -> f(x W + b) [B, out]}, the bias and {@code f} applied by {@link
   * Activation#applyAfterBias} (one pass for ReLU); validated as {@link #forward(Tensor, Tensor,
   * Tensor)}.
   */
  public Tensor forward(Tensor weight, Tensor bias, Tensor x, Activation activation) {
    if (!weight.shape().equals(weightShape()) || !bias.shape().equals(biasShape())) {
      throw new TensorShapeException(
          "Linear " + name + ": parameters weight " + weight.shape() + ", bias " + bias.shape()
              + " do not match the layer (want weight " + weightShape() + ", bias " + biasShape() + ")");
    }
    if (x.rank() != 2 || x.dim(1) != inFeatures) {
      throw new TensorShapeException(
          "Linear " + name + ": input " + x.shape() + " does not fit weight " + weight.shape()
              + " (want [B, " + inFeatures + "])");
    }
    if (x.dtype() != weight.dtype() || bias.dtype() != weight.dtype()) {
      throw new TensorShapeException(
          "Linear " + name + ": dtypes differ: input " + x.dtype() + " " + x.shape() + ", weight "
              + weight.dtype() + " " + weight.shape() + ", bias " + bias.dtype() + " " + bias.shape());
    }
    // [B, in] x [in, out] -> [B, out], then f(. + b [out]) on every row.
    return activation.applyAfterBias(Ops.matmul(x, weight), bias);
  }

  @Override
  public String toString() {
    return "Linear " + name + "(" + inFeatures + " -> " + outFeatures + ")";
  }
}
