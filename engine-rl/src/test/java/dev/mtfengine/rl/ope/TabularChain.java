package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;

/**
 * A deterministic chain with one-hot states, for FQE and the doubly robust identities. Positions 0
 * .. N-1; an action {@code a > 0} moves one step right, otherwise the position stays; the reward is
 * {@code r(s, a) = 0.2 (s + 1) + 0.3 a}; reaching N-1 ends the session; the log truncates sessions
 * at {@link #MAX_STEPS} (not terminal). The behaviour is uniform on [-1, 1] (box exploration of
 * half-width 1 around 0, density 1/2); the target always plays 0.5, so from position s it walks
 * right and its value is a finite sum.
 */
final class TabularChain {
  static final int POSITIONS = 5;
  static final int MAX_STEPS = 10;
  static final double GAMMA = 0.9;
  static final float TARGET_ACTION = 0.5f;
  static final ActionBounds BOUNDS = ActionBounds.symmetric(1);
  static final BoxExplorationPolicy BEHAVIOUR = new BoxExplorationPolicy(BOUNDS, -1, 1);

  private TabularChain() {}

  static float[] oneHot(int position) {
    float[] s = new float[POSITIONS];
    s[position] = 1;
    return s;
  }

  static int position(float[] state) {
    for (int j = 0; j < state.length; j++) {
      if (state[j] == 1) {
        return j;
      }
    }
    throw new IllegalArgumentException("not a one-hot state");
  }

  static int next(int position, float action) {
    return action > 0 ? position + 1 : position;
  }

  static double reward(int position, float action) {
    return 0.2 * (position + 1) + 0.3 * action;
  }

  static boolean terminal(int position) {
    return position == POSITIONS - 1;
  }

  /** The exact {@code V^pi(s)} of the target from position s: walk right to the end. */
  static double targetValue(int position) {
    double v = 0;
    double discount = 1;
    for (int p = position; !terminal(p); p = next(p, TARGET_ACTION)) {
      v += discount * reward(p, TARGET_ACTION);
      discount *= GAMMA;
    }
    return v;
  }

  /** The exact {@code Q^pi(s, a)}. */
  static double targetQ(int position, float action) {
    int p2 = next(position, action);
    return reward(position, action) + (terminal(p2) ? 0 : GAMMA * targetValue(p2));
  }

  static DeterministicPolicy target() {
    return states -> Tensor.full(TARGET_ACTION, DType.F32, states.dim(0), 1);
  }

  /** Sessions from position 0 under the uniform behaviour. */
  static TransitionSet log(int sessions, long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(POSITIONS, BOUNDS, List.of()));
    float[] baseline = {0f};
    for (int e = 0; e < sessions; e++) {
      int p = 0;
      for (int t = 0; t < MAX_STEPS; t++) {
        ExploredAction a = BEHAVIOUR.sample(baseline, rng);
        int p2 = next(p, a.action()[0]);
        b.add(new Transition(oneHot(p), a.action(), (float) reward(p, a.action()[0]), new float[0], oneHot(p2),
            terminal(p2), a.density(), baseline, baseline, e, t, 0));
        p = p2;
        if (terminal(p)) {
          break;
        }
      }
    }
    return b.build();
  }
}
