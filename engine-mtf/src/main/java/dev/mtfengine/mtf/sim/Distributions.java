package dev.mtfengine.mtf.sim;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;

/**
 * The few distributions the generative model needs, defined here (StrictMath, fixed number of
 * draws per accepted sample) so the bits depend only on the stream.
 */
final class Distributions {
  private Distributions() {}

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang (2000): for shape >= 1, with d = shape - 1/3, c =
   * 1/sqrt(9d), accept v = (1 + c x)^3 (x standard normal) when {@code ln u < x^2/2 + d (1 - v +
   * ln v)}; for shape < 1, Gamma(shape + 1) * U^(1/shape).
   */
  static double gamma(Xoshiro256StarStar rng, double shape) {
    if (shape < 1.0) {
      double g = gamma(rng, shape + 1.0);
      double u = rng.nextDouble();
      return g * StrictMath.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / StrictMath.sqrt(9.0 * d);
    while (true) {
      double x = rng.nextGaussian();
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rng.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (StrictMath.log(u) < 0.5 * x2 + d * (1.0 - v + StrictMath.log(v))) {
        return d * v;
      }
    }
  }

  /** Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  static double beta(Xoshiro256StarStar rng, double a, double b) {
    double x = gamma(rng, a);
    double y = gamma(rng, b);
    return x / (x + y);
  }

  /** Uniform integer on [0, n) from the top bits (n small, bias below 2^-50). */
  static int uniformIndex(Xoshiro256StarStar rng, int n) {
    return (int) (rng.nextDouble() * n);
  }
}
