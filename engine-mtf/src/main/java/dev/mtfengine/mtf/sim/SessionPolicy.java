package dev.mtfengine.mtf.sim;

/**
 * A fusion policy as the simulator sees it: observation -> normalised action in [-1, 1]^K. The
 * simulator validates every action (length, NaN, range) and throws naming the dimension.
 * Implementations used with parallel Monte Carlo must be thread-safe; randomised policies should
 * draw from {@link StreamPurpose#POLICY} streams so their noise is reproducible.
 */
@FunctionalInterface
public interface SessionPolicy {
  /** The action for this request; the caller does not modify the returned array. */
  double[] act(Observation observation);
}
