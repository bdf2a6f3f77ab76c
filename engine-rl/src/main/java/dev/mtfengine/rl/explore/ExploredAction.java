package dev.mtfengine.rl.explore;

/**
 * An action chosen by an exploration policy and its density under that policy (see {@link
 * ExplorationPolicy} for the reference measure).
 *
 * @param action the executed action, inside the policy's bounds
 * @param density the density of {@code action}; {@code +Infinity} for a deterministic choice
 */
public record ExploredAction(float[] action, double density) {}
