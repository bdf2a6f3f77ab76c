package dev.mtfengine.mtf.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mtfengine.mtf.fusion.FusionFormula;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.NormalisationStats;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The serving side of a trained multi-task-fusion policy: for one request (the user's state
 * features and every candidate's MTL head predictions) it runs the deterministic actor {@code
 * mu(s)}, maps the normalised action to the fusion formula's raw parameters, fuses each
 * candidate's heads into one score and ranks the candidates (best first, ties by lower index, the
 * order of {@link dev.mtfengine.mtf.fusion.TopL}).
 *
 * <p><b>Thread safety.</b> A policy is immutable after construction: the actor weights are copied
 * out of the {@link Params} into private {@code float[]} arrays that are never written again, and
 * the normalisation statistics, formula and action map are immutable too. {@link #decide} keeps
 * all its intermediate values in arrays it allocates itself, so any number of threads may call it
 * concurrently on one shared instance without locking.
 *
 * <p><b>Allocation.</b> The actor forward pass does not use the autodiff tensor machinery (which
 * would allocate a tensor, and its shape and tape bookkeeping, per layer); it is plain float loops
 * over the copied weights for one row. A call allocates only primitive arrays: two activation
 * buffers of the widest layer, the action and raw parameters (K each), and the heads, scores and
 * ranking of the N candidates (plus an N-sized merge buffer), no boxing and no per-candidate
 * objects. Per-thread reusable buffers were left out on purpose: they would tie a policy to
 * thread identity (awkward with virtual threads) for a saving of a few kilobytes of short-lived
 * garbage per request.
 *
 * <p>The forward pass computes in float. For F32 parameters it repeats the tensor path's
 * operations in the same order and equals {@link DeterministicActor#act} bit for bit; F64
 * parameters are rounded to float on loading and agree to about 1e-6 (a test holds both).
 */
public final class FusionPolicy {
  private final int stateDim;
  private final int actionDim;
  /** Layer widths: stateDim, the hidden widths, actionDim. */
  private final int[] widths;
  /** weights[l] is layer l's [in, out] matrix, row-major (the {@link Mlp} layout). */
  private final float[][] weights;
  private final float[][] biases;
  /** Per-feature mean and standard deviation as floats, or null when states are not normalised. */
  private final float[] stateMean;
  private final float[] stateStd;
  private final FusionRanker ranker;
  private final int maxWidth;

  private FusionPolicy(int[] widths, float[][] weights, float[][] biases, NormalisationStats stats,
      FusionRanker ranker) {
    this.widths = widths;
    this.stateDim = widths[0];
    this.actionDim = widths[widths.length - 1];
    this.weights = weights;
    this.biases = biases;
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.maxWidth = Arrays.stream(widths).max().orElseThrow();
    if (ranker.actionDimension() != actionDim) {
      throw new IllegalArgumentException("FusionPolicy: the actor outputs " + actionDim
          + " action dimensions but the fusion formula " + ranker.formula().name() + " needs "
          + ranker.actionDimension() + " " + ranker.formula().parameterNames());
    }
    if (stats == null) {
      stateMean = null;
      stateStd = null;
    } else {
      double[] mean = stats.stateMean();
      double[] std = stats.stateStd();
      if (mean.length != stateDim) {
        throw new IllegalArgumentException("FusionPolicy: the normalisation statistics have "
            + mean.length + " state features, the actor takes " + stateDim);
      }
      // Rounded to float once here because the training path normalises float states with the
      // statistics converted to float (NormalisationStats.normaliseState), and serving must match.
      stateMean = new float[stateDim];
      stateStd = new float[stateDim];
      for (int j = 0; j < stateDim; j++) {
        stateMean[j] = (float) mean[j];
        stateStd[j] = (float) std[j];
      }
    }
  }

  /**
   * A policy from actor parameters in memory (e.g. a test's, or a learner's current state).
   *
   * @param actor the network layout; its ReLU hidden layers and tanh output are what is served
   * @param actorParams the actor's parameters; copied, so later changes do not reach the policy
   * @param stats state normalisation applied before the actor, or null for none
   * @param ranker the fusion formula and the map from normalised actions to its raw parameters
   */
  public static FusionPolicy of(DeterministicActor actor, Params actorParams, NormalisationStats stats,
      FusionRanker ranker) {
    Mlp mlp = actor.mlp();
    if (mlp.activation() != Activation.RELU || mlp.outputActivation() != Activation.TANH) {
      throw new IllegalArgumentException("FusionPolicy: the actor must be ReLU hidden / tanh output, got " + mlp);
    }
    int[] widths = widths(mlp.inputSize(), mlp.hiddenSizes(), mlp.outputSize());
    return fromParams(widths, actorParams, "actor parameters", stats, ranker);
  }

  /** {@link #load(Path, Path, FusionRanker)} without state normalisation. */
  public static FusionPolicy load(Path checkpointDirectory, FusionRanker ranker) {
    return load(checkpointDirectory, null, ranker);
  }

  /**
   * A policy from a checkpoint directory written by {@link Checkpoint#write} (e.g. by the
   * Trainer): the {@code "actor"} parameter set of {@code weights.safetensors} and the {@code
   * stateDim}, {@code actionDim} and {@code hidden} of the config in {@code checkpoint.json}.
   *
   * @param normalisationStats a file written by {@link NormalisationStats#save}, or null when the
   *     actor was trained on raw states
   * @param ranker the fusion formula and action map the policy's actions are meant for (e.g.
   *     {@code FusionSpec.defaults().ranker()}, the simulator's)
   * @throws IllegalArgumentException naming the file and the problem for a damaged or foreign
   *     checkpoint: no actor set, a config without the actor's sizes, or tensors whose names or
   *     shapes are not those of that actor
   */
  public static FusionPolicy load(Path checkpointDirectory, Path normalisationStats, FusionRanker ranker) {
    Checkpoint.Contents contents = Checkpoint.read(checkpointDirectory);
    Path meta = checkpointDirectory.resolve("checkpoint.json");
    Path weightsFile = checkpointDirectory.resolve("weights.safetensors");
    JsonNode config = contents.config();
    int stateDim = positiveInt(config, "stateDim", meta, contents.algorithm());
    int actionDim = positiveInt(config, "actionDim", meta, contents.algorithm());
    JsonNode hiddenNode = config.path("hidden");
    if (!hiddenNode.isArray()) {
      throw new IllegalArgumentException("checkpoint " + meta + ": the " + contents.algorithm()
          + " config has no 'hidden' list of layer widths, so the actor's layout is unknown");
    }
    int[] hidden = new int[hiddenNode.size()];
    for (int i = 0; i < hidden.length; i++) {
      JsonNode w = hiddenNode.get(i);
      if (!w.canConvertToInt() || w.asInt() < 1) {
        throw new IllegalArgumentException("checkpoint " + meta + ": config hidden[" + i + "] = " + w
            + " is not a positive layer width");
      }
      hidden[i] = w.asInt();
    }
    Map<String, Params> sets = contents.state().params();
    Params actor = sets.get("actor");
    if (actor == null) {
      throw new IllegalArgumentException("checkpoint " + weightsFile + " (algorithm '" + contents.algorithm()
          + "') has no 'actor' parameter set, only " + sets.keySet() + "; there is no policy to serve");
    }
    NormalisationStats stats = normalisationStats == null ? null : NormalisationStats.load(normalisationStats);
    return fromParams(widths(stateDim, hidden, actionDim), actor,
        "checkpoint " + weightsFile + " (algorithm '" + contents.algorithm() + "'), set 'actor'", stats, ranker);
  }

  private static int positiveInt(JsonNode config, String field, Path meta, String algorithm) {
    JsonNode n = config.path(field);
    if (!n.canConvertToInt() || n.asInt() < 1) {
      throw new IllegalArgumentException("checkpoint " + meta + ": the " + algorithm + " config has no positive '"
          + field + "' (found " + (n.isMissingNode() ? "nothing" : n.toString()) + ")");
    }
    return n.asInt();
  }

  private static int[] widths(int stateDim, int[] hidden, int actionDim) {
    int[] w = new int[hidden.length + 2];
    w[0] = stateDim;
    System.arraycopy(hidden, 0, w, 1, hidden.length);
    w[w.length - 1] = actionDim;
    return w;
  }

  /** Checks that {@code params} is exactly the Mlp layout of {@code widths} and copies it out. */
  private static FusionPolicy fromParams(int[] widths, Params params, String source, NormalisationStats stats,
      FusionRanker ranker) {
    int layers = widths.length - 1;
    float[][] weights = new float[layers][];
    float[][] biases = new float[layers][];
    List<String> expected = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      expected.add(Mlp.weightName(l));
      expected.add(Mlp.biasName(l));
      weights[l] = tensor(params, Mlp.weightName(l), Shape.of(widths[l], widths[l + 1]), source, widths);
      biases[l] = tensor(params, Mlp.biasName(l), Shape.of(widths[l + 1]), source, widths);
    }
    List<String> extra = new ArrayList<>(params.names());
    extra.removeAll(expected);
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(source + ": unexpected tensors " + extra + " for an actor with widths "
          + Arrays.toString(widths) + " (expected exactly " + expected + ")");
    }
    return new FusionPolicy(widths, weights, biases, stats, ranker);
  }

  private static float[] tensor(Params params, String name, Shape shape, String source, int[] widths) {
    if (!params.contains(name)) {
      throw new IllegalArgumentException(source + ": no tensor '" + name + "' (have " + params.names()
          + "); an actor with widths " + Arrays.toString(widths) + " needs " + shape);
    }
    Tensor t = params.get(name);
    if (!t.shape().equals(shape)) {
      throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape " + t.shape()
          + ", the config's actor (widths " + Arrays.toString(widths) + ") needs " + shape);
    }
    float[] data = t.toFloatArray();
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IllegalArgumentException(source + ": tensor '" + name + "' has a non-finite entry at " + i
            + " (" + data[i] + "); the checkpoint comes from a diverged run");
      }
    }
    return data;
  }

  /** S, the width of the user-feature vector. */
  public int stateDim() {
    return stateDim;
  }

  /** K, the dimension of the action (and of the formula's raw parameters). */
  public int actionDim() {
    return actionDim;
  }

  /** m, the number of MTL head predictions per candidate. */
  public int headCount() {
    return ranker.formula().headCount();
  }

  /** The fusion formula and action map. */
  public FusionRanker ranker() {
    return ranker;
  }

  /**
   * The decision for one request.
   *
   * @param userFeatures not modified; length {@link #stateDim()}, finite (the raw state: the
   *     normalisation statistics, if any, are applied here)
   * @param candidateScores not modified; one row per candidate (at least one), each of length
   *     {@link #headCount()} with every prediction in [0, 1]
   * @throws IllegalArgumentException naming the offending entry for a wrong width, a non-finite
   *     feature, or a prediction that is NaN or outside [0, 1]
   */
  public Decision decide(float[] userFeatures, float[][] candidateScores) {
    checkFeatures(userFeatures);
    if (candidateScores == null || candidateScores.length == 0) {
      throw new IllegalArgumentException("FusionPolicy.decide: no candidates; a request needs at least one");
    }
    int n = candidateScores.length;
    int m = headCount();
    double[] heads = new double[n * m];
    for (int i = 0; i < n; i++) {
      float[] row = candidateScores[i];
      if (row == null || row.length != m) {
        throw new IllegalArgumentException("FusionPolicy.decide: candidateScores[" + i + "] has "
            + (row == null ? "no row" : row.length + " predictions") + ", the formula " + ranker.formula().name()
            + " needs " + m + " heads per candidate");
      }
      for (int k = 0; k < m; k++) {
        heads[i * m + k] = checkedPrediction(row[k], i, k);
      }
    }
    return decideChecked(userFeatures, heads, n);
  }

  /**
   * As {@link #decide(float[], float[][])} with the predictions flat and row-major: {@code
   * candidateScores[i * headCount() + k]} is head k of candidate i.
   */
  public Decision decide(float[] userFeatures, float[] candidateScores) {
    checkFeatures(userFeatures);
    int m = headCount();
    if (candidateScores == null || candidateScores.length == 0 || candidateScores.length % m != 0) {
      throw new IllegalArgumentException("FusionPolicy.decide: flat candidateScores has length "
          + (candidateScores == null ? "null" : candidateScores.length) + ", expected a positive multiple of "
          + m + " (candidates * heads)");
    }
    int n = candidateScores.length / m;
    double[] heads = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < m; k++) {
        heads[i * m + k] = checkedPrediction(candidateScores[i * m + k], i, k);
      }
    }
    return decideChecked(userFeatures, heads, n);
  }

  private void checkFeatures(float[] userFeatures) {
    if (userFeatures == null || userFeatures.length != stateDim) {
      throw new IllegalArgumentException("FusionPolicy.decide: userFeatures has length "
          + (userFeatures == null ? "null" : userFeatures.length) + ", the actor takes stateDim = " + stateDim);
    }
    for (int j = 0; j < stateDim; j++) {
      if (!Float.isFinite(userFeatures[j])) {
        throw new IllegalArgumentException("FusionPolicy.decide: userFeatures[" + j + "] is " + userFeatures[j]
            + "; features must be finite");
      }
    }
  }

  private double checkedPrediction(float p, int candidate, int head) {
    // Predictions are probabilities; the formulas' logarithms and the action map's bias ranges
    // assume [0, 1], so anything else is a caller bug rather than something to clamp silently.
    if (!(p >= 0f && p <= 1f)) {
      throw new IllegalArgumentException("FusionPolicy.decide: candidateScores[" + candidate + "][" + head + "] = "
          + p + " is " + (Float.isNaN(p) ? "NaN" : "outside [0, 1]") + "; MTL predictions must be probabilities");
    }
    return p;
  }

  /** Inputs validated: actor, action map, fusion, ranking. */
  private Decision decideChecked(float[] userFeatures, double[] heads, int n) {
    float[] a = new float[maxWidth];
    float[] b = new float[maxWidth];
    if (stateMean == null) {
      System.arraycopy(userFeatures, 0, a, 0, stateDim);
    } else {
      for (int j = 0; j < stateDim; j++) {
        a[j] = (userFeatures[j] - stateMean[j]) / stateStd[j];
      }
    }
    int last = weights.length - 1;
    for (int l = 0; l <= last; l++) {
      layer(weights[l], biases[l], widths[l], widths[l + 1], a, b, l == last);
      float[] t = a;
      a = b;
      b = t;
    }
    double[] action = new double[actionDim];
    for (int j = 0; j < actionDim; j++) {
      action[j] = a[j];
    }
    double[] raw = ranker.actionMap().toRaw(action);
    FusionFormula formula = ranker.formula();
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      double s = formula.score(heads, i, raw);
      if (Double.isNaN(s)) {
        throw new IllegalStateException("FusionPolicy.decide: fused score of candidate " + i + " is NaN under raw "
            + "parameters " + Arrays.toString(raw) + "; the action map's ranges do not suit " + formula.name());
      }
      scores[i] = s;
    }
    return new Decision(action, raw, scores, rank(scores, n));
  }

  /**
   * {@code out = f(in W + bias)} for one row, in the tensor path's arithmetic: each output is the
   * fused multiply-add chain over the inputs in increasing order starting from 0 (the definition
   * of {@code Kernels.gemm}), then the bias is added (Ops.biasAdd), so for F32 parameters the
   * result is bit-identical to {@link DeterministicActor#act}. The loop runs over the input then
   * the output index so the inner loop walks a contiguous row of W (row-major [in, out]). Inputs
   * that ReLU zeroed are skipped: their FMA would add an exact zero, and skipping them saves
   * reading their weight rows, which is what one-row inference is bound by (it reads every weight
   * once and reuses none).
   */
  private static void layer(float[] w, float[] bias, int in, int out, float[] x, float[] y, boolean output) {
    Arrays.fill(y, 0, out, 0f);
    for (int i = 0; i < in; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int row = i * out;
      for (int j = 0; j < out; j++) {
        y[j] = Math.fma(xi, w[row + j], y[j]);
      }
    }
    if (output) {
      // the tensor path's tanh (StrictMath, rounded to float), so serving matches training
      for (int j = 0; j < out; j++) {
        y[j] = (float) StrictMath.tanh(y[j] + bias[j]);
      }
    } else {
      for (int j = 0; j < out; j++) {
        y[j] = Math.max(y[j] + bias[j], 0f);
      }
    }
  }

  /**
   * Every index, best score first, ties by lower index: a stable bottom-up merge sort of the
   * indices (Arrays.sort on int[] takes no comparator, and boxing 200 Integers per request is the
   * garbage this class avoids). The merge takes from the left run unless the right score is
   * strictly greater, which keeps equal scores (and 0.0 / -0.0) in index order, like TopL.
   */
  static int[] rank(double[] scores, int n) {
    int[] src = new int[n];
    for (int i = 0; i < n; i++) {
      src[i] = i;
    }
    int[] dst = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          dst[k++] = scores[src[j]] > scores[src[i]] ? src[j++] : src[i++];
        }
        while (i < mid) {
          dst[k++] = src[i++];
        }
        while (j < hi) {
          dst[k++] = src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }
}
