package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A multi-layer perceptron: {@code h_0 = x}, {@code h_{i+1} = f(h_i W_i + b_i)} for the hidden
 * layers, and {@code y = g(h_L W_L + b_L)} for the output layer, where {@code f} is {@code
 * activation} and {@code g} is {@code outputActivation}. Shapes: {@code x [B, inputSize] -> y [B,
 * outputSize]}.
 *
 * <p>Parameters are named {@code "layer<i>.weight"} ({@code [in_i, out_i]}) and {@code
 * "layer<i>.bias"} ({@code [out_i]}), layer 0 first. Works for F32 and F64 (the dtype of the
 * parameters; the input must match).
 */
public final class Mlp {
  private final int inputSize;
  private final int[] hiddenSizes;
  private final int outputSize;
  private final Activation activation;
  private final Activation outputActivation;
  private final Linear[] layers;

  /**
   * @param inputSize width of the input rows, >= 1
   * @param hiddenSizes widths of the hidden layers, each >= 1 (may be empty: a single Linear)
   * @param outputSize width of the output rows, >= 1
   * @param activation applied after every hidden layer
   * @param outputActivation applied after the output layer
   */
  public Mlp(int inputSize, int[] hiddenSizes, int outputSize, Activation activation,
      Activation outputActivation) {
    this.inputSize = inputSize;
    this.hiddenSizes = hiddenSizes.clone();
    this.outputSize = outputSize;
    this.activation = Objects.requireNonNull(activation, "activation");
    this.outputActivation = Objects.requireNonNull(outputActivation, "outputActivation");
    this.layers = buildLayers("Mlp", inputSize, this.hiddenSizes, outputSize);
  }

  /** {@link #Mlp(int, int[], int, Activation, Activation)} with hidden sizes as a list. */
  public Mlp(int inputSize, List<Integer> hiddenSizes, int outputSize, Activation activation,
      Activation outputActivation) {
    this(inputSize, hiddenSizes.stream().mapToInt(Integer::intValue).toArray(), outputSize,
        activation, outputActivation);
  }

  /** One Linear per layer, named {@code layer<i>}; validates the sizes. Shared with EnsembleMlp. */
  static Linear[] buildLayers(String owner, int inputSize, int[] hiddenSizes, int outputSize) {
    int[] widths = new int[hiddenSizes.length + 2];
    widths[0] = inputSize;
    System.arraycopy(hiddenSizes, 0, widths, 1, hiddenSizes.length);
    widths[widths.length - 1] = outputSize;
    for (int w : widths) {
      if (w < 1) {
        throw new IllegalArgumentException(
            owner + ": layer widths must be >= 1, got input " + inputSize + ", hidden "
                + Arrays.toString(hiddenSizes) + ", output " + outputSize);
      }
    }
    Linear[] out = new Linear[widths.length - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Linear(layerName(i), widths[i], widths[i + 1]);
    }
    return out;
  }

  /** {@code "layer<i>"}, the prefix of layer i's parameter names. */
  static String layerName(int i) {
    return "layer" + i;
  }

  /** {@code "layer<i>.weight"}. */
  public static String weightName(int layer) {
    return layerName(layer) + "." + Linear.WEIGHT;
  }

  /** {@code "layer<i>.bias"}. */
  public static String biasName(int layer) {
    return layerName(layer) + "." + Linear.BIAS;
  }

  public int inputSize() {
    return inputSize;
  }

  public int[] hiddenSizes() {
    return hiddenSizes.clone();
  }

  public int outputSize() {
    return outputSize;
  }

  public Activation activation() {
    return activation;
  }

  public Activation outputActivation() {
    return outputActivation;
  }

  /** Number of Linear layers (hidden layers + 1). */
  public int numLayers() {
    return layers.length;
  }

  /** The layers, in order. */
  public List<Linear> layers() {
    return Collections.unmodifiableList(Arrays.asList(layers));
  }

  /** The name and shape of every parameter, in the order {@link #init} creates them. */
  public Map<String, Shape> parameterShapes() {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (int i = 0; i < layers.length; i++) {
      out.put(weightName(i), layers[i].weightShape());
      out.put(biasName(i), layers[i].biasShape());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Fresh parameters, layer 0 first, each layer's weight then bias drawn by {@code scheme} from
   * {@code rng}.
   */
  public Params init(RandomGenerator rng, DType dtype, Init scheme) {
    Params.Builder b = Params.builder();
    for (Linear layer : layers) {
      b.putAll(layer.name() + ".", layer.init(rng, dtype, scheme));
    }
    return b.build();
  }

  /** {@link #init(RandomGenerator, DType, Init)} with {@link Init#PYTORCH_DEFAULT}. */
  public Params init(RandomGenerator rng, DType dtype) {
    return init(rng, dtype, Init.PYTORCH_DEFAULT);
  }

  /** {@code x [B, inputSize] -> y [B, outputSize]}. */
  public Tensor forward(Params params, Tensor x) {
    Tensor h = x;
    int last = layers.length - 1;
    for (int i = 0; i <= last; i++) {
      // [B, in_i] -> [B, out_i]; the Linear validates shapes and names the layer.
      h = layers[i].forward(params.get(weightName(i)), params.get(biasName(i)), h,
          i == last ? outputActivation : activation);
    }
    return h;
  }

  @Override
  public String toString() {
    return "Mlp(" + inputSize + " -> " + Arrays.toString(hiddenSizes) + " " + activation + " -> "
        + outputSize + " " + outputActivation + ")";
  }
}
