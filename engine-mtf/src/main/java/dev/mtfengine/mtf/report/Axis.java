package dev.mtfengine.mtf.report;

/**
 * A chart axis with "nice" ticks (1, 2 or 5 times a power of ten) covering a data range; the axis
 * runs from the first tick to the last, so every data point lies inside.
 */
record Axis(double lo, double hi, double step, int decimals) {
  /** About {@code target} ticks covering [min, max]; an empty range is widened around its value. */
  static Axis covering(double min, double max, int target) {
    if (!(max > min)) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.05;
      min -= pad;
      max += pad;
    }
    double raw = (max - min) / Math.max(1, target - 1);
    int exponent = (int) Math.floor(Math.log10(raw));
    double base = Math.pow(10, exponent);
    double f = raw / base;
    double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * base;
    // a tiny epsilon keeps values that are whole multiples of the step from getting an extra tick
    double lo = Math.floor(min / step + 1e-9) * step;
    double hi = Math.ceil(max / step - 1e-9) * step;
    return new Axis(lo, hi, step, Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9)));
  }

  int tickCount() {
    return (int) Math.round((hi - lo) / step) + 1;
  }

  double tick(int i) {
    double v = lo + i * step;
    return Math.abs(v) < step * 1e-9 ? 0.0 : v; // no "-0.0"
  }

  String label(double v) {
    return Text.num(v, decimals);
  }

  /** Maps {@code v} linearly from [lo, hi] onto [from, to] (pixels). */
  double map(double v, double from, double to) {
    return from + (v - lo) / (hi - lo) * (to - from);
  }
}
