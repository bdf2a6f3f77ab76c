package dev.mtfengine.properties;

import static dev.mtfengine.properties.Gens.axis;
import static dev.mtfengine.properties.Gens.axisCodes;
import static dev.mtfengine.properties.Gens.dims;
import static dev.mtfengine.properties.Gens.seeds;
import static dev.mtfengine.properties.Gens.values;
import static dev.mtfengine.properties.Gens.variant;
import static dev.mtfengine.properties.Gens.variantCodes;

import dev.mtfengine.tensor.GradCheck;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Clamp;
import dev.mtfengine.tensor.ops.Ops;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For every primitive name of {@code Primitives.all()}, a generator of {@link Case}s exercising it
 * on generated shapes (rank 0-3 where the op allows, broadcasting variants, every axis, every
 * matmul transpose combination, ensemble biases, 2-3 concat parts, slice ranges) with values from
 * {@link GradCheck#domain}. A primitive added to the registry without an entry here fails {@link
 * GradientPropertyTest}.
 */
final class PrimitiveCases {
  private PrimitiveCases() {}

  /** Case generators keyed by primitive name. */
  static final Map<String, Gen<Case>> BY_PRIMITIVE;

  static {
    Map<String, Gen<Case>> m = new LinkedHashMap<>();
    m.put("add", binary("add", Ops::add));
    m.put("sub", binary("sub", Ops::sub));
    m.put("mul", binary("mul", Ops::mul));
    m.put("div", binary("div", Ops::div));
    m.put("minimum", binary("minimum", Ops::minimum));
    m.put("maximum", binary("maximum", Ops::maximum));
    m.put("select", select());
    m.put("neg", unary("neg", Ops::neg));
    m.put("abs", unary("abs", Ops::abs));
    m.put("relu", unary("relu", Ops::relu));
    m.put("tanh", unary("tanh", Ops::tanh));
    m.put("sigmoid", unary("sigmoid", Ops::sigmoid));
    m.put("softplus", unary("softplus", Ops::softplus));
    m.put("exp", unary("exp", Ops::exp));
    m.put("log", unary("log", Ops::log));
    m.put("sqrt", unary("sqrt", Ops::sqrt));
    m.put("square", unary("square", Ops::square));
    m.put("clamp", clamp());
    m.put("matmul", matmul(Generate.range(0, 7)));
    m.put("sharedInputMatmul", sharedInputMatmul());
    m.put("biasAdd", biasAdd());
    m.put("biasRelu", biasRelu());
    m.put("ensembleDenseRelu", ensembleDenseRelu());
    m.put("sum", reduction("sum", false));
    m.put("mean", reduction("mean", false));
    m.put("max", reduction("max", true));
    m.put("min", reduction("min", true));
    m.put("concat", concat());
    m.put("slice", slice());
    m.put("broadcastTo", broadcastTo());
    m.put("sumTo", sumTo());
    m.put("reshape", reshape());
    BY_PRIMITIVE = Collections.unmodifiableMap(m);
  }

  /** Same-shape operands a third of the time per operand, else a broadcasting variant. */
  static Gen<Case> binary(String name, BinaryOperator<Tensor> op) {
    return dims(0, 3).zip(variantCodes(), variantCodes(), seeds(), (d, ca, cb, seed) -> {
      Tensor[] in = values(GradCheck.domain(name), seed, variant(d, ca), variant(d, cb));
      return new Case(name, t -> op.apply(t[0], t[1]), in, GradCheck.forPrimitive(name));
    });
  }

  static Gen<Case> unary(String name, UnaryOperator<Tensor> op) {
    return dims(0, 3).zip(seeds(), (d, seed) -> {
      Tensor[] in = values(GradCheck.domain(name), seed, Shape.of(d));
      return new Case(name, t -> op.apply(t[0]), in, GradCheck.forPrimitive(name));
    });
  }

  static Gen<Case> select() {
    return dims(0, 3).zip(seeds(), (d, seed) -> {
      Shape s = Shape.of(d);
      Tensor[] in = values(GradCheck.domain("select"), seed, s, s, s);
      return new Case("select", t -> Ops.select(t[0], t[1], t[2]), in,
          GradCheck.forPrimitive("select"));
    });
  }

  /** Bounds on a 0.25 grid: lo in [-1.5, 0], hi - lo in [0.25, 2]; code 0: registered (-1, 1). */
  static Gen<Case> clamp() {
    return dims(0, 3).zip(Generate.range(0, 6), Generate.range(0, 8), seeds(), (d, l, w, seed) -> {
      double lo = l == 0 ? -1 : -1.5 + 0.25 * l;
      double hi = l == 0 ? 1 : lo + 0.25 * Math.max(w, 1);
      Clamp c = new Clamp(lo, hi);
      Tensor[] in = values(GradCheck.domain(c), seed, Shape.of(d));
      return new Case("clamp(" + lo + ", " + hi + ")", t -> Ops.clamp(t[0], lo, hi), in,
          GradCheck.forPrimitive(c));
    });
  }

  /**
   * {@code flags}: bit 0 transposes A, bit 1 transposes B, bit 2 makes it a rank-3 ensemble
   * product. Sizes {@code [M, m, k, n]} in 1..4.
   */
  static Gen<Case> matmul(Gen<Integer> flags) {
    Gen<int[]> sizes = Generate.intArrays(Generate.constant(4), Generate.range(1, Gens.MAX_DIM));
    return sizes.zip(flags, seeds(), (s, f, seed) -> {
      boolean ta = (f & 1) != 0;
      boolean tb = (f & 2) != 0;
      boolean ensemble = (f & 4) != 0;
      int members = s[0];
      int m = s[1];
      int k = s[2];
      int n = s[3];
      int[] a2 = ta ? new int[] {k, m} : new int[] {m, k};
      int[] b2 = tb ? new int[] {n, k} : new int[] {k, n};
      Shape a = ensemble ? Shape.of(members, a2[0], a2[1]) : Shape.of(a2);
      Shape b = ensemble ? Shape.of(members, b2[0], b2[1]) : Shape.of(b2);
      Tensor[] in = values(GradCheck.domain("matmul"), seed, a, b);
      String label = "matmul(" + (ta ? "A^T" : "A") + " " + (tb ? "B^T" : "B") + ")"
          + (ensemble ? " ensemble" : "");
      return new Case(label, t -> Ops.matmul(t[0], t[1], ta, tb), in,
          GradCheck.forPrimitive("matmul"));
    });
  }

  /** 1-3 input parts [B, in_j] (widths 1..3) and W [M, in, out], sizes in 1..4. */
  static Gen<Case> sharedInputMatmul() {
    Gen<int[]> sizes = Generate.intArrays(Generate.constant(3), Generate.range(1, Gens.MAX_DIM));
    Gen<int[]> widths = Generate.intArrays(Generate.range(1, 3), Generate.range(1, 3));
    return sizes.zip(widths, seeds(), (s, w, seed) -> {
      int members = s[0];
      int rows = s[1];
      int out = s[2];
      Shape[] shapes = new Shape[w.length + 1];
      int in = 0;
      for (int j = 0; j < w.length; j++) {
        shapes[j] = Shape.of(rows, w[j]);
        in += w[j];
      }
      shapes[w.length] = Shape.of(members, in, out);
      Tensor[] values = values(GradCheck.domain("sharedInputMatmul"), seed, shapes);
      return new Case("sharedInputMatmul " + w.length + " parts", t -> Ops.sharedInputMatmul(
          java.util.Arrays.asList(t).subList(0, w.length), t[w.length]), values,
          GradCheck.forPrimitive("sharedInputMatmul"));
    });
  }

  /** x of rank 1-3 with bias [F], or for rank 3 (half the time) the ensemble bias [M, F]. */
  static Gen<Case> biasAdd() {
    return dims(1, 3).zip(Generate.booleans(), seeds(), (d, ens, seed) -> {
      boolean ensemble = ens && d.length == 3;
      Shape bias = ensemble ? Shape.of(d[0], d[2]) : Shape.of(d[d.length - 1]);
      Tensor[] in = values(GradCheck.domain("biasAdd"), seed, Shape.of(d), bias);
      return new Case("biasAdd bias " + bias, t -> Ops.biasAdd(t[0], t[1]), in,
          GradCheck.forPrimitive("biasAdd"));
    });
  }

  /** {@link #biasAdd}'s shapes for the fused bias and ReLU, x and bias drawn off the kink. */
  static Gen<Case> biasRelu() {
    return dims(1, 3).zip(Generate.booleans(), seeds(), (d, ens, seed) -> {
      boolean ensemble = ens && d.length == 3;
      Shape bias = ensemble ? Shape.of(d[0], d[2]) : Shape.of(d[d.length - 1]);
      Tensor[] in = values(GradCheck.domain("biasRelu"), seed, Shape.of(d), bias);
      return new Case("biasRelu bias " + bias, t -> Ops.biasRelu(t[0], t[1]), in,
          GradCheck.forPrimitive("biasRelu"));
    });
  }

  /**
   * An ensemble's hidden layer on the members' own inputs [M, B, in] or (half the time) on one to
   * three shared parts [B, in_j], drawn so that x W + b stays off ReLU's kink.
   */
  static Gen<Case> ensembleDenseRelu() {
    Gen<int[]> sizes = Generate.intArrays(Generate.constant(5), Generate.range(1, Gens.MAX_DIM));
    Gen<int[]> widths = Generate.intArrays(Generate.range(1, 3), Generate.range(1, 3));
    return sizes.zip(widths, seeds(), (s, w, seed) -> {
      int members = s[0];
      int rows = s[1];
      int out = s[2];
      boolean shared = s[4] % 2 == 0;
      int parts = shared ? w.length : 1;
      Shape[] shapes = new Shape[parts + 2];
      int in = 0;
      for (int j = 0; j < parts; j++) {
        int width = shared ? w[j] : s[3];
        shapes[2 + j] = shared ? Shape.of(rows, width) : Shape.of(members, rows, width);
        in += width;
      }
      shapes[0] = Shape.of(members, in, out);
      shapes[1] = Shape.of(members, out);
      Tensor[] values = values(GradCheck.domain("ensembleDenseRelu"), seed, shapes);
      return new Case("ensembleDenseRelu " + (shared ? parts + " shared parts" : "own inputs"),
          t -> Ops.ensembleDenseRelu(java.util.Arrays.asList(t).subList(2, t.length), t[0], t[1]), values,
          GradCheck.forPrimitive("ensembleDenseRelu"));
    });
  }

  /**
   * sum/mean over everything (rank 0-3) or one axis; max/min along one axis (rank 1-3). Axis code 0
   * means all elements for sum and mean.
   */
  static Gen<Case> reduction(String name, boolean axisOnly) {
    return dims(axisOnly ? 1 : 0, 3).zip(axisCodes(), seeds(), (d, code, seed) -> {
      Tensor[] in = values(GradCheck.domain(name), seed, Shape.of(d));
      boolean all = !axisOnly && (code == 0 || d.length == 0);
      int ax = all ? 0 : axis(d.length, code);
      GradCheck.TensorFunction f = t -> all ? reduceAll(name, t[0]) : reduceAxis(name, t[0], ax);
      return new Case(name + (all ? " all" : " axis " + ax), f, in, GradCheck.forPrimitive(name));
    });
  }

  static Tensor reduceAll(String name, Tensor x) {
    return name.equals("sum") ? Ops.sum(x) : Ops.mean(x);
  }

  static Tensor reduceAxis(String name, Tensor x, int axis) {
    switch (name) {
      case "sum":
        return Ops.sum(x, axis);
      case "mean":
        return Ops.mean(x, axis);
      case "max":
        return Ops.max(x, axis);
      case "min":
        return Ops.min(x, axis);
      default:
        throw new IllegalArgumentException(name);
    }
  }

  /** 2 or 3 parts sharing leading dims (rank 0-2), last dims 0..3 each. */
  static Gen<Case> concat() {
    Gen<int[]> widths = Generate.intArrays(Generate.constant(3), Generate.range(0, 3));
    return dims(0, 2).zip(Generate.range(2, 3), widths, seeds(), (lead, parts, w, seed) -> {
      Shape[] shapes = new Shape[parts];
      for (int i = 0; i < parts; i++) {
        int[] d = java.util.Arrays.copyOf(lead, lead.length + 1);
        d[lead.length] = w[i];
        shapes[i] = Shape.of(d);
      }
      Tensor[] in = values(GradCheck.domain("concat"), seed, shapes);
      return new Case("concat of " + parts, t -> Ops.concat(t), in,
          GradCheck.forPrimitive("concat"));
    });
  }

  /** Columns [start, end) of the last axis, empty ranges included. */
  static Gen<Case> slice() {
    return dims(1, 3).zip(Generate.range(0, 4), Generate.range(0, 4), seeds(), (d, a, b, seed) -> {
      int w = d[d.length - 1];
      int start = Math.min(Math.min(a, b), w);
      int end = Math.min(Math.max(a, b), w);
      Tensor[] in = values(GradCheck.domain("slice"), seed, Shape.of(d));
      return new Case("slice[" + start + ", " + end + ")", t -> Ops.slice(t[0], start, end), in,
          GradCheck.forPrimitive("slice"));
    });
  }

  static Gen<Case> broadcastTo() {
    return dims(0, 3).zip(variantCodes(), seeds(), (d, code, seed) -> {
      Shape target = Shape.of(d);
      Tensor[] in = values(GradCheck.domain("broadcastTo"), seed, variant(d, code));
      return new Case("broadcastTo " + target, t -> Ops.broadcastTo(t[0], target), in,
          GradCheck.forPrimitive("broadcastTo"));
    });
  }

  static Gen<Case> sumTo() {
    return dims(0, 3).zip(variantCodes(), seeds(), (d, code, seed) -> {
      Shape target = variant(d, code);
      Tensor[] in = values(GradCheck.domain("sumTo"), seed, Shape.of(d));
      return new Case("sumTo " + target, t -> Ops.sumTo(t[0], target), in,
          GradCheck.forPrimitive("sumTo"));
    });
  }

  static Gen<Case> reshape() {
    return dims(0, 3).zip(Generate.range(0, 15), seeds(), (d, code, seed) -> {
      Shape from = Shape.of(d);
      List<Shape> targets = Gens.reshapes(from);
      Shape target = targets.get(code % targets.size());
      Tensor[] in = values(GradCheck.domain("reshape"), seed, from);
      return new Case("reshape to " + target, t -> Ops.reshape(t[0], target), in,
          GradCheck.forPrimitive("reshape"));
    });
  }
}
