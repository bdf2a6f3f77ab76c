package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * An off-policy estimate of a target policy's value with its bootstrap percentile interval.
 *
 * @param estimator the estimator's name, e.g. {@code "pdis"}
 * @param value the point estimate on the logged episodes
 * @param lower the {@code (1 - level) / 2} percentile of the bootstrap estimates
 * @param upper the {@code (1 + level) / 2} percentile of the bootstrap estimates
 * @param level the interval's nominal coverage, e.g. 0.95
 * @param episodes n, the number of episodes the estimate used
 * @param effectiveSampleSize Kish's effective number of episodes of the (capped) whole-episode
 *     importance weights, for the importance-weighted estimators; empty where weights play no part
 *     (direct method, FQE)
 */
public record Estimate(String estimator, double value, double lower, double upper, double level, int episodes,
    OptionalDouble effectiveSampleSize) {

  public Estimate {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("estimate " + estimator + ": lower " + lower + " > upper " + upper);
    }
  }

  /** Whether {@code x} lies in {@code [lower, upper]}. */
  public boolean intervalContains(double x) {
    return x >= lower && x <= upper;
  }

  @Override
  public String toString() {
    return String.format("%s = %.6g [%.6g, %.6g] (%.0f%%, n = %d%s)", estimator, value, lower, upper, 100 * level,
        episodes, effectiveSampleSize.isPresent() ? String.format(", ESS = %.1f", effectiveSampleSize.getAsDouble()) : "");
  }
}
