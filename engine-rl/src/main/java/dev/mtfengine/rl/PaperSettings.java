package dev.mtfengine.rl;

/**
 * The MTF problem's settings as the IntegratedRL-MTF paper states them (algorithm.md section 1),
 * given a value here and nowhere else: the algorithms' paper defaults, the exploration policies,
 * engine-mtf's task ({@code MtfTask}) and the command lines derive them from these.
 */
public final class PaperSettings {
  /** The MDP's discount gamma. */
  public static final double DISCOUNT = 0.9;
  /** The exploration box, which is also the actor's penalty box: U(-0.15, 0.15). */
  public static final ExplorationBox BOX = new ExplorationBox(-0.15, 0.15);

  private PaperSettings() {}
}
