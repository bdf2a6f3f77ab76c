package dev.mtfengine.spark;

import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.optim.OptimizerState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner's {@link AlgorithmState} as plain arrays, the form Spark ships between driver and
 * workers and averages: every parameter tensor, then every optimiser moment, in the state's own
 * order, each a float[] (F32) or double[] (F64), with a {@link Layout} naming and shaping them, the
 * iteration and the optimisers' step counts. The learner's RNG words are not carried: each worker
 * supplies its own ({@link #into}).
 */
final class FlatState implements Serializable {
  private static final long serialVersionUID = 1L;
  final Layout layout;
  final float[][] f32;
  final double[][] f64;
  final long iteration;
  final long[] optimizerSteps;

  /**
   * Where each array goes: its parameter set or optimiser, its name and shape. Sets and optimisers
   * are listed on their own too, so one without tensors (a fresh optimiser's moments) survives.
   */
  record Layout(List<String> paramSets, List<String> optimizers, List<String> optimizerKinds, List<String> owners,
      List<String> names, List<int[]> shapes) implements Serializable {}

  FlatState(Layout layout, float[][] f32, double[][] f64, long iteration, long[] optimizerSteps) {
    this.layout = layout;
    this.f32 = f32;
    this.f64 = f64;
    this.iteration = iteration;
    this.optimizerSteps = optimizerSteps;
  }

  /** The arrays of {@code s}, copied. */
  static FlatState of(AlgorithmState s) {
    List<String> owners = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, Params> e : s.params().entrySet()) {
      collect("p:" + e.getKey(), e.getValue(), owners, names, shapes, tensors);
    }
    List<String> kinds = new ArrayList<>();
    long[] steps = new long[s.optimizers().size()];
    int o = 0;
    for (Map.Entry<String, OptimizerState> e : s.optimizers().entrySet()) {
      collect("o:" + e.getKey(), e.getValue().moments(), owners, names, shapes, tensors);
      kinds.add(e.getValue().optimizer());
      steps[o++] = e.getValue().step();
    }
    float[][] f = new float[tensors.size()][];
    double[][] d = new double[tensors.size()][];
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      if (t.dtype() == DType.F32) {
        f[i] = t.toFloatArray();
      } else {
        d[i] = t.toDoubleArray();
      }
    }
    Layout layout = new Layout(List.copyOf(s.params().keySet()), List.copyOf(s.optimizers().keySet()),
        List.copyOf(kinds), owners, names, shapes);
    return new FlatState(layout, f, d, s.iteration(), steps);
  }

  private static void collect(String owner, Params p, List<String> owners, List<String> names, List<int[]> shapes,
      List<Tensor> tensors) {
    for (String name : p.names()) {
      owners.add(owner);
      names.add(name);
      shapes.add(p.get(name).shape().dims());
      tensors.add(p.get(name));
    }
  }

  int arrays() {
    return f32.length;
  }

  int length(int i) {
    return f32[i] != null ? f32[i].length : f64[i].length;
  }

  /** The state these arrays describe, with the learner stream words {@code rng}. */
  AlgorithmState into(long[] rng) {
    Map<String, Params.Builder> sets = new LinkedHashMap<>();
    for (String set : layout.paramSets()) {
      sets.put("p:" + set, Params.builder());
    }
    for (String opt : layout.optimizers()) {
      sets.put("o:" + opt, Params.builder());
    }
    for (int i = 0; i < arrays(); i++) {
      Shape shape = Shape.of(layout.shapes().get(i));
      sets.get(layout.owners().get(i)).put(layout.names().get(i),
          f32[i] != null ? Tensor.wrap(f32[i].clone(), shape) : Tensor.wrap(f64[i].clone(), shape));
    }
    Map<String, Params> params = new LinkedHashMap<>();
    for (String set : layout.paramSets()) {
      params.put(set, sets.get("p:" + set).build());
    }
    Map<String, OptimizerState> optimizers = new LinkedHashMap<>();
    for (int o = 0; o < layout.optimizers().size(); o++) {
      String name = layout.optimizers().get(o);
      optimizers.put(name, new OptimizerState(layout.optimizerKinds().get(o), optimizerSteps[o],
          sets.get("o:" + name).build()));
    }
    return new AlgorithmState(params, optimizers, iteration, rng);
  }
}
