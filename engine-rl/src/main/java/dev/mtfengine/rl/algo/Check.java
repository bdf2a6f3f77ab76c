package dev.mtfengine.rl.algo;

/** Validation of Config fields, with messages naming the algorithm, the field and the value. */
final class Check {
  private Check() {}

  static void positive(String algo, String field, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(algo + ": " + field + " must be >= 1, got " + v);
    }
  }

  static void positiveReal(String algo, String field, double v) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(algo + ": " + field + " must be > 0, got " + v);
    }
  }

  static void nonNegative(String algo, String field, double v) {
    if (!(v >= 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(algo + ": " + field + " must be >= 0, got " + v);
    }
  }

  static void unit(String algo, String field, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(algo + ": " + field + " must be in [0, 1], got " + v);
    }
  }
}
