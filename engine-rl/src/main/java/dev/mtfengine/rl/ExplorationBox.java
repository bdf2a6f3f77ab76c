package dev.mtfengine.rl;

/**
 * The box of IntegratedRL-MTF around the baseline action, in normalised action units: box
 * exploration draws {@code eps ~ U(lower, upper)} per dimension (arXiv:2404.17589 Eq. 3) and the
 * actor's penalty keeps {@code mu(s) - mu_bp(s)} inside the same box (Eq. 5). One value serves
 * both, so the data's exploration and the learner's constraint cannot disagree.
 *
 * @param lower the box's lower edge (< upper)
 * @param upper the box's upper edge
 */
public record ExplorationBox(double lower, double upper) {
  public ExplorationBox {
    if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
      throw new IllegalArgumentException("exploration box: need finite lower < upper, got " + lower + " and " + upper);
    }
  }

  /** Half the box's width: how far an explored action strays from the box's centre. */
  public double halfWidth() {
    return (upper - lower) / 2;
  }
}
