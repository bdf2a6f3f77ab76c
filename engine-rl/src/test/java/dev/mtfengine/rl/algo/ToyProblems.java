package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Tiny problems with a known optimum for learning tests.
 *
 * <p>Bandit: s ~ U[-1, 1]^2, one step, {@code r = 1 - ||a - a*(s)||^2} with {@code a*(s) = (0.5 s0 +
 * 0.3 s1, -0.4 s0 + 0.5 s1)}, so the optimal value is exactly 1.
 *
 * <p>Chain: position x in [-1, 1] plus the time fraction t/H in the state, {@code x' = clip(x + 0.5
 * a)}, {@code r = -10 x'^2} (scaled so rewards are large next to IntegratedRL's unit box penalty, as
 * session rewards are in MTF), H = 5 steps, gamma = 0.9. Moving toward 0 as fast as allowed is optimal
 * at every step (the reward is myopic-optimal and movement is unconstrained otherwise), so the best
 * policy inside any per-state action interval is its greedy clip, and its value is computed by
 * rolling it out from fixed starts.
 */
final class ToyProblems {
  static final ActionBounds BANDIT_BOUNDS = ActionBounds.symmetric(2);
  static final ActionBounds CHAIN_BOUNDS = ActionBounds.symmetric(1);
  static final int HORIZON = 5;
  static final double CHAIN_GAMMA = 0.9;
  static final float CHAIN_REWARD_SCALE = 10f;

  private ToyProblems() {}

  static float[] banditOptimum(float[] s) {
    return new float[] {0.5f * s[0] + 0.3f * s[1], -0.4f * s[0] + 0.5f * s[1]};
  }

  static double banditReward(float[] s, float[] a) {
    float[] o = banditOptimum(s);
    double d0 = a[0] - o[0];
    double d1 = a[1] - o[1];
    return 1 - d0 * d0 - d1 * d1;
  }

  /** Offline bandit data: baseline actions from {@code baseline}, explored by {@code explore}. */
  static TransitionSet banditData(int n, long seed, UnaryOperator<float[]> baseline, ExplorationPolicy explore) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(2, BANDIT_BOUNDS, List.of()));
    for (int i = 0; i < n; i++) {
      float[] s = {(float) (2 * rng.nextDouble() - 1), (float) (2 * rng.nextDouble() - 1)};
      float[] mu = baseline.apply(s);
      ExploredAction e = explore.sample(mu, rng);
      b.add(new Transition(s, e.action(), (float) banditReward(s, e.action()), new float[0], s, true,
          e.density(), mu, mu, i, 0, 0));
    }
    return b.build();
  }

  /** Mean reward of {@code algo}'s policy on 2,000 fixed states. */
  static double banditValue(OfflineAlgorithm algo) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(999);
    int n = 2_000;
    float[] states = new float[2 * n];
    for (int i = 0; i < states.length; i++) {
      states[i] = (float) (2 * rng.nextDouble() - 1);
    }
    Tensor a = algo.act(Tensor.of(states, n, 2));
    double total = 0;
    for (int i = 0; i < n; i++) {
      float[] s = {states[2 * i], states[2 * i + 1]};
      total += banditReward(s, new float[] {(float) a.get(i, 0), (float) a.get(i, 1)});
    }
    return total / n;
  }

  /**
   * Pearson correlation between {@code est}'s action value and the true reward (gamma = 0: Q = r) at
   * 2,000 fixed states, each with one action drawn uniformly within {@code radius} of {@code
   * centre(s)}, clipped to the bounds.
   */
  static double banditActionValueCorrelation(ActionValueEstimator est, UnaryOperator<float[]> centre, double radius) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(998);
    int n = 2_000;
    float[] states = new float[2 * n];
    float[] actions = new float[2 * n];
    float[] centres = new float[2 * n];
    double[] truth = new double[n];
    for (int i = 0; i < n; i++) {
      float[] s = {(float) (2 * rng.nextDouble() - 1), (float) (2 * rng.nextDouble() - 1)};
      float[] c = centre.apply(s);
      float[] a = new float[2];
      for (int k = 0; k < 2; k++) {
        a[k] = clip(c[k] + radius * (2 * rng.nextDouble() - 1), -1, 1);
      }
      System.arraycopy(s, 0, states, 2 * i, 2);
      System.arraycopy(a, 0, actions, 2 * i, 2);
      System.arraycopy(c, 0, centres, 2 * i, 2);
      truth[i] = banditReward(s, a);
    }
    double[] q = est.actionValue(Tensor.of(states, n, 2), Tensor.of(actions, n, 2), Tensor.of(centres, n, 2))
        .toDoubleArray();
    return new PearsonsCorrelation().correlation(q, truth);
  }

  static float step(float x, float a) {
    return (float) Math.max(-1, Math.min(1, x + 0.5 * a));
  }

  /** Offline chain data from {@code baseline(x)} explored by {@code explore}. */
  static TransitionSet chainData(int episodes, long seed, UnaryOperator<float[]> baseline, ExplorationPolicy explore) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(2, CHAIN_BOUNDS, List.of()));
    for (int e = 0; e < episodes; e++) {
      float x = (float) (2 * rng.nextDouble() - 1);
      for (int t = 0; t < HORIZON; t++) {
        float[] s = {x, (float) t / HORIZON};
        float[] mu = baseline.apply(s);
        ExploredAction ex = explore.sample(mu, rng);
        float x2 = step(x, ex.action()[0]);
        float[] s2 = {x2, (float) (t + 1) / HORIZON};
        b.add(new Transition(s, ex.action(), -CHAIN_REWARD_SCALE * x2 * x2, new float[0], s2, t == HORIZON - 1, ex.density(),
            mu, baseline.apply(s2), e, t, 0));
        x = x2;
      }
    }
    return b.build();
  }

  /** Discounted return averaged over 500 fixed starts, for a policy given as a batch function. */
  static double chainValue(UnaryOperator<Tensor> policy) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(12345);
    int n = 500;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (2 * rng.nextDouble() - 1);
    }
    double total = 0;
    double discount = 1;
    for (int t = 0; t < HORIZON; t++) {
      float[] s = new float[2 * n];
      for (int i = 0; i < n; i++) {
        s[2 * i] = x[i];
        s[2 * i + 1] = (float) t / HORIZON;
      }
      Tensor a = policy.apply(Tensor.of(s, n, 2));
      for (int i = 0; i < n; i++) {
        x[i] = step(x[i], (float) a.getDouble(i));
        total += discount * -CHAIN_REWARD_SCALE * x[i] * x[i];
      }
      discount *= CHAIN_GAMMA;
    }
    return total / n;
  }

  /** The chain policy {@code a = clip(g(x), lo(x), hi(x))} applied row-wise. */
  static UnaryOperator<Tensor> chainPolicy(UnaryOperator<float[]> rule) {
    return s -> {
      int n = s.dim(0);
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = rule.apply(new float[] {(float) s.get(i, 0), (float) s.get(i, 1)})[0];
      }
      return Tensor.of(out, n, 1);
    };
  }

  static float clip(double v, double lo, double hi) {
    return (float) Math.max(lo, Math.min(hi, v));
  }

  static Tensor f32(Tensor t) {
    return t.to(DType.F32);
  }
}
