package dev.mtfengine.mtf.report;

/**
 * The mean and sample standard deviation (n - 1 in the denominator; 0 for a single value) of a
 * metric across seeds.
 */
public record MeanSd(double mean, double sd, int n) {
  public static MeanSd of(double... values) {
    int n = values.length;
    if (n == 0) {
      return new MeanSd(Double.NaN, Double.NaN, 0);
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return new MeanSd(mean, n == 1 ? 0.0 : Math.sqrt(squares / (n - 1)), n);
  }
}
