package dev.mtfengine.mtf.sim;

import java.util.List;
import java.util.Locale;

/**
 * J* next to the values of the simple baselines, and their ratios to J*.
 *
 * @param optimal J*
 * @param baselines the baselines in a fixed order (greedy, best static, best per-type static,
 *     uniform)
 * @param distinctOptimalActions per type, how many different grid actions the optimal policy uses
 *     across satisfaction levels (> 1: the optimum depends on satisfaction)
 */
public record BaselineReport(
    double optimal, List<Baseline> baselines, int[] distinctOptimalActions) {

  /**
   * One baseline.
   *
   * @param name e.g. {@code "greedy"}
   * @param value its exact J
   * @param ratio value / J*
   * @param description how it was chosen
   */
  public record Baseline(String name, double value, double ratio, String description) {}

  /** The baseline called {@code name}. */
  public Baseline baseline(String name) {
    return baselines.stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("BaselineReport: no baseline " + name));
  }

  /** A small human-readable table. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-22s %10s %8s%n", "policy", "J", "J/J*"));
    sb.append(String.format(Locale.ROOT, "%-22s %10.3f %8.4f%n", "optimal (grid VI)", optimal, 1.0));
    for (Baseline b : baselines) {
      sb.append(String.format(Locale.ROOT, "%-22s %10.3f %8.4f%n", b.name(), b.value(), b.ratio()));
    }
    sb.append("distinct optimal actions across s per type: ")
        .append(java.util.Arrays.toString(distinctOptimalActions)).append('\n');
    return sb.toString();
  }
}
