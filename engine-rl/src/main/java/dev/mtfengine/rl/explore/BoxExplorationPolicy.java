package dev.mtfengine.rl.explore;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.PaperSettings;

import java.util.random.RandomGenerator;

/**
 * Box exploration, arXiv:2404.17589 Eq. 3: {@code mu_ep(s) = mu_bp(s) + eps}, {@code eps_j ~
 * U(lower_b, upper_b)} independently per dimension (the paper's box: {@link PaperSettings#BOX}), then clipped to the
 * action bounds (our decision, spec section 3). Nothing outside the box is explored.
 *
 * <p>Density per dimension (see {@link ExplorationPolicy} for the measure): {@code 1 / (upper_b -
 * lower_b)} strictly inside both the box and the bounds; on a bound that cuts the box, the
 * fraction of the box beyond it (the clipped mass); 0 elsewhere.
 */
public final class BoxExplorationPolicy implements ExplorationPolicy {
  private final ActionBounds bounds;
  private final double lowerB;
  private final double upperB;

  public BoxExplorationPolicy(ActionBounds bounds, double lowerB, double upperB) {
    if (!(lowerB < upperB && Double.isFinite(lowerB) && Double.isFinite(upperB))) {
      throw new IllegalArgumentException(
          "box exploration: need finite lower_b < upper_b, got " + lowerB + " and " + upperB);
    }
    this.bounds = bounds;
    this.lowerB = lowerB;
    this.upperB = upperB;
  }

  /** Exploration in {@code box}. */
  public BoxExplorationPolicy(ActionBounds bounds, ExplorationBox box) {
    this(bounds, box.lower(), box.upper());
  }

  /** The paper's box ({@link PaperSettings#BOX}). */
  public static BoxExplorationPolicy paperDefault(ActionBounds bounds) {
    return new BoxExplorationPolicy(bounds, PaperSettings.BOX);
  }

  /** The box this policy explores. */
  public ExplorationBox box() {
    return new ExplorationBox(lowerB, upperB);
  }

  public double lowerB() {
    return lowerB;
  }

  public double upperB() {
    return upperB;
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
      double eps = lowerB + (upperB - lowerB) * rng.nextDouble();
      a[j] = (float) bounds.clip(j, baseline[j] + eps);
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

  double dimensionDensity(int j, double a, double mu) {
    double width = upperB - lowerB;
    double lo = (float) bounds.low(j);
    double hi = (float) bounds.high(j);
    double boxLo = mu + lowerB;
    double boxHi = mu + upperB;
    if (a < lo || a > hi) {
      return 0.0;
    }
    if (a == lo && boxLo < lo) {
      return (Math.min(lo, boxHi) - boxLo) / width;
    }
    if (a == hi && boxHi > hi) {
      return (boxHi - Math.max(hi, boxLo)) / width;
    }
    return a >= boxLo && a <= boxHi ? 1.0 / width : 0.0;
  }

  @Override
  public String describe() {
    return "box(lower_b=" + lowerB + ", upper_b=" + upperB + ")";
  }
}
