package dev.mtfengine.mtf.fusion;

import java.util.List;

/**
 * The per-dimension affine map from the policy's normalised action {@code a in [-1, 1]^K} (a tanh
 * output) to a fusion formula's raw parameters (algorithm.md section 2, [decision]):
 *
 * <pre>raw_j = lower_j + (a_j + 1) / 2 * (upper_j - lower_j)</pre>
 *
 * so a_j = -1 gives lower_j and a_j = +1 gives upper_j. Exploration boxes and penalties live in the
 * normalised space; raw parameters exist only inside the scorer.
 *
 * @param lower raw value at a_j = -1, one per dimension (finite)
 * @param upper raw value at a_j = +1, one per dimension (finite, > lower)
 * @param dimensionNames one name per dimension, used in error messages
 */
public record ActionMap(double[] lower, double[] upper, List<String> dimensionNames) {

  public ActionMap {
    if (lower.length != upper.length || lower.length != dimensionNames.size()) {
      throw new IllegalArgumentException(
          "ActionMap: lower (" + lower.length + "), upper (" + upper.length + ") and names ("
              + dimensionNames.size() + ") must have the same length");
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
    }
    lower = lower.clone();
    upper = upper.clone();
    dimensionNames = List.copyOf(dimensionNames);
  }

  /** The same range [lower, upper] on every dimension. */
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
      raw[j] = lower[j] + (action[j] + 1.0) * 0.5 * (upper[j] - lower[j]);
    }
  }

  /**
   * The normalised action of raw parameters: {@code a_j = 2 (raw_j - lower_j) / (upper_j -
   * lower_j) - 1}.
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
      a[j] = Math.max(-1.0, Math.min(1.0, 2.0 * (raw[j] - lower[j]) / (upper[j] - lower[j]) - 1.0));
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
        && dimensionNames.equals(other.dimensionNames);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * java.util.Arrays.hashCode(lower) + java.util.Arrays.hashCode(upper))
        + dimensionNames.hashCode();
  }

  @Override
  public String toString() {
    return "ActionMap[lower=" + java.util.Arrays.toString(lower) + ", upper="
        + java.util.Arrays.toString(upper) + ", names=" + dimensionNames + "]";
  }
}
