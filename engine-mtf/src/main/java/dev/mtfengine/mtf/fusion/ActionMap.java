package dev.mtfengine.mtf.fusion;

import java.util.List;

/**
 * The per-dimension map from the policy's normalised action {@code a in [-1, 1]^K} (a tanh output)
 * to a fusion formula's raw parameters (algorithm.md section 2, [decision]). Each dimension is one
 * of two kinds:
 *
 * <ul>
 *   <li><b>affine</b> ({@code decades_j = 0}): {@code raw_j = lower_j + (a_j + 1) / 2 (upper_j -
 *       lower_j)}, so a_j = -1 gives lower_j and a_j = +1 gives upper_j;
 *   <li><b>multiplicative</b> ({@code decades_j = D > 0}): {@code raw_j = upper_j 10^(D (a_j - 1) /
 *       2)}, so a_j = +1 gives upper_j, a_j = -1 gives the floor {@code upper_j 10^-D}, and a
 *       step of {@code delta} in a_j multiplies raw_j by {@code 10^(D delta / 2)} wherever it
 *       starts. For weights whose ranking depends only on their ratios (log-linear weights, Eq. 1
 *       powers) this makes an exploration box the same relative change of every weight; under the
 *       affine map a +-0.15 box multiplied a weight at raw 0.0003 by up to 250 (docs/algorithms/
 *       experiment.md, decision 12). {@code lower_j} (>= 0, at most the floor) is then the weight's
 *       natural bound: raw values in [lower_j, floor] map to a_j = -1.
 * </ul>
 *
 * Exploration boxes and penalties live in the normalised space; raw parameters exist only inside
 * the scorer.
 *
 * @param lower raw value at a_j = -1 (affine), or the natural lower bound below the floor
 *     (multiplicative), one per dimension (finite)
 * @param upper raw value at a_j = +1, one per dimension (finite, > lower; > 0 if multiplicative)
 * @param decades 0 for an affine dimension, else the decades D a multiplicative one spans
 * @param dimensionNames one name per dimension, used in error messages
 */
public record ActionMap(double[] lower, double[] upper, double[] decades, List<String> dimensionNames) {

  /** Decades spanned by the default multiplicative map: weights from upper / 1000 to upper. */
  public static final double DEFAULT_DECADES = 3.0;

  /** The affine map on every dimension. */
  public ActionMap(double[] lower, double[] upper, List<String> dimensionNames) {
    this(lower, upper, new double[lower.length], dimensionNames);
  }

  public ActionMap {
    if (lower.length != upper.length || lower.length != dimensionNames.size()
        || lower.length != decades.length) {
      throw new IllegalArgumentException(
          "ActionMap: lower (" + lower.length + "), upper (" + upper.length + "), decades ("
              + decades.length + ") and names (" + dimensionNames.size() + ") must have the same length");
    }
    if (lower.length == 0) {
      throw new IllegalArgumentException("ActionMap: needs at least one dimension");
    }
    for (int j = 0; j < lower.length; j++) {
      if (!Double.isFinite(lower[j]) || !Double.isFinite(upper[j]) || !(lower[j] < upper[j])) {
        throw new IllegalArgumentException(
            "ActionMap: dimension " + j + " (" + dimensionNames.get(j) + ") needs finite lower < "
                + "upper, got [" + lower[j] + ", " + upper[j] + "]");
      }
      if (!(decades[j] >= 0) || !Double.isFinite(decades[j])) {
        throw new IllegalArgumentException("ActionMap: dimension " + j + " (" + dimensionNames.get(j)
            + ") has decades = " + decades[j] + "; use 0 (affine) or a finite positive number (multiplicative)");
      }
      if (decades[j] > 0 && !(lower[j] >= 0 && upper[j] * Math.pow(10, -decades[j]) >= lower[j] * (1 - 1e-12))) {
        throw new IllegalArgumentException("ActionMap: multiplicative dimension " + j + " ("
            + dimensionNames.get(j) + ") needs 0 <= lower <= upper 10^-decades, got lower " + lower[j]
            + ", upper " + upper[j] + ", decades " + decades[j]);
      }
    }
    lower = lower.clone();
    upper = upper.clone();
    decades = decades.clone();
    dimensionNames = List.copyOf(dimensionNames);
  }

  /**
   * The same map with dimensions {@code dims} multiplicative over {@code d} decades (the others
   * keep their kind).
   */
  public ActionMap withMultiplicative(int[] dims, double d) {
    double[] dec = decades.clone();
    for (int j : dims) {
      dec[j] = d;
    }
    return new ActionMap(lower, upper, dec, dimensionNames);
  }

  /** Whether dimension {@code j} is multiplicative. */
  public boolean isMultiplicative(int j) {
    return decades[j] > 0;
  }

  /** The same range [lower, upper] on every dimension, affine. */
  public static ActionMap uniform(List<String> dimensionNames, double lower, double upper) {
    int k = dimensionNames.size();
    double[] lo = new double[k];
    double[] hi = new double[k];
    java.util.Arrays.fill(lo, lower);
    java.util.Arrays.fill(hi, upper);
    return new ActionMap(lo, hi, dimensionNames);
  }

  @Override
  public double[] lower() {
    return lower.clone();
  }

  @Override
  public double[] upper() {
    return upper.clone();
  }

  @Override
  public double[] decades() {
    return decades.clone();
  }

  /** K, the action dimension. */
  public int dimension() {
    return lower.length;
  }

  /**
   * Raw parameters for a normalised action.
   *
   * @param action not modified; length K, every entry finite and in [-1, 1]
   * @throws IllegalArgumentException naming the dimension for a wrong length, NaN or out-of-range
   *     entry
   */
  public double[] toRaw(double[] action) {
    double[] raw = new double[lower.length];
    toRaw(action, raw);
    return raw;
  }

  /** As {@link #toRaw(double[])}, writing into {@code raw} (modified; length K). */
  public void toRaw(double[] action, double[] raw) {
    checkAction(action);
    for (int j = 0; j < lower.length; j++) {
      raw[j] = decades[j] > 0
          ? upper[j] * Math.pow(10.0, decades[j] * (action[j] - 1.0) * 0.5)
          : lower[j] + (action[j] + 1.0) * 0.5 * (upper[j] - lower[j]);
    }
  }

  /**
   * The normalised action of raw parameters: {@code a_j = 2 (raw_j - lower_j) / (upper_j -
   * lower_j) - 1} (affine) or {@code a_j = 1 + 2 log10(raw_j / upper_j) / D}, at least -1
   * (multiplicative: raw values at or below the floor, 0 included, map to -1).
   *
   * @throws IllegalArgumentException naming the dimension for a raw value outside [lower, upper]
   */
  public double[] toNormalised(double[] raw) {
    if (raw.length != lower.length) {
      throw new IllegalArgumentException(
          "ActionMap.toNormalised: raw has length " + raw.length + ", expected " + lower.length);
    }
    double[] a = new double[raw.length];
    for (int j = 0; j < raw.length; j++) {
      if (!(raw[j] >= lower[j] && raw[j] <= upper[j])) {
        throw new IllegalArgumentException(
            "ActionMap.toNormalised: raw[" + j + "] (" + dimensionNames.get(j) + ") = " + raw[j]
                + " is outside [" + lower[j] + ", " + upper[j] + "]");
      }
      double aj = decades[j] > 0
          ? (raw[j] > 0 ? 1.0 + 2.0 * Math.log10(raw[j] / upper[j]) / decades[j] : -1.0)
          : 2.0 * (raw[j] - lower[j]) / (upper[j] - lower[j]) - 1.0;
      a[j] = Math.max(-1.0, Math.min(1.0, aj));
    }
    return a;
  }

  /** Throws a clear error unless {@code action} has length K and entries finite in [-1, 1]. */
  public void checkAction(double[] action) {
    if (action == null || action.length != lower.length) {
      throw new IllegalArgumentException(
          "ActionMap: action has length " + (action == null ? "null" : action.length)
              + ", expected " + lower.length + " " + dimensionNames);
    }
    for (int j = 0; j < action.length; j++) {
      double a = action[j];
      if (Double.isNaN(a)) {
        throw new IllegalArgumentException(
            "ActionMap: action[" + j + "] (" + dimensionNames.get(j) + ") is NaN");
      }
      if (!(a >= -1.0 && a <= 1.0)) {
        throw new IllegalArgumentException(
            "ActionMap: action[" + j + "] (" + dimensionNames.get(j) + ") = " + a
                + " is outside [-1, 1]");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionMap other
        && java.util.Arrays.equals(lower, other.lower)
        && java.util.Arrays.equals(upper, other.upper)
        && java.util.Arrays.equals(decades, other.decades)
        && dimensionNames.equals(other.dimensionNames);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * java.util.Arrays.hashCode(lower) + java.util.Arrays.hashCode(upper))
        + java.util.Arrays.hashCode(decades)) + dimensionNames.hashCode();
  }

  @Override
  public String toString() {
    return "ActionMap[lower=" + java.util.Arrays.toString(lower) + ", upper="
        + java.util.Arrays.toString(upper) + ", decades=" + java.util.Arrays.toString(decades)
        + ", names=" + dimensionNames + "]";
  }
}
