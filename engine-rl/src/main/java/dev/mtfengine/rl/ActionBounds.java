package dev.mtfengine.rl;

import java.util.Arrays;

/**
 * The box {@code [low_j, high_j]} every action must lie in, per dimension. The policy networks act
 * in the normalised box {@code [-1, 1]^K} ({@link #symmetric(int)}); explored actions are clipped to
 * it.
 */
public final class ActionBounds {
  private final double[] low;
  private final double[] high;

  public ActionBounds(double[] low, double[] high) {
    if (low.length != high.length || low.length == 0) {
      throw new IllegalArgumentException(
          "action bounds: low has " + low.length + " dimensions, high has " + high.length);
    }
    for (int j = 0; j < low.length; j++) {
      if (!(Double.isFinite(low[j]) && Double.isFinite(high[j]) && low[j] < high[j])) {
        throw new IllegalArgumentException(
            "action bounds: dimension " + j + " has low " + low[j] + " and high " + high[j]
                + "; need finite low < high");
      }
    }
    this.low = low.clone();
    this.high = high.clone();
  }

  /** {@code [-1, 1]^dims}, the policy's normalised action space. */
  public static ActionBounds symmetric(int dims) {
    double[] lo = new double[dims];
    double[] hi = new double[dims];
    Arrays.fill(lo, -1.0);
    Arrays.fill(hi, 1.0);
    return new ActionBounds(lo, hi);
  }

  public int dims() {
    return low.length;
  }

  public double low(int j) {
    return low[j];
  }

  public double high(int j) {
    return high[j];
  }

  /** {@code min(max(x, low_j), high_j)}. */
  public double clip(int j, double x) {
    return Math.min(Math.max(x, low[j]), high[j]);
  }

  /** True when every coordinate lies in its interval (NaN never does). */
  public boolean contains(float[] action) {
    if (action.length != low.length) {
      return false;
    }
    for (int j = 0; j < low.length; j++) {
      if (!(action[j] >= low[j] && action[j] <= high[j])) {
        return false;
      }
    }
    return true;
  }

  /** Throws naming {@code what}, the dimension and the value when {@code action} is not a valid action. */
  public void check(String what, float[] action) {
    if (action.length != low.length) {
      throw new IllegalArgumentException(
          what + ": has " + action.length + " dimensions, the action space has " + low.length);
    }
    for (int j = 0; j < low.length; j++) {
      if (!(action[j] >= low[j] && action[j] <= high[j])) {
        throw new IllegalArgumentException(
            what + ": dimension " + j + " is " + action[j] + ", outside [" + low[j] + ", " + high[j] + "]");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionBounds
        && Arrays.equals(low, ((ActionBounds) o).low)
        && Arrays.equals(high, ((ActionBounds) o).high);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
  }
}
