package dev.mtfengine.rl.explore;

import org.apache.commons.math3.special.Erf;

/** The standard normal density and distribution function, deterministic across JVMs. */
final class Normal {
  private static final double INV_SQRT_2PI = 1.0 / StrictMath.sqrt(2.0 * Math.PI);

  private Normal() {}

  static double pdf(double z) {
    return INV_SQRT_2PI * StrictMath.exp(-0.5 * z * z);
  }

  /** {@code Phi(z) = erfc(-z / sqrt 2) / 2}, accurate in both tails. */
  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / StrictMath.sqrt(2.0));
  }
}
