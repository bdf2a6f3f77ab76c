package dev.mtfengine.mtf.task;

import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.PaperSettings;

/**
 * The MTF problem a run solves, as one value from which exploration, penalties, learners and
 * evaluation are derived (issue 16): the MDP's discount, the box (exploration, Eq. 3, and the
 * actor's penalty, Eq. 5), the Gaussian exploration's noise, the factor training rewards carry,
 * the action space (fusion family and action map) and the purpose-tagged seed tree every random
 * stream of the run derives from. {@link #paper()} is the paper's task; the experiment, the command
 * lines and the Spark jobs start from it and change only what their options say.
 *
 * @param discount gamma, in (0, 1)
 * @param box the exploration box, which the actor's penalty keeps to
 * @param noiseSigma the standard deviation of Gaussian action noise (Dataset 1; > 0)
 * @param rewardScale the factor the simulator's rewards are multiplied by for training (> 0; it
 *     does not change which policy is best)
 * @param fusion the action space: the fusion family that ranks with the action's raw parameters
 *     and the action map from the normalised action to them; its dimension is every learner's
 *     action dimension
 * @param seeds the run's seed tree (its root is the simulator's seed, {@code --seed})
 */
public record MtfTask(double discount, ExplorationBox box, double noiseSigma, double rewardScale, FusionSpec fusion,
    SeedTree seeds) {
  /** The seed of a run that names none ({@code --seed}'s default; the one docs/simulator.md reports). */
  public static final long DEFAULT_SEED = 1L;

  /** Dataset 1's Gaussian noise, N(0, 0.2^2) (algorithm.md section 6). */
  private static final double PAPER_NOISE_SIGMA = 0.2;
  /**
   * Training rewards are the simulator's times 0.1 (docs/algorithms/experiment.md, decision 3): Q
   * values of a few tens keep the box penalty on the scale the paper's constants suggest.
   */
  private static final double PAPER_REWARD_SCALE = 0.1;

  public MtfTask {
    if (!(discount > 0 && discount < 1)) {
      throw new IllegalArgumentException("task: discount " + discount + " must be in (0, 1)");
    }
    if (box == null) {
      throw new IllegalArgumentException("task: the exploration box must be set");
    }
    if (!(noiseSigma > 0 && Double.isFinite(noiseSigma))) {
      throw new IllegalArgumentException("task: noise sigma " + noiseSigma + " must be finite and > 0");
    }
    if (!(rewardScale > 0 && Double.isFinite(rewardScale))) {
      throw new IllegalArgumentException("task: reward scale " + rewardScale + " must be finite and > 0");
    }
    if (fusion == null || seeds == null) {
      throw new IllegalArgumentException("task: the fusion (action space) and the seed tree must be set");
    }
  }

  /**
   * The paper's task: discount and box of {@link PaperSettings}, noise 0.2, reward scale 0.1, the
   * log-linear fusion with the multiplicative map ({@link FusionSpec#defaults()}), seed {@value
   * #DEFAULT_SEED}.
   */
  public static MtfTask paper() {
    return new MtfTask(PaperSettings.DISCOUNT, PaperSettings.BOX, PAPER_NOISE_SIGMA, PAPER_REWARD_SCALE,
        FusionSpec.defaults(), new SeedTree(DEFAULT_SEED));
  }

  /** The action dimension K: one per raw parameter of the fusion formula. */
  public int actionDim() {
    return fusion.actionDimension();
  }

  public MtfTask withDiscount(double d) {
    return new MtfTask(d, box, noiseSigma, rewardScale, fusion, seeds);
  }

  public MtfTask withBox(ExplorationBox b) {
    return new MtfTask(discount, b, noiseSigma, rewardScale, fusion, seeds);
  }

  public MtfTask withNoiseSigma(double sigma) {
    return new MtfTask(discount, box, sigma, rewardScale, fusion, seeds);
  }

  public MtfTask withRewardScale(double scale) {
    return new MtfTask(discount, box, noiseSigma, scale, fusion, seeds);
  }

  public MtfTask withFusion(FusionSpec f) {
    return new MtfTask(discount, box, noiseSigma, rewardScale, f, seeds);
  }

  /** The same task with the seed tree rooted at {@code root} (an experiment seed, {@code --seed}). */
  public MtfTask withSeed(long root) {
    return new MtfTask(discount, box, noiseSigma, rewardScale, fusion, new SeedTree(root));
  }
}
