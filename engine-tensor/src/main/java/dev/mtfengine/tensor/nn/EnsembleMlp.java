package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.ops.Ops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code M} independent MLPs of one architecture evaluated as ONE batched computation, e.g. the 24
 * critics {@code Q_i(s, a)} of IntegratedRL-MTF (algorithm.md section 4): per layer one batched
 * matmul {@code [M, B, in] x [M, in, out] -> [M, B, out]} and one bias add with {@code [M, out]},
 * instead of 24 separate graphs. Member {@code e} computes exactly what {@link Mlp#forward} computes
 * with {@link #member(Params, int) member(params, e)}.
 *
 * <p>Parameters: {@code "layer<i>.weight"} {@code [M, in_i, out_i]} and {@code "layer<i>.bias"}
 * {@code [M, out_i]}, the same names as {@link Mlp} with a leading member axis.
 */
public final class EnsembleMlp {
  private final int members;
  private final Mlp memberMlp;
  private final Linear[] layers;

  /**
   * @param members number of ensemble members M, >= 1
   * @param inputSize width of the input rows, >= 1
   * @param hiddenSizes widths of the hidden layers
   * @param outputSize width of each member's output rows
   * @param activation applied after every hidden layer
   * @param outputActivation applied after the output layer
   */
  public EnsembleMlp(int members, int inputSize, int[] hiddenSizes, int outputSize,
      Activation activation, Activation outputActivation) {
    if (members < 1) {
      throw new IllegalArgumentException("EnsembleMlp: members must be >= 1, got " + members);
    }
    this.members = members;
    this.memberMlp = new Mlp(inputSize, hiddenSizes, outputSize, activation, outputActivation);
    this.layers = Mlp.buildLayers("EnsembleMlp", inputSize, hiddenSizes, outputSize);
  }

  /** {@link #EnsembleMlp(int, int, int[], int, Activation, Activation)} with a list of widths. */
  public EnsembleMlp(int members, int inputSize, List<Integer> hiddenSizes, int outputSize,
      Activation activation, Activation outputActivation) {
    this(members, inputSize, hiddenSizes.stream().mapToInt(Integer::intValue).toArray(),
        outputSize, activation, outputActivation);
  }

  /** Number of members M. */
  public int members() {
    return members;
  }

  /** The architecture of one member, whose Params {@link #member} returns. */
  public Mlp memberMlp() {
    return memberMlp;
  }

  /** The name and shape of every parameter (member axis first), in {@link #init} order. */
  public Map<String, Shape> parameterShapes() {
    Map<String, Shape> out = new LinkedHashMap<>();
    for (int i = 0; i < layers.length; i++) {
      out.put(Mlp.weightName(i), Shape.of(members, layers[i].inFeatures(), layers[i].outFeatures()));
      out.put(Mlp.biasName(i), Shape.of(members, layers[i].outFeatures()));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Fresh parameters with every member initialised independently: member 0 draws all its
   * parameters (exactly as {@link Mlp#init} would from the same generator), then member 1 from
   * where member 0 stopped, and so on.
   */
  public Params init(RandomGenerator rng, DType dtype, Init scheme) {
    List<Params> perMember = new ArrayList<>(members);
    for (int e = 0; e < members; e++) {
      perMember.add(memberMlp.init(rng, dtype, scheme));
    }
    return stack(perMember);
  }

  /** {@link #init(RandomGenerator, DType, Init)} with {@link Init#PYTORCH_DEFAULT}. */
  public Params init(RandomGenerator rng, DType dtype) {
    return init(rng, dtype, Init.PYTORCH_DEFAULT);
  }

  /**
   * Ensemble parameters from M members' {@link Mlp} parameters (member e becomes index e of the
   * leading axis). Each must have the member architecture's names and shapes and one dtype.
   */
  public Params stack(List<Params> memberParams) {
    if (memberParams.size() != members) {
      throw new IllegalArgumentException(
          "EnsembleMlp.stack: " + memberParams.size() + " members given, the ensemble has " + members);
    }
    Params.Builder b = Params.builder();
    for (Map.Entry<String, Shape> spec : memberMlp.parameterShapes().entrySet()) {
      String name = spec.getKey();
      List<Tensor> parts = new ArrayList<>(members);
      for (int e = 0; e < members; e++) {
        Tensor t = memberParams.get(e).get(name);
        if (!t.shape().equals(spec.getValue()) || t.dtype() != memberParams.get(0).get(name).dtype()) {
          throw new TensorShapeException(
              "EnsembleMlp.stack: member " + e + " parameter '" + name + "' is " + t.dtype() + " "
                  + t.shape() + ", want " + spec.getValue() + " like member 0");
        }
        parts.add(t.detach());
      }
      b.put(name, stackAlongNewAxis(parts));
    }
    return b.build();
  }

  /**
   * The parameters of member {@code e} as a plain {@link Mlp}'s Params (same names, member axis
   * removed). A copy of {@code numel / M} values, no computation; the result is untracked.
   */
  public Params member(Params params, int e) {
    if (e < 0 || e >= members) {
      throw new IndexOutOfBoundsException(
          "EnsembleMlp.member: member " + e + " outside [0, " + members + ")");
    }
    Params.Builder b = Params.builder();
    for (Map.Entry<String, Shape> spec : parameterShapes().entrySet()) {
      Tensor t = params.get(spec.getKey());
      requireShape("member", spec.getKey(), t, spec.getValue());
      b.put(spec.getKey(), memberSlice(t, e));
    }
    return b.build();
  }

  /**
   * {@code x [B, in]} (the same batch for every member) or {@code x [M, B, in]} (one batch per
   * member) to {@code y [M, B, out]}.
   */
  public Tensor forward(Params params, Tensor x) {
    if (x.rank() == 2) {
      return forward(params, List.of(x));
    }
    if (x.rank() != 3 || x.dim(0) != members) {
      throw new TensorShapeException(
          "EnsembleMlp: input " + x.shape() + " is neither [B, " + memberMlp.inputSize()
              + "] nor [" + members + ", B, " + memberMlp.inputSize() + "]");
    }
    return layers(params, null, x);
  }

  /**
   * {@code concat(parts)} (each {@code [B, in_j]}, the same batch for every member) to {@code y [M,
   * B, out]}: the first layer reads the shared input in place, once for all members, and
   * differentiates only the parts that need it (a critic's action columns in an actor's step).
   */
  public Tensor forward(Params params, List<Tensor> parts) {
    int width = 0;
    for (Tensor p : parts) {
      if (p.rank() != 2 || p.dim(0) != parts.get(0).dim(0)) {
        throw new TensorShapeException("EnsembleMlp: input parts must be [B, in_j] with one B, got " + p.shape());
      }
      width += p.dim(1);
    }
    if (width != memberMlp.inputSize()) {
      throw new TensorShapeException("EnsembleMlp: input parts are " + width + " wide in all, want "
          + memberMlp.inputSize());
    }
    return layers(params, parts, null);
  }

  /** The layers on {@code shared} parts (first layer: {@link Ops#sharedInputMatmul}) or on h [M, B, in]. */
  private Tensor layers(Params params, List<Tensor> shared, Tensor h) {
    int last = layers.length - 1;
    for (int i = 0; i <= last; i++) {
      Linear layer = layers[i];
      Tensor w = params.get(Mlp.weightName(i));
      Tensor b = params.get(Mlp.biasName(i));
      requireShape("forward", Mlp.weightName(i), w,
          Shape.of(members, layer.inFeatures(), layer.outFeatures()));
      requireShape("forward", Mlp.biasName(i), b, Shape.of(members, layer.outFeatures()));
      boolean sharedInput = i == 0 && shared != null; // its width was checked by the caller
      Tensor input = sharedInput ? shared.get(0) : h;
      boolean fits = (sharedInput || h.dim(2) == layer.inFeatures()) && input.dtype() == w.dtype();
      if (!fits || b.dtype() != w.dtype()) {
        throw new TensorShapeException(
            "EnsembleMlp " + layer.name() + ": input " + input.dtype() + " " + input.shape()
                + " does not fit weight " + w.dtype() + " " + w.shape() + " (want " + w.dtype()
                + " [" + members + ", B, " + layer.inFeatures() + "])");
      }
      // [M, B, in_i] x [M, in_i, out_i] -> [M, B, out_i]; f(. + b [M, out_i]) per member.
      Activation f = i == last ? memberMlp.outputActivation() : memberMlp.activation();
      if (f == Activation.RELU) {
        // the product, its bias and ReLU in one primitive: the bits of the lines below, with the
        // bias and ReLU applied to each block of rows of the product while it is in cache (issue 12)
        h = Ops.ensembleDenseRelu(sharedInput ? shared : List.of(h), w, b);
      } else {
        Tensor z = sharedInput ? Ops.sharedInputMatmul(shared, w) : Ops.matmul(h, w);
        h = f.applyAfterBias(z, b);
      }
    }
    return h;
  }

  private void requireShape(String op, String name, Tensor t, Shape want) {
    if (!t.shape().equals(want)) {
      throw new TensorShapeException(
          "EnsembleMlp." + op + ": parameter '" + name + "' has shape " + t.shape() + ", want "
              + want + " (" + members + " members)");
    }
  }

  /** {@code M} tensors of shape {@code s} into one of shape {@code [M, ...s]} (rank of s <= 2). */
  static Tensor stackAlongNewAxis(List<Tensor> parts) {
    Tensor first = parts.get(0);
    int[] dims = first.shape().dims();
    int[] outDims = new int[dims.length + 1];
    outDims[0] = parts.size();
    System.arraycopy(dims, 0, outDims, 1, dims.length);
    Shape out = Shape.of(outDims);
    int n = first.size();
    if (first.dtype() == DType.F32) {
      float[] r = new float[out.size()];
      for (int e = 0; e < parts.size(); e++) {
        System.arraycopy(parts.get(e).rawF32(), 0, r, e * n, n);
      }
      return Tensor.wrap(r, out);
    }
    double[] r = new double[out.size()];
    for (int e = 0; e < parts.size(); e++) {
      System.arraycopy(parts.get(e).rawF64(), 0, r, e * n, n);
    }
    return Tensor.wrap(r, out);
  }

  /** Index {@code e} of the leading axis: {@code [M, ...s] -> s}, copied. */
  static Tensor memberSlice(Tensor t, int e) {
    int[] dims = t.shape().dims();
    int[] outDims = new int[dims.length - 1];
    System.arraycopy(dims, 1, outDims, 0, outDims.length);
    Shape out = Shape.of(outDims);
    int n = out.size();
    if (t.dtype() == DType.F32) {
      float[] r = new float[n];
      System.arraycopy(t.rawF32(), e * n, r, 0, n);
      return Tensor.wrap(r, out);
    }
    double[] r = new double[n];
    System.arraycopy(t.rawF64(), e * n, r, 0, n);
    return Tensor.wrap(r, out);
  }

  @Override
  public String toString() {
    return "EnsembleMlp(" + members + " x " + memberMlp + ")";
  }
}
