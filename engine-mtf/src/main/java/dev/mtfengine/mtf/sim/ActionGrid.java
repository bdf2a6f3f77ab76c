package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.fusion.ActionMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A finite set of normalised actions over which value iteration maximises (simulator.md, "Exact
 * evaluation"). The default is the simplex of the four head weights with step 0.1 (286 actions):
 * for the log-linear family the ranking depends only on the direction of alpha, so the simplex
 * covers every non-negative direction at that resolution; the other raw parameters (biases of the
 * power/bias product) are held fixed.
 */
public final class ActionGrid {
  private final double[][] actions;

  /**
   * @param actions normalised actions, each of the same length; copied
   */
  public ActionGrid(double[][] actions) {
    if (actions.length == 0) {
      throw new IllegalArgumentException("ActionGrid: needs at least one action");
    }
    this.actions = new double[actions.length][];
    for (int a = 0; a < actions.length; a++) {
      if (actions[a].length != actions[0].length) {
        throw new IllegalArgumentException(
            "ActionGrid: action " + a + " has length " + actions[a].length + ", action 0 has "
                + actions[0].length);
      }
      this.actions[a] = actions[a].clone();
    }
  }

  /**
   * Raw parameters {@code theta_0..theta_{m-1}} on the simplex {@code sum = 1, theta_k in {0, 1/D,
   * ..., 1}} (D = divisions), the remaining raw parameters fixed at {@code fixedRest}, mapped to
   * normalised actions by {@code map}. Ordered lexicographically by (theta_0, theta_1, ...)
   * ascending, so indices are stable.
   *
   * @throws IllegalArgumentException if a simplex point lies outside the map's raw range
   */
  public static ActionGrid simplex(ActionMap map, int simplexDimensions, int divisions,
      double[] fixedRest) {
    if (simplexDimensions < 1 || simplexDimensions + fixedRest.length != map.dimension()) {
      throw new IllegalArgumentException(
          "ActionGrid.simplex: " + simplexDimensions + " simplex dimensions + " + fixedRest.length
              + " fixed ones must equal the action dimension " + map.dimension());
    }
    if (divisions < 1) {
      throw new IllegalArgumentException("ActionGrid.simplex: divisions = " + divisions + " must be >= 1");
    }
    long size = simplexSize(simplexDimensions, divisions);
    if (size > MAX_ACTIONS) {
      throw new IllegalArgumentException("--divisions " + divisions + " gives a grid of "
          + (size == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(size)) + " actions over " + simplexDimensions
          + " weights; the exact model ranks every candidate set under every action, so at most " + MAX_ACTIONS
          + " are allowed (the default, 10 divisions, gives 286)");
    }
    List<double[]> out = new ArrayList<>();
    int[] counts = new int[simplexDimensions];
    enumerate(counts, 0, divisions, (int[] c) -> {
      double[] raw = new double[map.dimension()];
      for (int k = 0; k < simplexDimensions; k++) {
        raw[k] = c[k] / (double) divisions;
      }
      System.arraycopy(fixedRest, 0, raw, simplexDimensions, fixedRest.length);
      out.add(map.toNormalised(raw));
    });
    return new ActionGrid(out.toArray(new double[0][]));
  }

  /** The largest grid {@link #simplex} builds: the exact model's work and memory grow with it. */
  public static final long MAX_ACTIONS = 100_000;

  /** C(divisions + m - 1, m - 1), the points of the simplex grid; Long.MAX_VALUE when it overflows. */
  static long simplexSize(int m, int divisions) {
    long size = 1;
    for (int i = 1; i < m; i++) {
      // size * (divisions + i) / i stays an integer at every step (a binomial coefficient)
      long numerator;
      try {
        numerator = Math.multiplyExact(size, (long) divisions + i);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
      size = numerator / i;
    }
    return size;
  }

  private static void enumerate(int[] counts, int k, int remaining, java.util.function.Consumer<int[]> sink) {
    if (k == counts.length - 1) {
      counts[k] = remaining;
      sink.accept(counts);
      return;
    }
    for (int c = 0; c <= remaining; c++) {
      counts[k] = c;
      enumerate(counts, k + 1, remaining - c, sink);
    }
  }

  /**
   * The default grid of a fusion spec: the four head weights (powers for the power/bias product,
   * biases at their lower bound) on the simplex with step {@code 1 / divisions}.
   */
  public static ActionGrid simplexFor(FusionSpec spec, int divisions) {
    ActionMap map = spec.ranker().actionMap();
    int m = FusionSpec.HEADS.size();
    double[] rest = Arrays.copyOfRange(spec.rawLower(), m, map.dimension());
    return simplex(map, m, divisions, rest);
  }

  /**
   * "Uniform weights": every head weight (power) equal to 1/m, other raw parameters at their lower
   * bound. Usually not on the grid; evaluate it as a {@link StationaryPolicy}.
   */
  public static double[] uniformAction(FusionSpec spec) {
    ActionMap map = spec.ranker().actionMap();
    int m = FusionSpec.HEADS.size();
    double[] raw = spec.rawLower();
    for (int k = 0; k < m; k++) {
      raw[k] = 1.0 / m;
    }
    return map.toNormalised(raw);
  }

  /** Number of actions. */
  public int size() {
    return actions.length;
  }

  /** A copy of action {@code index}. */
  public double[] action(int index) {
    return actions[index].clone();
  }

  /** Action {@code index} without copying (internal). */
  double[] actionView(int index) {
    return actions[index];
  }
}
