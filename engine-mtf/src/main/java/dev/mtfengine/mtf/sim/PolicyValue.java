package dev.mtfengine.mtf.sim;

/**
 * The exact value of a stationary policy.
 *
 * @param values V(u, s), shape [U][S]: expected return of the rest of the session from a request
 *     at level s
 * @param perType E[V(u, s_0) | u], shape [U]
 * @param value J = sum_u pi_u E[V(u, s_0)], the expected session return
 */
public record PolicyValue(double[][] values, double[] perType, double value) {}
