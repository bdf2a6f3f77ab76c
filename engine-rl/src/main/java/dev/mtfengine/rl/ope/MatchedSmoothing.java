package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;

/**
 * The smoothing rule for a deterministic target policy: smooth it with the logging policy's own
 * noise, scaled by k ({@code k = 1} by default): a Gaussian logger of sd sigma gives a Gaussian
 * kernel of width {@code k sigma}, a box logger {@code U(lower_b, upper_b)} gives the box {@code
 * U(k lower_b, k upper_b)} around the target's action; clipped at the same bounds, so the target's
 * density uses the logged densities' reference measure. The target is then {@link
 * StochasticTargetPolicy}{@code (pi, noise)}, and what is estimated is the value of pi deployed with
 * that noise.
 *
 * <p>Why match the logger (docs/algorithms/ope.md, "Smoothing"): with {@code k = 1} the baseline's
 * own ratios are exactly 1, so a session weight measures only how far the target moved from the
 * baseline. Any other kernel gives the baseline ratios that differ from 1 at random: for a Gaussian
 * logger of sd sigma and a kernel of width h, per decision and dimension {@code E_mu[ln rho] =
 * ln(sigma / h) - sigma^2 / (2 h^2) + 1/2}, which is 0 only at {@code h = sigma} (-0.81 at the old
 * default {@code h = sigma / 2}); a session's log weight sums this over its T decisions and A
 * dimensions, so long sessions' weights vanish and session-level estimates rest on the shortest
 * sessions. The price: the estimate is of {@code J(pi + noise)}, which is below {@code J(pi)} by
 * what the noise costs (measured in docs/ope-accuracy.md); a comparison of two policies smoothed
 * alike, such as the deploy gate's, carries that cost on both sides.
 *
 * @param multiplier k, {@code > 0}
 */
public record MatchedSmoothing(double multiplier) {

  /** k = 1: exactly the logging policy's noise. */
  public static final MatchedSmoothing LOGGING = new MatchedSmoothing(1.0);

  public MatchedSmoothing {
    if (!(multiplier > 0 && Double.isFinite(multiplier))) {
      throw new IllegalArgumentException("matched smoothing: the multiplier must be > 0, got " + multiplier);
    }
  }

  /** {@code pi} smoothed by {@link #noise} of {@code logging}. */
  public TargetPolicy smooth(DeterministicPolicy pi, ExplorationPolicy logging) {
    return new StochasticTargetPolicy(pi, noise(logging));
  }

  /** The logging noise scaled by k: Gaussian or box; other loggers need an explicit kernel. */
  public ExplorationPolicy noise(ExplorationPolicy logging) {
    if (logging instanceof GaussianNoisePolicy g) {
      return new GaussianNoisePolicy(g.bounds(), multiplier * g.sigma());
    }
    if (logging instanceof BoxExplorationPolicy b) {
      return new BoxExplorationPolicy(b.bounds(), multiplier * b.lowerB(), multiplier * b.upperB());
    }
    throw new IllegalArgumentException("matched smoothing: no rule for the logging policy " + logging.describe()
        + "; smooth the target with KernelSmoothedTargetPolicy and an explicit width");
  }
}
