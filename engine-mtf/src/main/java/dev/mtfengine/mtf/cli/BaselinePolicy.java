package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.sim.ActionGrid;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.StationaryPolicy;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A baseline (behaviour) policy chosen on the command line ({@code --baseline} of {@code simulate},
 * {@code --policy} of {@code calibrate}), resolved against a simulator.
 *
 * @param kind which baseline
 * @param description what it is, for summaries and run metadata
 * @param policy the policy; thread-safe (it only reads fixed arrays)
 * @param stateDependent whether it reads (u, s), so needs oracle observations
 */
record BaselinePolicy(Kind kind, String description, SessionPolicy policy, boolean stateDependent) {

  /** The baselines the command line offers. */
  enum Kind {
    /** Every head weight 1/m (the raw parameters beyond the head weights at their lower bound). */
    UNIFORM,
    /** One-step greedy over the action grid: argmax_a r(u, s, a); needs the exact model. */
    GREEDY,
    /** The grid optimum of value iteration; needs the exact model. */
    OPTIMAL,
    /** One action for everyone: {@code --weights}, or the best single grid action (exact model). */
    STATIC
  }

  /**
   * Resolves {@code kind}.
   *
   * @param weights raw head weights for {@link Kind#STATIC}, or null for the best static grid
   *     action
   * @param exact the exact evaluator, built only when the baseline needs it
   * @throws IllegalArgumentException if {@code weights} has the wrong length or lies outside the
   *     action space (the caller names the option)
   */
  static BaselinePolicy resolve(Kind kind, double[] weights, SessionSimulator simulator,
      Supplier<ExactEvaluator> exact) {
    FusionSpec spec = simulator.params().fusion();
    switch (kind) {
      case UNIFORM:
        return constant(kind, "uniform weights (every head 1/" + FusionSpec.HEADS.size() + ")",
            ActionGrid.uniformAction(spec));
      case STATIC:
        if (weights != null) {
          return constant(kind, "static raw weights " + Arrays.toString(weights),
              staticAction(spec, weights));
        }
        ExactEvaluator e = exact.get();
        PolicyValue[] values = e.staticValues();
        int best = 0;
        for (int a = 1; a < values.length; a++) {
          if (values[a].value() > values[best].value()) {
            best = a;
          }
        }
        return constant(kind, String.format(Locale.ROOT, "best static grid action, raw %s (J = %.3f)",
            e.rawString(best), values[best].value()), e.grid().action(best));
      case GREEDY: {
        ExactEvaluator ex = exact.get();
        int[][] index = ex.greedyPolicy();
        // copied once here (grid.action copies) and only read afterwards: safe across threads
        double[][] actions = new double[ex.grid().size()][];
        for (int a = 0; a < actions.length; a++) {
          actions[a] = ex.grid().action(a);
        }
        StationaryPolicy p = (u, s) -> actions[index[u][s]];
        return new BaselinePolicy(kind, "one-step greedy over the action grid",
            p.asSessionPolicy(), true);
      }
      case OPTIMAL: {
        ExactEvaluator ex = exact.get();
        return new BaselinePolicy(kind, "optimal grid policy (value iteration)",
            ex.optimalPolicy().asSessionPolicy(), true);
      }
      default:
        throw new IllegalStateException("unknown baseline " + kind);
    }
  }

  /**
   * The normalised action for raw head weights: the first m raw parameters are {@code weights},
   * any further ones (the biases of the power/bias product) stay at their lower bound, as in {@link
   * ActionGrid#uniformAction}.
   */
  static double[] staticAction(FusionSpec spec, double[] weights) {
    int m = FusionSpec.HEADS.size();
    if (weights.length != m) {
      throw new IllegalArgumentException("needs " + m + " head weights " + FusionSpec.HEADS
          + ", got " + weights.length);
    }
    double[] raw = spec.rawLower();
    double[] upper = spec.rawUpper();
    for (int k = 0; k < m; k++) {
      if (!(weights[k] >= raw[k] && weights[k] <= upper[k])) {
        throw new IllegalArgumentException("weight of " + FusionSpec.HEADS.get(k) + " = "
            + weights[k] + " is outside the action space [" + raw[k] + ", " + upper[k] + "]");
      }
    }
    System.arraycopy(weights, 0, raw, 0, m);
    return spec.ranker().actionMap().toNormalised(raw);
  }

  private static BaselinePolicy constant(Kind kind, String description, double[] action) {
    double[] fixed = action.clone();
    // a constant policy ignores the observation, so it also runs on realistic observations
    SessionPolicy p = observation -> fixed;
    return new BaselinePolicy(kind, description, p, false);
  }
}
