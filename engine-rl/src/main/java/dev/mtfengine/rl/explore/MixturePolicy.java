package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;

import java.util.random.RandomGenerator;

/**
 * With probability {@code randomShare} a uniformly random action on the bounds, otherwise the
 * {@code inner} policy around the baseline: BatchRL-MTF's mixed exploration (arXiv:2208.04560),
 * where half of the traffic gets random actions and half {@code mu_bp + N(0, 0.1^2)}. BatchRL-MTF
 * assigns the random arm per user; a simulator that does so draws the arm once per session and
 * uses the two component policies, and this class gives the per-request marginal.
 *
 * <p>Density: {@code randomShare * prod_j u_j(a_j) + (1 - randomShare) * inner(a)}, where {@code
 * u_j = 1 / (high_j - low_j)} strictly inside the bounds and 0 on a bound (a uniform draw lands on
 * a bound with probability 0).
 */
public final class MixturePolicy implements ExplorationPolicy {
  private final double randomShare;
  private final ExplorationPolicy inner;

  public MixturePolicy(double randomShare, ExplorationPolicy inner) {
    if (!(randomShare >= 0 && randomShare <= 1)) {
      throw new IllegalArgumentException(
          "mixture exploration: random share must be in [0, 1], got " + randomShare);
    }
    this.randomShare = randomShare;
    this.inner = inner;
  }

  /** BatchRL-MTF's setting: half random, half Gaussian noise with sigma 0.1. */
  public static MixturePolicy batchRlDefault(ActionBounds bounds) {
    return new MixturePolicy(0.5, new GaussianNoisePolicy(bounds, 0.1));
  }

  @Override
  public ActionBounds bounds() {
    return inner.bounds();
  }

  @Override
  public ExploredAction sample(float[] baseline, RandomGenerator rng) {
    checkBaseline(baseline);
    ActionBounds b = bounds();
    // Always draw the arm first, so the stream layout does not depend on which arm is taken.
    boolean random = rng.nextDouble() < randomShare;
    if (!random) {
      ExploredAction e = inner.sample(baseline, rng);
      return new ExploredAction(e.action(), density(e.action(), baseline));
    }
    float[] a = new float[baseline.length];
    for (int j = 0; j < a.length; j++) {
      a[j] = (float) (b.low(j) + (b.high(j) - b.low(j)) * rng.nextDouble());
      if (a[j] >= b.high(j)) {
        a[j] = Math.nextDown((float) b.high(j)); // keep the uniform draw off the bound
      }
    }
    return new ExploredAction(a, density(a, baseline));
  }

  @Override
  public double density(float[] action, float[] baseline) {
    ActionBounds b = bounds();
    double uniform = 1.0;
    for (int j = 0; j < action.length; j++) {
      double lo = (float) b.low(j);
      double hi = (float) b.high(j);
      uniform *= action[j] > lo && action[j] < hi ? 1.0 / (b.high(j) - b.low(j)) : 0.0;
    }
    return randomShare * uniform + (1 - randomShare) * inner.density(action, baseline);
  }

  @Override
  public String describe() {
    return "mixture(random=" + randomShare + ", " + inner.describe() + ")";
  }
}
