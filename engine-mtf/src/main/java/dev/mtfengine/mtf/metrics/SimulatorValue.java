package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.MonteCarloEvaluator;
import dev.mtfengine.mtf.sim.MonteCarloResult;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.StationaryPolicy;

/**
 * The ground truth only a simulator has: the value J(pi) of a policy (expected session return) and
 * its ratio to the optimum J* of the exact evaluator (value iteration over the action grid). In
 * oracle mode J* is the optimum (a continuous-action policy may beat the grid by about 0.5%); for
 * realistic observations it is an upper bound.
 */
public final class SimulatorValue {
  private SimulatorValue() {}

  /**
   * J(pi) with its ratio to J*.
   *
   * @param method "exact" or "monte-carlo"
   * @param value J(pi)
   * @param standardError 0 for exact values, the Monte Carlo standard error otherwise
   * @param optimal J*
   * @param ratio J(pi) / J*
   * @param ratioStandardError standardError / J*
   */
  public record ValueRatio(String method, double value, double standardError, double optimal,
      double ratio, double ratioStandardError) {}

  /** Exact J(pi) of a stationary policy over (u, s), and J(pi) / J*. */
  public static ValueRatio exact(ExactEvaluator evaluator, StationaryPolicy policy) {
    double optimal = optimal(evaluator);
    double value = evaluator.evaluate(policy).value();
    return new ValueRatio("exact", value, 0.0, optimal, value / optimal, 0.0);
  }

  /**
   * Monte Carlo J(pi) of any policy over episodes {@code [firstEpisode, firstEpisode + episodes)}
   * (common random numbers across policies), and its ratio to the exact J*.
   */
  public static ValueRatio monteCarlo(ExactEvaluator evaluator, SessionPolicy policy,
      ObservationConfig observation, long firstEpisode, int episodes, boolean parallel) {
    double optimal = optimal(evaluator);
    MonteCarloResult r = new MonteCarloEvaluator(evaluator.model().simulator())
        .evaluate(policy, observation, firstEpisode, episodes, parallel);
    return new ValueRatio("monte-carlo", r.mean(), r.standardError(), optimal, r.mean() / optimal,
        r.standardError() / optimal);
  }

  private static double optimal(ExactEvaluator evaluator) {
    double optimal = evaluator.optimal().value().value();
    if (!(optimal > 0)) {
      throw new IllegalStateException("SimulatorValue: J* = " + optimal
          + "; a ratio to J* needs J* > 0 (are all reward weights 0?)");
    }
    return optimal;
  }
}
