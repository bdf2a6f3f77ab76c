package dev.mtfengine.mtf.sim;

/**
 * What a policy sees before one request.
 *
 * @param features the feature vector described by {@link ObservationConfig#featureNames} (owned by
 *     the observation; policies must not modify it)
 * @param requestIndex t, 0 for the first request of the session
 * @param userType u in oracle mode, -1 in realistic mode
 * @param satisfaction s in oracle mode, -1 in realistic mode
 */
public record Observation(double[] features, int requestIndex, int userType, int satisfaction) {

  /** Whether the true state (u, s) is visible (oracle mode). */
  public boolean isOracle() {
    return userType >= 0;
  }
}
