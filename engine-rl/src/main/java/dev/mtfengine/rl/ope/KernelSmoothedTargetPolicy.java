package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;

/**
 * A deterministic target policy {@code pi(s)} smoothed by a Gaussian kernel of bandwidth {@code h}
 * so that it has a density at logged actions (spec section 7): a point mass has no density with
 * respect to the logging measure, so plain importance weights of a deterministic policy are zero
 * almost surely.
 *
 * <p><b>Density.</b> Per dimension j, with {@code phi} and {@code Phi} the standard normal density
 * and distribution function:
 *
 * <pre>
 *   k_h(a_j; pi_j(s)) = phi((a_j - pi_j(s)) / h) / h        if low_j &lt; a_j &lt; high_j
 *                     = Phi((low_j - pi_j(s)) / h)           if a_j = low_j
 *                     = 1 - Phi((high_j - pi_j(s)) / h)      if a_j = high_j
 *   pi_h(a | s)       = prod_j k_h(a_j; pi_j(s))
 * </pre>
 *
 * The mass that a Gaussian kernel would put outside the bounds is put on the bound it crosses, the
 * same way a clipped explored action lands there, so {@code pi_h} is a proper density under the
 * logging measure (Lebesgue inside plus point masses at the bounds) and equals the density of the
 * policy {@code a = clip(pi(s) + h xi)}, {@code xi ~ N(0, I)}: it is computed by {@link
 * GaussianNoisePolicy} with {@code sigma = h}.
 *
 * <p><b>What is estimated.</b> Importance weighting with {@code pi_h} is unbiased for the value of
 * the smoothed policy, not of {@code pi} itself; the gap shrinks as {@code h -> 0} while the
 * weights' variance grows as {@code h^-A}. The bandwidth is therefore a bias-variance choice,
 * reported with every estimate ({@link #describe}); docs/algorithms/ope.md gives measured numbers.
 */
public final class KernelSmoothedTargetPolicy implements TargetPolicy {
  private final DeterministicPolicy policy;
  private final ActionBounds bounds;
  private final double bandwidth;
  private final GaussianNoisePolicy kernel;

  /**
   * @param policy the deterministic target {@code pi(s)}; its actions must lie inside {@code bounds}
   * @param bounds the action box of the log
   * @param bandwidth h, the kernel's standard deviation in action units, {@code > 0}
   */
  public KernelSmoothedTargetPolicy(DeterministicPolicy policy, ActionBounds bounds, double bandwidth) {
    if (!(bandwidth > 0 && Double.isFinite(bandwidth))) {
      throw new IllegalArgumentException("kernel-smoothed target policy: bandwidth must be > 0, got " + bandwidth);
    }
    this.policy = policy;
    this.bounds = bounds;
    this.bandwidth = bandwidth;
    this.kernel = new GaussianNoisePolicy(bounds, bandwidth);
  }

  public double bandwidth() {
    return bandwidth;
  }

  @Override
  public double[] densities(float[][] states, float[][] actions) {
    float[][] targetActions = policy.act(states);
    double[] out = new double[states.length];
    for (int t = 0; t < out.length; t++) {
      bounds.check("kernel-smoothed target policy: logged action at row " + t, actions[t]);
      bounds.check("kernel-smoothed target policy: pi(s) at row " + t, targetActions[t]);
      out[t] = kernel.density(actions[t], targetActions[t]);
    }
    return out;
  }

  @Override
  public String describe() {
    return "kernel-smoothed(h=" + bandwidth + ")";
  }
}
