/**
 * Generic offline reinforcement learning on top of engine-tensor: transitions, exploration policies
 * with densities, one file per algorithm, off-policy evaluation, training and checkpoints. Knows
 * nothing of recommenders. (Filled in by the engine-rl issues.)
 */
package dev.mtfengine.rl;
