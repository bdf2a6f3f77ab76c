package dev.mtfengine.mtf.sim;

/**
 * A policy that depends only on the MDP state (u, s): exactly evaluable by {@link ExactEvaluator}
 * and runnable in oracle mode through {@link #asSessionPolicy()}.
 */
@FunctionalInterface
public interface StationaryPolicy {
  /** The normalised action at user type u and satisfaction level s. */
  double[] action(int type, int satisfaction);

  /** The same policy reading (u, s) from oracle observations; throws in realistic mode. */
  default SessionPolicy asSessionPolicy() {
    return observation -> {
      if (!observation.isOracle()) {
        throw new IllegalArgumentException(
            "StationaryPolicy needs oracle observations (u and s visible), got a realistic one");
      }
      return action(observation.userType(), observation.satisfaction());
    };
  }

  /** The same action everywhere. */
  static StationaryPolicy constant(double[] action) {
    double[] copy = action.clone();
    return (u, s) -> copy;
  }
}
