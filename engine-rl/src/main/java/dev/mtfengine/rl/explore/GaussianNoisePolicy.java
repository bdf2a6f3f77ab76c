package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;

import java.util.random.RandomGenerator;

/**
 * Action-noise exploration (the comparison in arXiv:2404.17589, and DDPG's): {@code a = clip(mu_bp(s)
 * + xi)}, {@code xi_j ~ N(0, sigma^2)} independently per dimension. The default sigma is 0.2.
 *
 * <p>Density per dimension (see {@link ExplorationPolicy} for the measure): the normal density
 * {@code phi((a_j - mu_j) / sigma) / sigma} strictly inside the bounds; at the low bound the clipped
 * mass {@code Phi((low_j - mu_j) / sigma)}, at the high bound {@code 1 - Phi((high_j - mu_j) /
 * sigma)}. The action's density is the product over dimensions.
 */
public final class GaussianNoisePolicy implements ExplorationPolicy {
  private final ActionBounds bounds;
  private final double sigma;

  public GaussianNoisePolicy(ActionBounds bounds, double sigma) {
    if (!(sigma > 0 && Double.isFinite(sigma))) {
      throw new IllegalArgumentException("Gaussian exploration: sigma must be > 0, got " + sigma);
    }
    this.bounds = bounds;
    this.sigma = sigma;
  }

  public double sigma() {
    return sigma;
  }

  @Override
  public ActionBounds bounds() {
    return bounds;
  }

  @Override
  public ExploredAction sample(float[] baseline, RandomGenerator rng) {
    checkBaseline(baseline);
    float[] a = new float[baseline.length];
    for (int j = 0; j < a.length; j++) {
      a[j] = (float) bounds.clip(j, baseline[j] + sigma * rng.nextGaussian());
    }
    return new ExploredAction(a, density(a, baseline));
  }

  @Override
  public double density(float[] action, float[] baseline) {
    double d = 1.0;
    for (int j = 0; j < action.length; j++) {
      d *= dimensionDensity(j, action[j], baseline[j]);
    }
    return d;
  }

  /** One dimension's factor of {@link #density}: clipped mass on a bound, normal pdf inside. */
  double dimensionDensity(int j, double a, double mu) {
    double lo = (float) bounds.low(j);
    double hi = (float) bounds.high(j);
    if (a < lo || a > hi) {
      return 0.0;
    }
    if (a == lo) {
      return Normal.cdf((lo - mu) / sigma);
    }
    if (a == hi) {
      return Normal.cdf((mu - hi) / sigma);
    }
    return Normal.pdf((a - mu) / sigma) / sigma;
  }

  @Override
  public String describe() {
    return "gaussian(sigma=" + sigma + ")";
  }
}
