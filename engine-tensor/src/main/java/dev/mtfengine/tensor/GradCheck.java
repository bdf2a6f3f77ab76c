package dev.mtfengine.tensor;

import dev.mtfengine.tensor.ops.Clamp;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Gradient checking as public API, in the manner of {@code torch.autograd.gradcheck} and JAX's
 * {@code check_grads}: compares the tape's vector-Jacobian product of a function with central
 * differences, in F64.
 *
 * <p>For {@code y = f(x_1, ..., x_n)} of any shape, a fixed cotangent {@code v} (standard normal
 * from a seeded generator, or all ones) reduces the output to the scalar {@code L = <v, y>}. The
 * analytic gradient is {@code tape.backwardFrom(y, v, leaves)}; the numeric one, element by
 * element, is
 *
 * <pre>
 *   dL/dx_k ~ (L(x + h_k e_k) - L(x - h_k e_k)) / (2 h_k),   h_k = step * max(1, |x_k|)
 * </pre>
 *
 * <p>where the divisor uses the steps actually representable around {@code x_k}. An element passes
 * when {@code |analytic - numeric| <= atol + rtol |numeric|} (the {@link Tolerance}); NaN never
 * passes. With the default step {@code 1e-6} the truncation error is about {@code h^2 |f'''| / 6}
 * and the rounding error about {@code 1e-16 |L| / h}, both far below the default tolerance for the
 * inputs of the table below.
 *
 * <p>Use:
 *
 * <pre>{@code
 * GradCheck.run(in -> Ops.div(in[0], in[1]), GradCheck.forPrimitive("div"), a, b).assertPassed();
 * }</pre>
 *
 * <p><b>Per-primitive table.</b> {@link #domain(String)} and {@link #tolerance(String)} give, for
 * every primitive name of {@code Primitives.all()}, where its inputs may be sampled so that central
 * differences are valid, and the tolerance its check uses. Central differences are wrong wherever
 * the function is not differentiable within {@code h} of the point, so the domains keep away from
 * kinks and ties by a margin far larger than the step: {@code log} and {@code sqrt} need positive
 * inputs, {@code div} denominators away from 0, {@code abs}/{@code relu} values away from 0, {@code
 * clamp} values away from its bounds, and {@code minimum}/{@code maximum}/{@code max}/{@code min}
 * values without ties. {@code docs/gradients.md} repeats the table, and a test keeps the two equal.
 */
public final class GradCheck {

  /** Relative step of the central differences. */
  public static final double DEFAULT_STEP = 1e-6;

  /** Tolerance for smooth non-linear functions. */
  public static final Tolerance DEFAULT_TOLERANCE = new Tolerance(1e-6, 1e-5);

  /** Seed of the default random cotangent. */
  public static final long DEFAULT_SEED = 0x6A09E667F3BCC908L;

  /**
   * Linear and bilinear functions: central differences are exact up to rounding (the third
   * derivative is 0), so only rounding of the reduced loss is tolerated.
   */
  private static final Tolerance EXACT_TOLERANCE = new Tolerance(1e-6, 1e-6);

  /** Margin kept from kinks and between values compared by min/max; far above the step. */
  private static final double KINK_MARGIN = 0.01;

  private static final double TIE_SEPARATION = 1e-3;

  private GradCheck() {}

  /** A function of tensors to a tensor, the subject of a gradient check. */
  @FunctionalInterface
  public interface TensorFunction {
    Tensor apply(Tensor... inputs);
  }

  /** How the output is reduced to a scalar. */
  public enum Cotangent {
    /** A fixed standard-normal cotangent: checks the whole vector-Jacobian product. */
    RANDOM,
    /** All ones: checks the gradient of {@code sum(f(x))}. */
    ONES
  }

  /**
   * Acceptance of one element: {@code |analytic - numeric| <= atol + rtol |numeric|}.
   *
   * @param atol absolute tolerance, finite and {@code >= 0}
   * @param rtol relative tolerance, finite and {@code >= 0}
   */
  public record Tolerance(double atol, double rtol) {
    public Tolerance {
      if (!(atol >= 0 && rtol >= 0 && Double.isFinite(atol) && Double.isFinite(rtol))) {
        throw new IllegalArgumentException(
            "GradCheck.Tolerance: atol " + atol + " and rtol " + rtol + " must be finite and >= 0");
      }
    }

    /** True when {@code analytic} is within tolerance of {@code numeric}; false for NaN. */
    public boolean accepts(double analytic, double numeric) {
      return Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric);
    }

    /** {@code |analytic - numeric| / (atol + rtol |numeric|)}: at most 1 when accepted. */
    double excess(double analytic, double numeric) {
      double err = Math.abs(analytic - numeric);
      if (Double.isNaN(err)) {
        return Double.POSITIVE_INFINITY;
      }
      double allowed = atol + rtol * Math.abs(numeric);
      return allowed > 0 ? err / allowed : (err == 0 ? 0 : Double.POSITIVE_INFINITY);
    }

    /** E.g. {@code "atol 1e-06, rtol 1e-05"}, as written in {@code docs/gradients.md}. */
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "atol %.0e, rtol %.0e", atol, rtol);
    }
  }

  /**
   * Where one input's values may lie: {@code [lo, hi]} without the points within {@code margin} of
   * a kink, or, for a mask, the values {0, 1} (a mask is never differentiated).
   *
   * @param lo smallest value
   * @param hi largest value
   * @param mask true for a 0/1 mask input that has no gradient
   * @param margin distance kept from each kink
   * @param kinks points where the function is not differentiable
   */
  public record Range(double lo, double hi, boolean mask, double margin, List<Double> kinks) {
    public Range {
      if (!(lo <= hi) || !(margin >= 0)) {
        throw new IllegalArgumentException(
            "GradCheck.Range: need lo <= hi and margin >= 0, got [" + lo + ", " + hi + "], margin "
                + margin);
      }
      kinks = List.copyOf(kinks);
    }

    /** Every value of {@code [lo, hi]}. */
    public static Range of(double lo, double hi) {
      return new Range(lo, hi, false, 0, List.of());
    }

    /** A 0/1 mask (e.g. {@code select}'s first input), not differentiated. */
    public static Range ofMask() {
      return new Range(0, 1, true, 0, List.of());
    }

    /** This range without the points closer than {@code margin} to any of {@code kinks}. */
    public Range avoiding(double margin, double... kinks) {
      List<Double> all = new ArrayList<>(this.kinks);
      for (double k : kinks) {
        all.add(k);
      }
      return new Range(lo, hi, mask, Math.max(this.margin, margin), all);
    }

    /** True when {@code v} may be an input value. */
    public boolean admits(double v) {
      if (mask) {
        return v == 0 || v == 1;
      }
      if (!(v >= lo && v <= hi)) {
        return false;
      }
      for (double k : kinks) {
        if (Math.abs(v - k) < margin) {
          return false;
        }
      }
      return true;
    }

    /** One admitted value drawn uniformly (by rejection). */
    public double sample(RandomGenerator rng) {
      if (mask) {
        return rng.nextBoolean() ? 1 : 0;
      }
      for (int attempt = 0; attempt < 10_000; attempt++) {
        double v = lo + (hi - lo) * rng.nextDouble();
        if (admits(v)) {
          return v;
        }
      }
      throw new IllegalStateException("GradCheck.Range: no admitted value found in " + this);
    }

    @Override
    public String toString() {
      if (mask) {
        return "{0, 1}";
      }
      String interval = "[" + lo + ", " + hi + "]";
      return kinks.isEmpty() ? interval : interval + " at least " + margin + " from " + kinks;
    }
  }

  /**
   * The inputs for which central differences of a primitive are valid.
   *
   * @param description the human-readable form used in {@code docs/gradients.md}
   * @param ranges the range of each input; the last one repeats for further inputs (variadic ops)
   * @param minSeparation when positive, all non-mask values of all inputs must be at least this far
   *     apart (no ties for ops that compare values)
   */
  public record Domain(String description, List<Range> ranges, double minSeparation) {
    public Domain {
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("GradCheck.Domain: needs at least one range");
      }
      ranges = List.copyOf(ranges);
    }

    /** The range of input {@code input}. */
    public Range range(int input) {
      return ranges.get(Math.min(input, ranges.size() - 1));
    }

    /** False for mask inputs, which have no gradient. */
    public boolean differentiable(int input) {
      return !range(input).mask();
    }

    /**
     * F64 tensors of the given shapes with admitted values. With a minimum separation, the values
     * are distinct points of a jittered grid over the first input's range, randomly permuted.
     *
     * @throws IllegalArgumentException when the range cannot hold that many separated values
     */
    public Tensor[] sample(RandomGenerator rng, Shape... shapes) {
      Tensor[] out = new Tensor[shapes.length];
      if (minSeparation <= 0) {
        for (int i = 0; i < shapes.length; i++) {
          double[] v = new double[shapes[i].size()];
          for (int k = 0; k < v.length; k++) {
            v[k] = range(i).sample(rng);
          }
          out[i] = Tensor.wrap(v, shapes[i]);
        }
        return out;
      }
      int total = 0;
      for (int i = 0; i < shapes.length; i++) {
        total += range(i).mask() ? 0 : shapes[i].size();
      }
      Range r = range(0);
      double spacing = (r.hi() - r.lo()) / Math.max(total, 1);
      if (spacing < 2 * minSeparation) {
        throw new IllegalArgumentException(
            "GradCheck.Domain(" + description + "): " + total + " values at least " + minSeparation
                + " apart do not fit in " + r);
      }
      int[] slots = new int[total];
      for (int k = 0; k < total; k++) {
        slots[k] = k;
      }
      for (int k = total - 1; k > 0; k--) { // Fisher-Yates
        int j = rng.nextInt(k + 1);
        int t = slots[k];
        slots[k] = slots[j];
        slots[j] = t;
      }
      int next = 0;
      for (int i = 0; i < shapes.length; i++) {
        double[] v = new double[shapes[i].size()];
        for (int k = 0; k < v.length; k++) {
          // Jitter of a quarter spacing each way keeps neighbours >= spacing/2 >= minSeparation.
          v[k] = range(i).mask()
              ? range(i).sample(rng)
              : r.lo() + (slots[next++] + 0.25 + 0.5 * rng.nextDouble()) * spacing;
        }
        out[i] = Tensor.wrap(v, shapes[i]);
      }
      return out;
    }

    /** Null when every value is admitted, else a message naming the first offending value. */
    public String violation(Tensor... inputs) {
      List<Double> compared = new ArrayList<>();
      for (int i = 0; i < inputs.length; i++) {
        Range r = range(i);
        for (int k = 0; k < inputs[i].size(); k++) {
          double v = inputs[i].getDouble(k);
          if (!r.admits(v)) {
            return "input " + i + " element " + k + " = " + v + " is outside " + r;
          }
          if (!r.mask()) {
            compared.add(v);
          }
        }
      }
      if (minSeparation > 0) {
        Collections.sort(compared);
        for (int k = 1; k < compared.size(); k++) {
          if (compared.get(k) - compared.get(k - 1) < minSeparation) {
            return "values " + compared.get(k - 1) + " and " + compared.get(k) + " are closer than "
                + minSeparation;
          }
        }
      }
      return null;
    }

    /** True when {@link #violation} finds nothing. */
    public boolean admits(Tensor... inputs) {
      return violation(inputs) == null;
    }
  }

  /**
   * Settings of one check.
   *
   * @param step relative step {@code h} of the central differences
   * @param tolerance acceptance of each element
   * @param cotangent how the output is reduced to a scalar
   * @param seed seed of the random cotangent
   * @param wrt indices of the inputs to check; empty means every input the domain allows
   * @param domain when not null, inputs are validated against it and its mask inputs are skipped
   * @param label names the function in reports
   */
  public record Options(
      double step, Tolerance tolerance, Cotangent cotangent, long seed, List<Integer> wrt,
      Domain domain, String label) {
    public Options {
      if (!(step > 0 && step < 1)) {
        throw new IllegalArgumentException(
            "GradCheck.Options: step " + step + " must be in (0, 1)");
      }
      wrt = List.copyOf(wrt);
    }

    /** Step 1e-6, {@link #DEFAULT_TOLERANCE}, random cotangent, every input, no domain. */
    public static Options defaults() {
      return new Options(DEFAULT_STEP, DEFAULT_TOLERANCE, Cotangent.RANDOM, DEFAULT_SEED, List.of(),
          null, "f");
    }

    public Options withStep(double h) {
      return new Options(h, tolerance, cotangent, seed, wrt, domain, label);
    }

    public Options withTolerance(Tolerance t) {
      return new Options(step, t, cotangent, seed, wrt, domain, label);
    }

    public Options withTolerance(double atol, double rtol) {
      return withTolerance(new Tolerance(atol, rtol));
    }

    public Options withCotangent(Cotangent c) {
      return new Options(step, tolerance, c, seed, wrt, domain, label);
    }

    public Options withSeed(long s) {
      return new Options(step, tolerance, cotangent, s, wrt, domain, label);
    }

    /** Checks only the given inputs. */
    public Options withWrt(int... inputs) {
      return new Options(step, tolerance, cotangent, seed,
          Arrays.stream(inputs).boxed().toList(), domain, label);
    }

    public Options withDomain(Domain d) {
      return new Options(step, tolerance, cotangent, seed, wrt, d, label);
    }

    public Options withLabel(String l) {
      return new Options(step, tolerance, cotangent, seed, wrt, domain, l);
    }
  }

  /**
   * The result for one checked input.
   *
   * @param input index of the input
   * @param shape its shape
   * @param maxAbsError largest {@code |analytic - numeric|}
   * @param maxRelError largest {@code |analytic - numeric| / max(|analytic|, |numeric|)} (0 where
   *     both are 0)
   * @param worstIndex flat index of the element furthest outside (or least inside) the tolerance,
   *     -1 for an empty input
   * @param analytic the tape gradient at {@code worstIndex}
   * @param numeric the central difference at {@code worstIndex}
   * @param passed whether every element is within tolerance
   */
  public record InputReport(
      int input, Shape shape, double maxAbsError, double maxRelError, int worstIndex,
      double analytic, double numeric, boolean passed) {

    /** {@code worstIndex} as one index per axis. */
    public int[] worstPosition() {
      int[] dims = shape.dims();
      int[] pos = new int[dims.length];
      int rest = Math.max(worstIndex, 0);
      for (int a = dims.length - 1; a >= 0; a--) {
        pos[a] = rest % dims[a];
        rest /= dims[a];
      }
      return pos;
    }
  }

  /**
   * The result of a check: one {@link InputReport} per checked input.
   *
   * @param label the checked function's name
   * @param inputs per-input results, in input order
   * @param tolerance the tolerance applied
   * @param step the relative step used
   */
  public record Report(String label, List<InputReport> inputs, Tolerance tolerance, double step) {
    public Report {
      inputs = List.copyOf(inputs);
    }

    /** True when every element of every checked input is within tolerance. */
    public boolean passed() {
      return inputs.stream().allMatch(InputReport::passed);
    }

    /** Returns this report when it passed, else throws a {@link GradCheckException} with it. */
    public Report assertPassed() {
      if (!passed()) {
        throw new GradCheckException(this);
      }
      return this;
    }

    /** A multi-line summary naming the worst element of each input. */
    public String describe() {
      StringBuilder sb = new StringBuilder("gradient check of ").append(label)
          .append(passed() ? " passed" : " FAILED").append(" (").append(tolerance)
          .append(", step ").append(step).append(')');
      for (InputReport r : inputs) {
        sb.append(String.format(Locale.ROOT,
            "%n  input %d %s: %s, max abs error %.3e, max rel error %.3e",
            r.input(), r.shape(), r.passed() ? "ok" : "MISMATCH", r.maxAbsError(),
            r.maxRelError()));
        if (r.worstIndex() >= 0) {
          sb.append(String.format(Locale.ROOT, "; worst at %s: analytic %.12g, numeric %.12g",
              Arrays.toString(r.worstPosition()), r.analytic(), r.numeric()));
        }
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  // ---------------------------------------------------------------------------------- checking

  /** {@link #run(TensorFunction, Options, Tensor...)} with {@link Options#defaults()}. */
  public static Report run(TensorFunction f, Tensor... inputs) {
    return run(f, Options.defaults(), inputs);
  }

  /** Runs the check and throws a {@link GradCheckException} when it fails. */
  public static Report check(TensorFunction f, Options options, Tensor... inputs) {
    return run(f, options, inputs).assertPassed();
  }

  /**
   * Compares the tape's vector-Jacobian product of {@code f} at {@code inputs} with central
   * differences. {@code f} is called once on tape-watched inputs and twice per element of every
   * checked input on plain ones; it must be deterministic. Inputs are not modified.
   *
   * @param f the function; its output must be F64
   * @param options step, tolerance, cotangent, inputs to check and optional domain
   * @param inputs F64 tensors
   * @throws IllegalArgumentException when an input is not F64, or lies outside the options' domain
   */
  public static Report run(TensorFunction f, Options options, Tensor... inputs) {
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].dtype() != DType.F64) {
        throw new IllegalArgumentException(
            "GradCheck(" + options.label() + "): input " + i + " " + inputs[i].shape()
                + " is F32; gradient checks run in F64");
      }
    }
    if (options.domain() != null) {
      String bad = options.domain().violation(inputs);
      if (bad != null) {
        throw new IllegalArgumentException("GradCheck(" + options.label() + "): " + bad
            + " (domain: " + options.domain().description() + ")");
      }
    }
    boolean[] checked = checkedInputs(options, inputs.length);

    Tape tape = new Tape();
    Tensor[] args = new Tensor[inputs.length];
    List<Tensor> leaves = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      args[i] = checked[i] ? tape.watch(inputs[i]) : inputs[i].detach();
      if (checked[i]) {
        leaves.add(args[i]);
      }
    }
    Tensor out = f.apply(args);
    if (out.dtype() != DType.F64) {
      throw new IllegalArgumentException(
          "GradCheck(" + options.label() + "): output " + out.shape() + " is F32; expected F64");
    }
    double[] v = cotangent(options, out.shape().size());
    Gradients grads = tape.backwardFrom(out, Tensor.wrap(v, out.shape()), leaves);

    Tensor[] plain = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      plain[i] = inputs[i].detach();
    }
    List<InputReport> reports = new ArrayList<>();
    Tolerance tol = options.tolerance();
    for (int i = 0; i < inputs.length; i++) {
      if (!checked[i]) {
        continue;
      }
      double[] analytic = grads.of(args[i]).toDoubleArray();
      double[] x = inputs[i].toDoubleArray();
      Shape shape = inputs[i].shape();
      double maxAbs = 0;
      double maxRel = 0;
      double worstExcess = -1;
      int worst = -1;
      boolean passed = true;
      double worstA = Double.NaN;
      double worstN = Double.NaN;
      for (int k = 0; k < x.length; k++) {
        double xk = x[k];
        double h = options.step() * Math.max(1.0, Math.abs(xk));
        x[k] = xk + h;
        double up = x[k] - xk; // the step actually taken after rounding
        plain[i] = Tensor.of(x, shape.dims());
        double fUp = reduce(f.apply(plain), v, out.shape(), options.label());
        x[k] = xk - h;
        double down = xk - x[k];
        plain[i] = Tensor.of(x, shape.dims());
        double fDown = reduce(f.apply(plain), v, out.shape(), options.label());
        x[k] = xk;
        double numeric = (fUp - fDown) / (up + down);
        double a = analytic[k];
        double err = Math.abs(a - numeric);
        double scale = Math.max(Math.abs(a), Math.abs(numeric));
        double rel = err == 0 ? 0 : err / scale;
        maxAbs = Double.isNaN(err) ? Double.NaN : Math.max(maxAbs, err);
        maxRel = Double.isNaN(rel) ? Double.NaN : Math.max(maxRel, rel);
        double excess = tol.excess(a, numeric);
        passed &= tol.accepts(a, numeric);
        if (excess > worstExcess) {
          worstExcess = excess;
          worst = k;
          worstA = a;
          worstN = numeric;
        }
      }
      plain[i] = inputs[i].detach();
      reports.add(new InputReport(i, shape, maxAbs, maxRel, worst, worstA, worstN, passed));
    }
    return new Report(options.label(), reports, tol, options.step());
  }

  private static boolean[] checkedInputs(Options options, int n) {
    boolean[] checked = new boolean[n];
    if (options.wrt().isEmpty()) {
      for (int i = 0; i < n; i++) {
        checked[i] = options.domain() == null || options.domain().differentiable(i);
      }
      return checked;
    }
    for (int i : options.wrt()) {
      if (i < 0 || i >= n) {
        throw new IllegalArgumentException(
            "GradCheck(" + options.label() + "): wrt index " + i + " but " + n + " inputs");
      }
      checked[i] = true;
    }
    return checked;
  }

  private static double[] cotangent(Options options, int n) {
    double[] v = new double[n];
    if (options.cotangent() == Cotangent.ONES) {
      Arrays.fill(v, 1.0);
      return v;
    }
    Xoshiro256StarStar rng = new Xoshiro256StarStar(options.seed());
    for (int k = 0; k < n; k++) {
      v[k] = rng.nextGaussian();
    }
    return v;
  }

  /** {@code <v, y>} in a fixed order. */
  private static double reduce(Tensor y, double[] v, Shape expected, String label) {
    if (!y.shape().equals(expected)) {
      throw new IllegalStateException("GradCheck(" + label + "): output shape changed from "
          + expected + " to " + y.shape() + " under a perturbation");
    }
    double s = 0;
    for (int k = 0; k < v.length; k++) {
      s += v[k] * y.getDouble(k);
    }
    return s;
  }

  // ------------------------------------------------------------------------- per-primitive table

  private record Entry(Domain domain, Tolerance tolerance) {}

  private static final Map<String, Entry> TABLE = new LinkedHashMap<>();

  private static void put(String name, Domain domain, Tolerance tol) {
    TABLE.put(name, new Entry(domain, tol));
  }

  private static Domain any(String description, double lo, double hi) {
    return new Domain(description, List.of(Range.of(lo, hi)), 0);
  }

  static {
    Domain anyX = any("any x in [-2, 2]", -2, 2);
    Domain noTies = new Domain("x in [-2, 2], all values at least 1e-3 apart (no ties)",
        List.of(Range.of(-2, 2)), TIE_SEPARATION);
    Domain offZero = new Domain("x in [-2, 2], abs(x) >= 0.01 (off the kink)",
        List.of(Range.of(-2, 2).avoiding(KINK_MARGIN, 0)), 0);
    Domain positive = any("x in [0.1, 4]", 0.1, 4);
    put("add", anyX, EXACT_TOLERANCE);
    put("sub", anyX, EXACT_TOLERANCE);
    put("mul", anyX, EXACT_TOLERANCE);
    put("div", new Domain("a in [-2, 2]; b in [-2, 2] with abs(b) >= 0.25",
        List.of(Range.of(-2, 2), Range.of(-2, 2).avoiding(0.25, 0)), 0), DEFAULT_TOLERANCE);
    put("minimum", noTies, EXACT_TOLERANCE);
    put("maximum", noTies, EXACT_TOLERANCE);
    put("select", new Domain("mask in {0, 1} (no gradient); a, b in [-2, 2]",
        List.of(Range.ofMask(), Range.of(-2, 2)), 0), EXACT_TOLERANCE);
    put("neg", anyX, EXACT_TOLERANCE);
    put("abs", offZero, EXACT_TOLERANCE);
    put("relu", offZero, EXACT_TOLERANCE);
    put("tanh", any("x in [-3, 3]", -3, 3), DEFAULT_TOLERANCE);
    put("sigmoid", any("x in [-3, 3]", -3, 3), DEFAULT_TOLERANCE);
    put("softplus", any("x in [-3, 3]", -3, 3), DEFAULT_TOLERANCE);
    put("exp", anyX, DEFAULT_TOLERANCE);
    put("log", positive, DEFAULT_TOLERANCE);
    put("sqrt", positive, DEFAULT_TOLERANCE);
    put("square", anyX, EXACT_TOLERANCE);
    put("clamp", new Domain("x in [-2, 2], at least 0.01 from lo and hi (registered: -1, 1)",
        List.of(Range.of(-2, 2).avoiding(KINK_MARGIN, -1, 1)), 0), EXACT_TOLERANCE);
    put("matmul", anyX, EXACT_TOLERANCE);
    put("sharedInputMatmul", anyX, EXACT_TOLERANCE);
    put("biasAdd", anyX, EXACT_TOLERANCE);
    put("biasRelu", new Domain("x in [-2, 2] with abs(x) >= 0.5; bias in [-0.25, 0.25] (x + bias off the kink)",
        List.of(Range.of(-2, 2).avoiding(0.5, 0), Range.of(-0.25, 0.25)), 0), EXACT_TOLERANCE);
    put("ensembleDenseRelu", new Domain("W in [-0.5, 0.5]; b in [-4, 4] with abs(b) >= 3; x in [-0.5, 0.5]"
        + " (x W + b at least 0.75 off the kink for fewer than 12 inputs: each output feature all active or all zero)",
        List.of(Range.of(-0.5, 0.5), Range.of(-4, 4).avoiding(3, 0), Range.of(-0.5, 0.5)), 0), EXACT_TOLERANCE);
    put("sum", anyX, EXACT_TOLERANCE);
    put("mean", anyX, EXACT_TOLERANCE);
    put("max", noTies, EXACT_TOLERANCE);
    put("min", noTies, EXACT_TOLERANCE);
    put("concat", anyX, EXACT_TOLERANCE);
    put("slice", anyX, EXACT_TOLERANCE);
    put("broadcastTo", anyX, EXACT_TOLERANCE);
    put("sumTo", anyX, EXACT_TOLERANCE);
    put("reshape", anyX, EXACT_TOLERANCE);
  }

  private static Entry entry(String primitiveName) {
    Entry e = TABLE.get(primitiveName);
    if (e == null) {
      throw new IllegalArgumentException("GradCheck: no domain for primitive '" + primitiveName
          + "'; known: " + TABLE.keySet());
    }
    return e;
  }

  /** The names in the table, in {@code Primitives.all()} order. */
  public static List<String> tabulatedPrimitives() {
    return List.copyOf(TABLE.keySet());
  }

  /**
   * Where the inputs of the primitive named {@code primitiveName} may be sampled for a gradient
   * check. For {@code clamp} the kinks are those of the registered instance {@code clamp(-1, 1)};
   * use {@link #domain(Primitive)} for other bounds.
   *
   * @throws IllegalArgumentException for a name not in the table
   */
  public static Domain domain(String primitiveName) {
    return entry(primitiveName).domain();
  }

  /** The domain of this instance: {@link #domain(String)}, with clamp's own bounds as kinks. */
  public static Domain domain(Primitive p) {
    if (p instanceof Clamp c) {
      return new Domain("x in [-2, 2], at least 0.01 from lo = " + c.lo() + " and hi = " + c.hi(),
          List.of(Range.of(-2, 2).avoiding(KINK_MARGIN, c.lo(), c.hi())), 0);
    }
    return domain(p.name());
  }

  /**
   * The tolerance of the gradient check of the primitive named {@code primitiveName}: {@code atol
   * 1e-6, rtol 1e-6} for (bi)linear and piecewise-linear primitives, whose central differences are
   * exact up to rounding inside their domain; {@link #DEFAULT_TOLERANCE} for the others.
   *
   * @throws IllegalArgumentException for a name not in the table
   */
  public static Tolerance tolerance(String primitiveName) {
    return entry(primitiveName).tolerance();
  }

  /** Options with the primitive's domain (mask inputs skipped), tolerance and name as label. */
  public static Options forPrimitive(String primitiveName) {
    return Options.defaults().withDomain(domain(primitiveName))
        .withTolerance(tolerance(primitiveName)).withLabel(primitiveName);
  }

  /** {@link #forPrimitive(String)} with the domain of this instance ({@link #domain(Primitive)}). */
  public static Options forPrimitive(Primitive p) {
    return forPrimitive(p.name()).withDomain(domain(p));
  }
}
