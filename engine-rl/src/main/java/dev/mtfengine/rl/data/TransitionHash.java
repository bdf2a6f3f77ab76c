package dev.mtfengine.rl.data;

import dev.mtfengine.tensor.random.SplitMix64;

/**
 * A 64-bit identity of a transition from its bits alone, for choices that must be a fixed function
 * of the transition (which critic trains on it, with what bootstrap weight): the same transition
 * gets the same hash in every minibatch, on every run and after a resume, with no random stream to
 * checkpoint.
 */
public final class TransitionHash {
  private TransitionHash() {}

  /**
   * SplitMix64 chained over {@code (seed ^ salt, reward, state, action)}: {@code h = mix(seed ^
   * salt) ^ bits(reward)}, then {@code h = mix(h ^ bits(v))} for every state and action entry in
   * order. The salt keeps one use's hashes apart from every other use of the seed.
   *
   * @param state the batch's states, row-major; this transition's row starts at {@code stateOffset}
   * @param action the batch's actions, row-major; this transition's row starts at {@code actionOffset}
   */
  public static long of(long seed, long salt, float reward, float[] state, int stateOffset, int stateDim,
      float[] action, int actionOffset, int actionDim) {
    long h = SplitMix64.mix(seed ^ salt) ^ Float.floatToIntBits(reward);
    for (int j = 0; j < stateDim; j++) {
      h = SplitMix64.mix(h ^ Float.floatToIntBits(state[stateOffset + j]));
    }
    for (int j = 0; j < actionDim; j++) {
      h = SplitMix64.mix(h ^ Float.floatToIntBits(action[actionOffset + j]));
    }
    return h;
  }
}
