package dev.mtfengine.mtf.metrics;

/**
 * A deterministic policy evaluated on a log: encoded state (a {@code StateEncoding} of the log)
 * -> normalised action in [-1, 1]^K, one request at a time, as MTF-GAUC reads it. Learned actors,
 * static weights and the logged baseline are all of this kind. (The off-policy estimators of
 * engine-rl read a batched {@code dev.mtfengine.rl.ope.DeterministicPolicy}; {@code
 * OracleActionTable} is both.)
 */
@FunctionalInterface
public interface StatePolicy {
  /** The action at {@code state}; the caller does not modify either array. */
  double[] action(double[] state);

  /** The same action in every state. */
  static StatePolicy constant(double[] action) {
    double[] copy = action.clone();
    return state -> copy;
  }
}
