package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.apache.commons.math3.special.Erf;

/**
 * A session simulator that knows the truth, for testing estimators (Open Bandit Pipeline style).
 *
 * <p>Each session has {@code horizon} steps (1: a contextual bandit); at every step the state is a
 * fresh {@code x ~ U[-1, 1]} independent of the past, the action {@code a in [-1, 1]} and the reward
 * {@code r(x, a) = 1 - (a - 0.5 x)^2}; the last step is terminal. The policies are clipped
 * Gaussians {@code a = clip(centre(x) + sigma xi)}. Because states do not depend on actions, a
 * policy's value is {@code sum_t gamma^t E_x E_{a ~ pi(.|x)} r(x, a)}: the inner expectation in
 * closed form (truncated normal moments plus the clipped masses, checked against quadrature), the
 * outer by a 400-point midpoint rule in x (error below 1e-5). Per-decision weighting is still exercised, because earlier ratios multiply later rewards.
 */
final class SyntheticSessions {
  static final ActionBounds BOUNDS = ActionBounds.symmetric(1);
  static final double GAMMA = 0.9;

  /** A clipped-Gaussian policy with centre {@code slope x + offset}. */
  record Policy(double slope, double offset, double sigma) {
    float centre(float x) {
      return (float) (slope * x + offset);
    }

    GaussianNoisePolicy noise() {
      return new GaussianNoisePolicy(BOUNDS, sigma);
    }

    DeterministicPolicy centrePolicy() {
      return states -> Ops.add(Ops.mul(states, slope), offset);
    }

    /** The exact density, computed from the same float centre as the logger, so ratios of a policy with itself are exactly 1. */
    TargetPolicy target() {
      GaussianNoisePolicy noise = noise();
      return new TargetPolicy() {
        @Override
        public double[] densities(float[][] states, float[][] actions) {
          double[] out = new double[states.length];
          for (int t = 0; t < out.length; t++) {
            out[t] = noise.density(actions[t], new float[] {centre(states[t][0])});
          }
          return out;
        }

        @Override
        public String describe() {
          return "synthetic" + Policy.this;
        }
      };
    }
  }

  static final Policy BEHAVIOUR = new Policy(0.3, 0.0, 0.4);
  static final Policy TARGET = new Policy(0.3, 0.2, 0.3);

  private SyntheticSessions() {}

  static double reward(double x, double a) {
    double d = a - 0.5 * x;
    return 1 - d * d;
  }

  /** {@code sessions} sessions logged by {@code behaviour}, in episode and step order. */
  static TransitionSet log(int sessions, int horizon, Policy behaviour, long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    GaussianNoisePolicy noise = behaviour.noise();
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(1, BOUNDS, List.of()));
    for (int e = 0; e < sessions; e++) {
      float x = (float) (2 * rng.nextDouble() - 1);
      for (int t = 0; t < horizon; t++) {
        float[] mu = {behaviour.centre(x)};
        ExploredAction a = noise.sample(mu, rng);
        float x2 = (float) (2 * rng.nextDouble() - 1);
        b.add(new Transition(new float[] {x}, a.action(), (float) reward(x, a.action()[0]), new float[0],
            new float[] {x2}, t == horizon - 1, a.density(), mu, new float[] {behaviour.centre(x2)}, e, t, 0));
        x = x2;
      }
    }
    return b.build();
  }

  static List<Episode> episodes(int sessions, int horizon, Policy behaviour, long seed) {
    return Episodes.from(log(sessions, horizon, behaviour, seed));
  }

  /** {@code E_{a ~ policy(.|x)} f(a)} for a clipped Gaussian, by quadrature (checks the closed form). */
  static double expectation(Policy p, double x, java.util.function.DoubleUnaryOperator f) {
    double c = p.slope() * (float) x + p.offset();
    double s = p.sigma();
    double massLow = cdf((-1 - c) / s);
    double massHigh = 1 - cdf((1 - c) / s);
    int n = 2000;
    double h = 2.0 / n;
    double inside = 0;
    for (int k = 0; k < n; k++) {
      double a = -1 + (k + 0.5) * h;
      double z = (a - c) / s;
      inside += Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI)) * f.applyAsDouble(a) * h;
    }
    return massLow * f.applyAsDouble(-1) + massHigh * f.applyAsDouble(1) + inside;
  }

  /**
   * {@code E_{a ~ policy} r(x, a)} in closed form: with {@code X ~ N(c, s^2)} clipped to [-1, 1],
   * {@code alpha = (-1 - c) / s}, {@code beta = (1 - c) / s}, {@code Z = Phi(beta) - Phi(alpha)}, the
   * inside part uses the truncated moments {@code int (a - c) = s (phi(alpha) - phi(beta))} and
   * {@code int (a - c)^2 = s^2 (Z + alpha phi(alpha) - beta phi(beta))}; the clipped masses sit at
   * -1 and 1.
   */
  static double expectedReward(Policy p, double x) {
    double c = p.slope() * (float) x + p.offset();
    double s = p.sigma();
    double alpha = (-1 - c) / s;
    double beta = (1 - c) / s;
    double z = cdf(beta) - cdf(alpha);
    double m1 = s * (pdf(alpha) - pdf(beta));
    double m2 = s * s * (z + alpha * pdf(alpha) - beta * pdf(beta));
    double shift = c - 0.5 * x;
    // r = 1 - (a - c)^2 - 2 (c - x/2)(a - c) - (c - x/2)^2 on the inside part.
    double inside = z * (1 - shift * shift) - m2 - 2 * shift * m1;
    return cdf(alpha) * reward(x, -1) + (1 - cdf(beta)) * reward(x, 1) + inside;
  }

  static double pdf(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }

  /** {@code E_x E_a r}: the one-step value. */
  static double stepValue(Policy p) {
    int n = 400;
    double total = 0;
    for (int k = 0; k < n; k++) {
      total += expectedReward(p, -1 + (k + 0.5) * 2.0 / n);
    }
    return total / n;
  }

  /** The exact value of a deterministic policy {@code a = centre(x)}: {@code E_x r(x, centre(x))} per step. */
  static double deterministicStepValue(Policy p) {
    int n = 4000;
    double total = 0;
    for (int k = 0; k < n; k++) {
      double x = -1 + (k + 0.5) * 2.0 / n;
      total += reward(x, Math.max(-1, Math.min(1, p.slope() * x + p.offset())));
    }
    return total / n;
  }

  /** {@code sum_{t < horizon} gamma^t}. */
  static double discountSum(int horizon) {
    double s = 0;
    double d = 1;
    for (int t = 0; t < horizon; t++) {
      s += d;
      d *= GAMMA;
    }
    return s;
  }

  static double value(Policy p, int horizon) {
    return stepValue(p) * discountSum(horizon);
  }
}
