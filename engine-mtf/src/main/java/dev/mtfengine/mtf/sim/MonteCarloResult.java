package dev.mtfengine.mtf.sim;

/**
 * A Monte Carlo estimate of a policy's value.
 *
 * @param mean mean undiscounted session return over the episodes
 * @param standardError sample sd / sqrt(episodes)
 * @param episodes number of sessions
 * @param meanLength mean number of requests per session
 */
public record MonteCarloResult(double mean, double standardError, int episodes, double meanLength) {

  /** Mean and standard error of {@code values} (summed in index order). */
  static MonteCarloResult of(double[] values, double meanLength) {
    int n = values.length;
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
    return new MonteCarloResult(mean, sd / Math.sqrt(n), n, meanLength);
  }
}
