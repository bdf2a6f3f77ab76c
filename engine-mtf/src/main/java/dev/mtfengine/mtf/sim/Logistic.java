package dev.mtfengine.mtf.sim;

/** The logistic function and its inverse with {@link StrictMath}, so bits do not depend on the JDK. */
final class Logistic {
  private Logistic() {}

  /** {@code sigma(x) = 1 / (1 + e^-x)}, evaluated on the side that cannot overflow. */
  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + StrictMath.exp(-x));
    }
    double e = StrictMath.exp(x);
    return e / (1.0 + e);
  }

  /** {@code logit(p) = ln(p / (1 - p))}. */
  static double logit(double p) {
    return StrictMath.log(p) - StrictMath.log1p(-p);
  }
}
