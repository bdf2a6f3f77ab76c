package dev.mtfengine.mtf.metrics;

/**
 * A deterministic policy evaluated on a log: encoded state (a {@code StateEncoding} of the log)
 * -> normalised action in [-1, 1]^K. Learned actors, static weights and the logged baseline are
 * all of this kind.
 */
@FunctionalInterface
public interface TargetPolicy {
  /** The action at {@code state}; the caller does not modify either array. */
  double[] action(double[] state);

  /** The same action in every state. */
  static TargetPolicy constant(double[] action) {
    double[] copy = action.clone();
    return state -> copy;
  }
}
