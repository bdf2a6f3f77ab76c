package dev.mtfengine.rl.data;

import dev.mtfengine.tensor.Tensor;

/**
 * A minibatch as tensors, B rows.
 *
 * @param state [B, S]
 * @param action [B, A]
 * @param reward [B, 1]
 * @param rewardComponents [B, C] (C may be 0)
 * @param nextState [B, S]
 * @param done [B, 1], the probability that the episode ended after the transition: the logged flag
 *     (1 where it ended), or an expected-termination estimate of P(done | s') ({@link
 *     dev.mtfengine.rl.data.TransitionSet#withTerminationProbabilities})
 * @param baselineAction mu_bp(s), [B, A]
 * @param nextBaselineAction mu_bp(s'), [B, A]
 * @param behaviourDensity [B, 1]
 */
public record Batch(
    Tensor state,
    Tensor action,
    Tensor reward,
    Tensor rewardComponents,
    Tensor nextState,
    Tensor done,
    Tensor baselineAction,
    Tensor nextBaselineAction,
    Tensor behaviourDensity) {

  public int size() {
    return state.dim(0);
  }
}
