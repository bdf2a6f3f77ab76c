package dev.mtfengine.mtf.log;

/**
 * The value rules of the MTF log columns, in one place so that the row constructor, the writer and
 * the reader agree. Each rule returns null for a valid value, or the problem and what to do about
 * it (the caller adds where: file, line, column).
 */
final class MtfLogValues {
  private MtfLogValues() {}

  /**
   * The largest |value| of a feature, reward or watch time. Training stores them as float32 and
   * squares products of them (a critic's error, an observation through a layer); up to 1e6 every such
   * square stays inside float32's range (about 3.4e38) with room for the networks' weights.
   */
  static final double MAX_MAGNITUDE = 1e6;

  static String feature(double v) {
    if (!Double.isFinite(v)) {
      return "is " + v + "; user features must be finite numbers (impute missing features before logging)";
    }
    return Math.abs(v) <= MAX_MAGNITUDE ? null : "is " + v + ", beyond +-1e6; standardise or rescale the"
        + " feature before logging (training is in float32)";
  }

  static String action(double v) {
    if (Double.isNaN(v)) {
      return "is NaN; actions are normalised to [-1, 1] and must be numbers";
    }
    return v >= -1.0 && v <= 1.0 ? null : "is " + v + ", outside [-1, 1]; actions are logged in "
        + "the normalised action space (clip explored actions to [-1, 1] before logging)";
  }

  static String density(double v) {
    return v > 0 ? null : "is " + v + "; the density of the executed action under the "
        + "exploration policy must be > 0 (log the density the exploration policy reported, "
        + "or +Infinity for a deterministic logger)";
  }

  static String prediction(double v) {
    return v >= 0.0 && v <= 1.0 ? null : "is " + v + "; MTL predictions are probabilities in "
        + "[0, 1]";
  }

  static String fusedScore(double v) {
    return Double.isNaN(v) ? "is NaN; the fused score must be a number (check the predictions "
        + "and the fusion formula's parameters)" : null;
  }

  static String watchTime(double v) {
    return Double.isFinite(v) && v >= 0 && v <= MAX_MAGNITUDE ? null : "is " + v + "; watch time is in seconds, "
        + "finite, >= 0 and at most 1e6 (training is in float32)";
  }

  static String reward(double v) {
    return Double.isFinite(v) && Math.abs(v) <= MAX_MAGNITUDE ? null : "is " + v + "; the request's reward must be"
        + " finite and within +-1e6 (rescale it before logging: training is in float32)";
  }
}
