package dev.mtfengine.rl.algo;

import dev.mtfengine.tensor.Tensor;

/**
 * A learner whose policy update ascends a learned action value: exposes that estimate, so it can be
 * checked against a known model (the simulator's exact Q) without knowing the learner's networks.
 */
public interface ActionValueEstimator {

  /**
   * The action value the actor's update ascends, before penalties and uncertainty terms, in the
   * units of the training rewards. No tape.
   *
   * @param state [B, S]
   * @param action [B, A]
   * @param baselineAction mu_bp(s), [B, A]: the logged baseline action at each state, which a critic
   *     of actions relative to the baseline needs (IntegratedRL's baseline forms); others
   *     ignore it
   * @return [B]
   */
  Tensor actionValue(Tensor state, Tensor action, Tensor baselineAction);
}
