package dev.mtfengine.mtf.sim;

/**
 * Settings of exact evaluation.
 *
 * @param discount gamma applied between requests; 1 (default) gives the undiscounted session
 *     return that Monte Carlo estimates (finite because every leave hazard is > 0)
 * @param tolerance value iteration stops when {@code max |V_{n+1} - V_n| <= tolerance * max(1,
 *     max |V_n|)}; default 1e-13
 * @param maxIterations cap on value iteration sweeps; default 100,000
 * @param simplexDivisions the default action grid is the head-weight simplex with step 1 /
 *     divisions; default 10 (286 actions for 4 heads)
 * @param parallel build the tabular model with one task per user type (same numbers)
 */
public record ExactConfig(
    double discount, double tolerance, int maxIterations, int simplexDivisions, boolean parallel) {

  public ExactConfig {
    if (!(discount > 0 && discount <= 1)) {
      throw new IllegalArgumentException("ExactConfig: discount = " + discount + " must be in (0, 1]");
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("ExactConfig: tolerance = " + tolerance + " must be > 0");
    }
    if (maxIterations < 1 || simplexDivisions < 1) {
      throw new IllegalArgumentException(
          "ExactConfig: maxIterations = " + maxIterations + " and simplexDivisions = "
              + simplexDivisions + " must be >= 1");
    }
  }

  /** The same settings with another discount. */
  public ExactConfig withDiscount(double gamma) {
    return new ExactConfig(gamma, tolerance, maxIterations, simplexDivisions, parallel);
  }

  /** The same settings on another action grid (simplex step 1 / divisions). */
  public ExactConfig withDivisions(int divisions) {
    return new ExactConfig(discount, tolerance, maxIterations, divisions, parallel);
  }

  /** Undiscounted, tolerance 1e-13, step 0.1, parallel. */
  public static ExactConfig defaults() {
    return new ExactConfig(1.0, 1e-13, 100_000, 10, true);
  }
}
