package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.PaperSettings;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.TransitionHash;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.rl.net.LeastSquaresCritics;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.EnsembleMlp;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.SplitMix64;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IntegratedRL-MTF: P. Liu, C. Xu, M. Zhao, J. Zhu, B. Wang, Y. Ren, "An Offline Reinforcement
 * Learning Algorithm Customized for Multi-Task Fusion in Large-Scale Recommender Systems", arXiv
 * 2404.17589 (v4; v6 renamed it UnifiedRL).
 *
 * <p>A deterministic actor and m independently initialised critics, each with its own target. The
 * actor maximises the critics' mean minus lambda times their standard deviation (pessimism where
 * the ensemble disagrees) and pays the box penalty of Eq. 5 for leaving the exploration box around
 * the baseline policy, so it never relies on values of actions the data cannot support. The critic
 * target either subtracts the same penalty at the next action (v4 reading) or scales the bootstrap
 * by a soft box factor phi with critics grouped by reward component (v6). Every interpretation is a
 * numbered item in {@code docs/algorithms/integrated-rl.md}.
 */
public final class IntegratedRl implements OfflineAlgorithm, ActionValueEstimator {

  /** Which critic target to use; see {@code docs/algorithms/integrated-rl.md} items 3 and 4. */
  public enum CriticTarget {
    /** {@code y_i = r + gamma (1 - done) [Q'_i(s', mu'(s')) - alpha d(mu'(s'), mu_bp(s'))]}. */
    V4_ADDITIVE_PENALTY,
    /** {@code y_gj = r^(g) + gamma (1 - done) phi(mu'(s')) Q'_gj(s', mu'(s'))}, critics grouped. */
    V6_PHI_SCALED
  }

  /**
   * Which next action the critic target bootstraps from; see {@code docs/algorithms/integrated-rl.md}
   * item 11.
   */
  public enum BootstrapAction {
    /** {@code mu'(s')}, the target actor's action: the paper's off-policy target. */
    TARGET_ACTOR,
    /**
     * {@code mu_bp(s')}, the logged baseline action: the critics learn {@code Q^{mu_bp}(s, a)}, a
     * fixed target that does not move with the actor, and the actor takes one step of policy
     * improvement inside the box around mu_bp (a progressive round is one such step). Not in the
     * paper.
     */
    BASELINE,
    /**
     * {@code V^beta(s')}, the value of the logged behaviour at s' (SARSA over the data): the critics
     * learn {@code Q^beta(s, a)} and the actor takes one step of improvement on the logging
     * policy (item 15). LEAST_SQUARES critics only. Not in the paper.
     */
    BEHAVIOUR
  }

  /**
   * What a critic computes from (s, a); see {@code docs/algorithms/integrated-rl.md} item 13.
   */
  public enum CriticForm {
    /** {@code Q_i(s, a)}: one network of the state and the absolute action, as in the paper. */
    PAPER,
    /**
     * {@code Q_i(s, a) = V(s) + A_i(s, x)} with {@code x = (a - mu_bp(s)) / w} the action's offset
     * from the baseline action in box half-widths ({@code w = (upperB - lowerB) / 2}, so the box is
     * |x| <= 1): a state-value network V shared by the critics, fit to the mean target (the value
     * of the logged actions), and per-critic networks of the state and x, fit to the target minus
     * V(s). Not in the paper: the action moves Q by a few tenths of a percent inside the box, and a
     * network that must also carry the state part of Q (tens of units) resolves it far worse.
     */
    BASELINE_ADVANTAGE,
    /**
     * {@code Q_i(s, a) = V(s) + sum_k g_ik(s) x_k + h_ik(s) x_k^2}, x as in BASELINE_ADVANTAGE: the
     * advantage is a per-state quadratic in the offset, whose 2A coefficients per critic are one
     * network of the state. Not in the paper: a second-order model of Q around the baseline action
     * (the normalized-advantage idea of Gu et al. 2016, here diagonal and of either sign), so a
     * critic learns at every state a slope and a curvature per weight instead of a free surface
     * over the box, and the actor finds an interior optimum where the curvature is negative.
     */
    BASELINE_QUADRATIC,
    /**
     * {@code Q_i(s, a) = beta_i(s) . (1, x, x^2)} per distinct state s, x the offset from the
     * baseline action first logged at s in box half-widths, the coefficients solved in closed form:
     * a ridge regression per state of the targets with the {@code BEHAVIOUR} bootstrap and a
     * tabular termination estimate, each critic on its own bootstrap resample of the data ({@link
     * LeastSquaresCritics}). Not in the paper, and only for discrete states: the
     * form of BASELINE_QUADRATIC with no function-approximation error, so the critics fit every
     * state's own slopes instead of carrying the frequent states' slopes to the rare ones (item 15).
     */
    LEAST_SQUARES
  }

  /** How the actor maximises Eq. 4's objective; see {@code docs/algorithms/integrated-rl.md} item 16. */
  public enum ActorUpdate {
    /** A gradient step on Eq. 4's loss through the critics: the paper's. */
    GRADIENT,
    /**
     * A regression step towards the in-box action that maximises Eq. 4's objective (the critics'
     * mean minus lambda times their spread; the box penalty is 0 inside the box) over a fixed set
     * of candidate offsets, found by search at each state of the batch. LEAST_SQUARES critics only.
     * Not in the paper: a gradient step moves a state's action in proportion to how often the state
     * is sampled, so the rare states' actions follow the frequent states'; the regression target is
     * each state's own maximiser.
     */
    SEARCH
  }

  /**
   * The most distinct states the {@code LEAST_SQUARES} critics accept: a memory bound (about 7 kB
   * per state and critic), far above the simulator's 64 oracle states, and far below what a
   * continuous state would produce.
   */
  public static final int LEAST_SQUARES_MAX_STATES = 20_000;

  /**
   * Hyper-parameters; paper defaults from {@link #paperDefaults}.
   *
   * @param stateDim S, state features
   * @param actionDim A, action dimensions (10 in the paper)
   * @param hidden hidden layer sizes of actor and critics ([256, 256], our decision)
   * @param critics m, critics per group (24)
   * @param criticTarget the critic target variant (v4 reading)
   * @param bootstrapAction the next action of the critic target (the paper: the target actor's)
   * @param criticForm what a critic computes (the paper: Q(s, a) in one network; item 13)
   * @param groupWeights w_g per reward-component group for v6 (empty for v4; v6 uses 2 groups)
   * @param gamma discount (the paper's: {@link PaperSettings#DISCOUNT})
   * @param lowerB lower edge of the exploration box around mu_bp (the paper's: {@link PaperSettings#BOX})
   * @param upperB upper edge of the exploration box around mu_bp
   * @param beta temperature of the box penalty, Eq. 5 (0.3)
   * @param eta weight of the box penalty in the actor loss, Eq. 4 (1.2; the paper's "alpha = 1.2")
   * @param alpha weight of the box penalty in the v4 critic target (1.2)
   * @param lambda weight of the critics' standard deviation in the actor loss, Eq. 4 (0.2)
   * @param criticDataShare the share of the transitions each critic trains on (1: every critic
   *     sees every sample, the paper's reading so far; below 1: each critic keeps its own fixed
   *     random subset of the data, so the critics are trained independently and their spread
   *     measures how well the data pins Q down; item 12). LEAST_SQUARES critics take 1 and
   *     resample by the bootstrap instead
   * @param criticRidge LEAST_SQUARES only: the weight, in transitions, of each advantage
   *     coefficient's pull towards 0 (item 15); ignored by the network forms
   * @param actorUpdate how the actor maximises Eq. 4's objective (the paper: GRADIENT; item 16)
   * @param stdEps added to the ensemble variance so the std's gradient is finite when critics agree (1e-8)
   * @param tau Polyak coefficient of the soft target update (0.08)
   * @param targetUpdatePeriod L, iterations between soft target updates (15)
   * @param actorLr Adam learning rate of the actor (1e-4, our decision)
   * @param criticLr Adam learning rate of the critics (2e-4, our decision)
   * @param dtype training precision (F32)
   * @param seed seed of the parameter initialisation
   */
  public record Config(
      int stateDim,
      int actionDim,
      List<Integer> hidden,
      int critics,
      CriticTarget criticTarget,
      BootstrapAction bootstrapAction,
      CriticForm criticForm,
      List<Double> groupWeights,
      double gamma,
      double lowerB,
      double upperB,
      double beta,
      double eta,
      double alpha,
      double lambda,
      double criticDataShare,
      double criticRidge,
      ActorUpdate actorUpdate,
      double stdEps,
      double tau,
      int targetUpdatePeriod,
      double actorLr,
      double criticLr,
      DType dtype,
      long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      groupWeights = List.copyOf(groupWeights);
      Check.positive("integrated-rl", "stateDim", stateDim);
      Check.positive("integrated-rl", "actionDim", actionDim);
      Check.positive("integrated-rl", "critics", critics);
      Check.positive("integrated-rl", "targetUpdatePeriod", targetUpdatePeriod);
      Check.unit("integrated-rl", "gamma", gamma);
      Check.unit("integrated-rl", "tau", tau);
      Check.nonNegative("integrated-rl", "eta", eta);
      Check.nonNegative("integrated-rl", "alpha", alpha);
      Check.nonNegative("integrated-rl", "lambda", lambda);
      Check.nonNegative("integrated-rl", "stdEps", stdEps);
      Check.nonNegative("integrated-rl", "criticRidge", criticRidge);
      if (!(criticDataShare > 0 && criticDataShare <= 1)) {
        throw new IllegalArgumentException("integrated-rl: criticDataShare = " + criticDataShare + " must be in (0, 1]");
      }
      Check.positiveReal("integrated-rl", "beta", beta);
      Check.positiveReal("integrated-rl", "actorLr", actorLr);
      Check.positiveReal("integrated-rl", "criticLr", criticLr);
      if (!(lowerB < upperB)) {
        throw new IllegalArgumentException("integrated-rl: need lowerB < upperB, got " + lowerB + " and " + upperB);
      }
      if (bootstrapAction == null) {
        throw new IllegalArgumentException("integrated-rl: bootstrapAction must be set (TARGET_ACTOR or BASELINE)");
      }
      if (criticForm == null) {
        throw new IllegalArgumentException(
            "integrated-rl: criticForm must be set (PAPER, BASELINE_ADVANTAGE, BASELINE_QUADRATIC or LEAST_SQUARES)");
      }
      if ((criticForm == CriticForm.LEAST_SQUARES) != (bootstrapAction == BootstrapAction.BEHAVIOUR)) {
        throw new IllegalArgumentException("integrated-rl: the BEHAVIOUR bootstrap and the LEAST_SQUARES critics go"
            + " together; got " + bootstrapAction + " and " + criticForm);
      }
      if (actorUpdate == null || (actorUpdate == ActorUpdate.SEARCH && criticForm != CriticForm.LEAST_SQUARES)) {
        throw new IllegalArgumentException("integrated-rl: actorUpdate must be GRADIENT, or SEARCH with LEAST_SQUARES"
            + " critics; got " + actorUpdate + " with " + criticForm);
      }
      if (criticForm == CriticForm.LEAST_SQUARES && (criticTarget != CriticTarget.V4_ADDITIVE_PENALTY
          || criticDataShare != 1)) {
        throw new IllegalArgumentException("integrated-rl: LEAST_SQUARES critics need the v4"
            + " critic target and criticDataShare 1 (they resample by the bootstrap); got "
            + criticTarget + " and " + criticDataShare);
      }
      if (criticTarget == CriticTarget.V6_PHI_SCALED && groupWeights.isEmpty()) {
        throw new IllegalArgumentException("integrated-rl: the v6 critic target needs one weight per reward-component group");
      }
      if (criticTarget == CriticTarget.V4_ADDITIVE_PENALTY && !groupWeights.isEmpty()) {
        throw new IllegalArgumentException("integrated-rl: group weights are for the v6 critic target only");
      }
    }

    /** The paper's settings (v4 reading) for the given widths. */
    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 24, CriticTarget.V4_ADDITIVE_PENALTY,
          BootstrapAction.TARGET_ACTOR, CriticForm.PAPER, List.of(), PaperSettings.DISCOUNT, PaperSettings.BOX.lower(),
          PaperSettings.BOX.upper(), 0.3, 1.2, 1.2, 0.2, 1.0, 1.0,
          ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-4, 2e-4, DType.F32, 0);
    }

    /** The same config with another box (Eq. 5's penalty box, the data's exploration box). */
    public Config withBox(double lower, double upper) {
      return new Config(stateDim, actionDim, hidden, critics, criticTarget, bootstrapAction, criticForm,
          groupWeights, gamma, lower, upper, beta, eta, alpha, lambda, criticDataShare, criticRidge, actorUpdate,
          stdEps, tau, targetUpdatePeriod, actorLr, criticLr, dtype, seed);
    }

    /** The same config with other critics and actor step (integrated-rl.md items 12-16). */
    public Config withCritics(CriticForm form, BootstrapAction bootstrap, double pessimism, double dataShare,
        ActorUpdate update, double learningRate) {
      return new Config(stateDim, actionDim, hidden, critics, criticTarget, bootstrap, form, groupWeights, gamma,
          lowerB, upperB, beta, eta, alpha, pessimism, dataShare, criticRidge, update, stdEps, tau, targetUpdatePeriod,
          learningRate, criticLr, dtype, seed);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, critics, criticTarget, bootstrapAction, criticForm,
          groupWeights, sharedGamma, lowerB, upperB, beta, eta, alpha, lambda, criticDataShare, criticRidge,
          actorUpdate, stdEps, tau, targetUpdatePeriod, actorLr, criticLr, dtype, sharedSeed);
    }

    /** Reward-component groups of critics: 1 for v4, one per group weight for v6. */
    public int groups() {
      return criticTarget == CriticTarget.V6_PHI_SCALED ? groupWeights.size() : 1;
    }

    /** A copy with other sizes, for small problems and tests. */
    public Config withNetworks(List<Integer> newHidden, int newCritics) {
      return new Config(stateDim, actionDim, newHidden, newCritics, criticTarget, bootstrapAction, criticForm,
          groupWeights, gamma, lowerB, upperB, beta, eta, alpha, lambda, criticDataShare, criticRidge, actorUpdate,
          stdEps, tau, targetUpdatePeriod, actorLr, criticLr, dtype, seed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final DeterministicActor actorNet;
  private final int members;              // M = groups * m critics; group g holds members [g m, (g + 1) m)
  private final CriticEnsemble criticNet; // PAPER: Q_i(s, a); BASELINE_ADVANTAGE: A_i(s, x); else null
  private final EnsembleMlp coefficientNet; // BASELINE_QUADRATIC: s -> (g_i, h_i), [M, B, 2A]; else null
  private final Mlp valueNet;             // V(s) of the baseline network forms, else null
  private final LeastSquaresCritics leastSquares; // LEAST_SQUARES: the closed-form critics; else null
  private final Workspace workspace = new Workspace(); // one step's large arrays, reused by the next
  private final double[][] candidateOffsets;      // SEARCH: the offsets searched, in box half-widths, [C][A]
  private final Adam actorOpt;
  private final Adam criticOpt;
  private final Adam valueOpt;
  private Params actor;
  private Params actorTarget;
  private Params critic;
  private Params criticTarget;
  private Params value;
  private Params valueTarget;
  private long iteration;

  public IntegratedRl(Config config) {
    this.config = config;
    this.actorNet = new DeterministicActor(config.stateDim(), config.actionDim(), config.hidden());
    this.members = config.groups() * config.critics();
    boolean quadratic = config.criticForm() == CriticForm.BASELINE_QUADRATIC;
    boolean closedForm = config.criticForm() == CriticForm.LEAST_SQUARES;
    this.leastSquares = closedForm
        ? new LeastSquaresCritics(new LeastSquaresCritics.Config(members, config.stateDim(), config.actionDim(),
            halfWidth(config), config.gamma(), config.criticRidge(), LEAST_SQUARES_MAX_STATES, config.seed()))
        : null;
    this.criticNet = quadratic || closedForm ? null
        : new CriticEnsemble(members, config.stateDim(), config.actionDim(), config.hidden());
    this.coefficientNet = quadratic
        ? new EnsembleMlp(members, config.stateDim(), config.hidden(), 2 * config.actionDim(), Activation.RELU,
            Activation.IDENTITY)
        : null;
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.actor = actorNet.init(init.split(1), config.dtype());
    this.critic = coefficientNet != null
        ? coefficientNet.init(init.split(2), config.dtype())
        : closedForm ? Params.empty() : criticNet.init(init.split(2), config.dtype());
    this.actorTarget = actor;
    this.criticTarget = critic;
    this.candidateOffsets = config.actorUpdate() == ActorUpdate.SEARCH
        ? candidateOffsets(config.actionDim(), init.split(4)) : null;
    this.actorOpt = new Adam(Adam.Config.defaults(config.actorLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
    if (config.criticForm() == CriticForm.BASELINE_ADVANTAGE || quadratic) {
      this.valueNet = new Mlp(config.stateDim(), config.hidden(), 1, Activation.RELU, Activation.IDENTITY);
      this.value = valueNet.init(init.split(3), config.dtype());
      this.valueTarget = value;
      this.valueOpt = new Adam(Adam.Config.defaults(config.criticLr()));
    } else {
      this.valueNet = null;
      this.valueOpt = null;
    }
  }

  @Override
  public String name() {
    return "integrated-rl";
  }

  public Config config() {
    return config;
  }

  // --------------------------------------------------------------------------------------- losses

  /**
   * The v4 critic target (our reading of "a second term that is zero inside the bounds"; item 3):
   * {@code y_i = r + gamma (1 - done) [Q'_i(s', mu'(s')) - alpha d(mu'(s'), mu_bp(s'))]}, each critic
   * bootstrapping from its own target, no clipped double-Q, no target smoothing. Untracked.
   *
   * @return y, [m, B, 1]
   */
  @PaperEquation(paper = "arXiv:2404.17589", eq = "critic target (v4)")
  Tensor criticTargetV4(Batch b) {
    Tensor nextAction = nextAction(b);                                                // mu'(s') or mu_bp(s') [B, A]
    Tensor nextQ = q(criticTarget, valueTarget, b.nextState(), nextAction,
        b.nextBaselineAction());                                                       // Q'_i          [m, B, 1]
    Tensor d = BoxPenalty.penalty(nextAction, b.nextBaselineAction(),
        config.lowerB(), config.upperB(), config.beta());                             // Eq. 5         [B, 1]
    Tensor bootstrap = Ops.sub(nextQ, Ops.mul(d, config.alpha()));                    //               [m, B, 1]
    Tensor discount = Ops.mul(Ops.sub(1.0, b.done()), config.gamma());                // gamma(1-done) [B, 1]
    return Ops.add(b.reward(), Ops.mul(discount, bootstrap));
  }

  /**
   * The v6 (UnifiedRL) critic target with critics grouped by reward component (item 4): {@code
   * y_gj = r^(g) + gamma (1 - done) phi(mu'(s')) Q'_gj(s', mu'(s'))}. Untracked.
   *
   * @return y, [q m, B, 1]
   */
  @PaperEquation(paper = "arXiv:2404.17589v6", eq = "critic target (v6)")
  Tensor criticTargetV6(Batch b) {
    Tensor nextAction = nextAction(b);                                                // [B, A]
    Tensor nextQ = q(criticTarget, valueTarget, b.nextState(), nextAction,
        b.nextBaselineAction());                                                       // [q m, B, 1]
    Tensor phi = BoxPenalty.phi(nextAction, b.nextBaselineAction(),
        config.lowerB(), config.upperB(), config.beta());                             // [B, 1]
    Tensor discount = Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), phi), config.gamma());  // [B, 1]
    return Ops.add(memberRewards(b), Ops.mul(discount, nextQ));
  }

  /** The action the target bootstraps from: mu'(s') (the paper) or mu_bp(s') (item 11). [B, A] */
  private Tensor nextAction(Batch b) {
    return config.bootstrapAction() == BootstrapAction.BASELINE
        ? b.nextBaselineAction()
        : actorNet.act(actorTarget, b.nextState());
  }

  /**
   * Q_i(s, a) of every critic, [M, B, 1]: {@code criticParams}' networks of (s, a) (the paper), or
   * {@code V(s) + A_i(s, x)} with {@code valueParams} for V and x the offset from the baseline action
   * in box half-widths (items 13 and 14).
   *
   * @param state [B, S]
   * @param action [B, A]
   * @param baselineAction mu_bp(s), [B, A]
   */
  private Tensor q(Params criticParams, Params valueParams, Tensor state, Tensor action, Tensor baselineAction) {
    if (config.criticForm() == CriticForm.PAPER) {
      return criticNet.q(criticParams, state, action);                                 // Q_i(s, a)     [M, B, 1]
    }
    if (leastSquares != null) {
      return leastSquaresQ(state, action, baselineAction);
    }
    Tensor x = Ops.div(Ops.sub(action, baselineAction), halfWidth(config));             // box units     [B, A]
    Tensor advantage = config.criticForm() == CriticForm.BASELINE_QUADRATIC
        ? quadraticAdvantage(criticParams, state, x)
        : criticNet.q(criticParams, state, x);                                          // A_i(s, x)     [M, B, 1]
    return Ops.add(valueNet.forward(valueParams, state), advantage);                    // V(s) + A_i    [M, B, 1]
  }

  /**
   * {@code A_i(s, x) = sum_k g_ik(s) x_k + h_ik(s) x_k^2} (item 14): the coefficient network's 2A
   * outputs dotted with the features (x, x^2).
   *
   * @param x offsets in box half-widths, [B, A]
   * @return [M, B, 1]
   */
  private Tensor quadraticAdvantage(Params coefficients, Tensor state, Tensor x) {
    Tensor gh = coefficientNet.forward(coefficients, state);                             // (g_i, h_i)    [M, B, 2A]
    Tensor features = Ops.concat(x, Ops.square(x));                                      // (x, x^2)      [B, 2A]
    Tensor advantage = Ops.sum(Ops.mul(gh, features), 2);                                // A_i           [M, B]
    return Ops.reshape(advantage, gh.dim(0), gh.dim(1), 1);                              //               [M, B, 1]
  }

  /**
   * The LEAST_SQUARES critics (item 15): {@code Q_i(s, a) = beta_i(s) . (1, x, x^2)}, x the offset
   * from the state's centre c(s) in box half-widths; the coefficients are constants of the tape, so
   * gradients reach the action only.
   *
   * @param baselineAction mu_bp(s), the centre of a state the critics have not seen, [B, A]
   * @return [M, B, 1]
   */
  private Tensor leastSquaresQ(Tensor state, Tensor action, Tensor baselineAction) {
    Tensor beta = leastSquares.coefficients(state, config.dtype());                     // beta_i(s)     [M, B, P]
    Tensor centre = leastSquares.centres(state, baselineAction, config.dtype());        // c(s)          [B, A]
    Tensor x = Ops.div(Ops.sub(action, centre), halfWidth(config));                     // box units     [B, A]
    Tensor features = Ops.concat(Tensor.ones(config.dtype(), x.dim(0), 1), x, Ops.square(x)); // (1, x, x^2) [B, P]
    Tensor q = Ops.sum(Ops.mul(beta, features), 2);                                     // Q_i           [M, B]
    return Ops.reshape(q, beta.dim(0), beta.dim(1), 1);                                 //               [M, B, 1]
  }

  /** w, the box half-width: offsets x = (a - mu_bp) / w put the box at |x| <= 1. */
  private static double halfWidth(Config config) {
    return (config.upperB() - config.lowerB()) / 2;
  }

  /** r^(g) for each critic of group g: [q m, B, 1], from the batch's reward components [B, q]. */
  private Tensor memberRewards(Batch b) {
    int q = config.groups();
    int m = config.critics();
    int n = b.size();
    if (b.rewardComponents().dim(1) != q) {
      throw new IllegalArgumentException("integrated-rl (v6): the batch has " + b.rewardComponents().dim(1)
          + " reward components, the config has " + q + " critic groups");
    }
    double[] rc = b.rewardComponents().toDoubleArray();
    double[] out = new double[q * m * n];
    for (int g = 0; g < q; g++) {
      for (int j = 0; j < m; j++) {
        for (int i = 0; i < n; i++) {
          out[((g * m) + j) * n + i] = rc[i * q + g];
        }
      }
    }
    return Tensor.of(out, q * m, n, 1).to(config.dtype());
  }

  /**
   * Critic regression: the sum over critics of each critic's batch-mean squared TD error, so every
   * critic receives the gradient it would get if trained alone (item 5).
   *
   * @param y targets, [M, B, 1], untracked
   */
  @PaperEquation(paper = "arXiv:2404.17589", eq = "critic loss")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = q(criticParams, value == null ? null : value.detach(), b.state(), b.action(),
        b.baselineAction());                                                           // Q_i(s, a)     [M, B, 1]
    Tensor squared = Ops.square(Ops.sub(q, y));                                        //               [M, B, 1]
    if (config.criticDataShare() < 1) {
      squared = Ops.mul(squared, criticDataMask(b));                                   // own subsets   [M, B, 1]
    }
    return Ops.mul(Ops.mean(squared), members);
  }

  /**
   * The state-value regression of the baseline forms (item 13; not in the paper): {@code
   * mean_B (V(s) - mean_i y_i)^2}, so V(s) is the value of the logged actions at s and each A_i fits
   * what the action adds to it.
   *
   * @param y targets, [M, B, 1], untracked
   */
  Tensor valueLoss(Params valueParams, Batch b, Tensor y) {
    Tensor v = valueNet.forward(valueParams, b.state());                              // V(s)          [B, 1]
    return Ops.mean(Ops.square(Ops.sub(v, Ops.mean(y, 0))));                           // vs mean_i y_i [B, 1]
  }

  /**
   * Which critic trains on which sample (item 12): {@code 1 / share} where transition t belongs to
   * critic i's subset, else 0, so each critic's expected loss is its batch MSE. Membership is a
   * fixed function of (seed, critic, the transition's state, action and reward bits): the same
   * transition is in the same subsets in every minibatch, on every run and after a resume, with no
   * random stream to checkpoint. [M, B, 1]
   */
  private Tensor criticDataMask(Batch b) {
    int n = b.size();
    int sd = config.stateDim();
    int ad = config.actionDim();
    float[] st = b.state().toFloatArray();
    float[] ac = b.action().toFloatArray();
    float[] rw = b.reward().toFloatArray();
    double keep = 1.0 / config.criticDataShare();
    double[] mask = new double[members * n];
    for (int t = 0; t < n; t++) {
      // "criticMa": keeps these hashes apart from every other use of the seed
      long h = TransitionHash.of(config.seed(), 0x6372697469634d61L, rw[t], st, t * sd, sd, ac, t * ad, ad);
      for (int i = 0; i < members; i++) {
        double u = (SplitMix64.mix(h + i) >>> 11) * 0x1.0p-53;                          // U[0, 1)
        mask[i * n + t] = u < config.criticDataShare() ? keep : 0.0;
      }
    }
    return Tensor.of(mask, members, n, 1).to(config.dtype());
  }

  /** The actor loss and its terms, averaged over the batch. */
  record ActorTerms(Tensor loss, double value, double std, double penalty, double outsideShare) {}

  /**
   * Eq. 4: {@code L = E_s[-sum_g w_g mean_j Q_gj(s, mu(s)) + lambda sum_g w_g std_j Q_gj(s, mu(s)) +
   * eta d(mu(s), mu_bp(s))]} (one group with weight 1 in v4), std the population standard deviation
   * over the critics of a group (item 2).
   */
  @PaperEquation(paper = "arXiv:2404.17589", eq = "4")
  ActorTerms actorLoss(Params actorParams, Batch b) {
    int q = config.groups();
    int n = b.size();
    Tensor a = actorNet.act(actorParams, b.state());                                  // mu(s)         [B, A]
    Tensor qs = Ops.reshape(q(critic, value, b.state(), a, b.baselineAction()),
        q, config.critics(), n);                                                       // Q_gj          [q, m, B]
    Tensor mean = Ops.mean(qs, 1);                                                     // mean_j        [q, B]
    Tensor std = Composites.std(qs, 1, config.stdEps());                               // std_j         [q, B]
    Tensor w = groupWeights();                                                         // w_g           [q, 1]
    Tensor value = Ops.sum(Ops.mul(w, Ops.sub(mean, Ops.mul(std, config.lambda()))), 0); //             [B]
    Tensor d = Ops.reshape(BoxPenalty.penalty(a, b.baselineAction(),
        config.lowerB(), config.upperB(), config.beta()), n);                          // Eq. 5         [B]
    Tensor loss = Ops.mean(Ops.sub(Ops.mul(d, config.eta()), value));
    double outside = 0;
    double[] dv = d.toDoubleArray();
    for (double v : dv) {
      outside += v > 0 ? 1 : 0;
    }
    return new ActorTerms(loss, Ops.mean(mean).item(), Ops.mean(std).item(), Ops.mean(d).item(), outside / n);
  }

  /**
   * The SEARCH actor update's loss (item 16): {@code mean_B ||mu(s) - a*(s)||^2}, a*(s) the
   * candidate in the box around the state's centre c(s) that maximises Eq. 4's objective {@code
   * mean_i Q_i - lambda std_i Q_i} under the current critics (untracked). The box is c(s)'s, the
   * baseline first logged at s, not the row's: with pooled progressive data the target of a state
   * does not depend on which round's row carries it.
   */
  @PaperEquation(paper = "arXiv:2404.17589", eq = "4 (maximised by search, item 16)")
  ActorTerms actorSearchLoss(Params actorParams, Batch b) {
    Tensor a = actorNet.act(actorParams, b.state());                                  // mu(s)         [B, A]
    Tensor target = leastSquares.maximiser(b.state(), b.baselineAction(), candidateOffsets,
        config.lambda(), config.dtype());                                              // a*(s)         [B, A]
    Tensor loss = Ops.mean(Ops.square(Ops.sub(a, target)));
    return new ActorTerms(loss, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * The offsets the SEARCH update tries, in box half-widths: the centre, both ends of every axis,
   * every corner of the box while there are at most 2^10, and 128 uniform draws from {@code rng}.
   * [C][A]
   */
  private static double[][] candidateOffsets(int actionDim, Xoshiro256StarStar rng) {
    List<double[]> out = new java.util.ArrayList<>();
    out.add(new double[actionDim]);
    for (int j = 0; j < actionDim; j++) {
      for (double end : new double[] {-1, 1}) {
        double[] x = new double[actionDim];
        x[j] = end;
        out.add(x);
      }
    }
    if (actionDim <= 10) {
      for (int corner = 0; corner < 1 << actionDim; corner++) {
        double[] x = new double[actionDim];
        for (int j = 0; j < actionDim; j++) {
          x[j] = (corner >> j & 1) == 1 ? 1 : -1;
        }
        out.add(x);
      }
    }
    for (int c = 0; c < 128; c++) {
      double[] x = new double[actionDim];
      for (int j = 0; j < actionDim; j++) {
        x[j] = 2 * rng.nextDouble() - 1;
      }
      out.add(x);
    }
    return out.toArray(new double[0][]);
  }

  private Tensor groupWeights() {
    int q = config.groups();
    double[] w = new double[q];
    for (int g = 0; g < q; g++) {
      w[g] = config.criticTarget() == CriticTarget.V6_PHI_SCALED ? config.groupWeights().get(g) : 1.0;
    }
    return Tensor.of(w, q, 1).to(config.dtype());
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration: critic step against the targets, actor step against the updated critics, and
   * every L iterations a soft update of both targets with tau. The two steps run in the learner's
   * {@link Workspace}, whose large arrays the next iteration reuses; the target update runs outside
   * it, since the targets outlive the iteration.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    if (leastSquares != null) {
      return updateLeastSquares(b);
    }
    Tensor lossC;
    Tensor lossV = null;
    ActorTerms terms;
    try (Workspace.Scope scope = workspace.enter()) {
      Tensor y = config.criticTarget() == CriticTarget.V4_ADDITIVE_PENALTY ? criticTargetV4(b) : criticTargetV6(b);

      GradientStep.Result<Tensor> c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
      critic = c.params();
      lossC = c.value();
      if (valueNet != null) {
        GradientStep.Result<Tensor> v = GradientStep.minimise(value, valueOpt, p -> valueLoss(p, b, y));
        value = v.params();
        lossV = v.value();
      }

      GradientStep.Result<ActorTerms> a = GradientStep.minimise(actor, actorOpt, p -> actorLoss(p, b), ActorTerms::loss);
      actor = a.params();
      terms = a.value();
    }
    workspace.requireNotOwned(name(), valueNet == null ? new Params[] {critic, actor} : new Params[] {critic, actor, value});

    iteration++;
    if (iteration % config.targetUpdatePeriod() == 0) {
      actorTarget = Polyak.average(actorTarget, actor, config.tau());
      criticTarget = Polyak.average(criticTarget, critic, config.tau());
      if (valueNet != null) {
        valueTarget = Polyak.average(valueTarget, value, config.tau());
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", lossC.item() / members);
    if (lossV != null) {
      out.put("value_loss", lossV.item());
    }
    out.put("actor_loss", terms.loss().item());
    out.put("q_mean", terms.value());
    out.put("q_std", terms.std());
    out.put("box_penalty", terms.penalty());
    out.put("outside_box_share", terms.outsideShare());
    return out;
  }

  /**
   * One iteration with LEAST_SQUARES critics (item 15): the batch joins the critics' sums, every L
   * iterations (and at the first) the critics are solved again, then the actor step (Eq. 4's
   * gradient, or item 16's regression onto the searched maximiser).
   */
  private Map<String, Double> updateLeastSquares(Batch b) {
    leastSquares.add(b);
    if (iteration % config.targetUpdatePeriod() == 0) {
      leastSquares.solve();
    }
    boolean search = config.actorUpdate() == ActorUpdate.SEARCH;
    GradientStep.Result<ActorTerms> a = GradientStep.minimise(actor, actorOpt,
        p -> search ? actorSearchLoss(p, b) : actorLoss(p, b), ActorTerms::loss);
    actor = a.params();
    ActorTerms terms = a.value();
    iteration++;
    if (iteration % config.targetUpdatePeriod() == 0) {
      actorTarget = Polyak.average(actorTarget, actor, config.tau());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_states", (double) leastSquares.stateCount());
    out.put("critic_sweeps", (double) leastSquares.lastSweeps());
    out.put("actor_loss", terms.loss().item());
    if (search) {
      return out;
    }
    out.put("q_mean", terms.value());
    out.put("q_std", terms.std());
    out.put("box_penalty", terms.penalty());
    out.put("outside_box_share", terms.outsideShare());
    return out;
  }

  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  /** {@code sum_g w_g mean_j Q_gj(s, a)}: Eq. 4's value term without the std and box terms. [B] */
  @Override
  public Tensor actionValue(Tensor state, Tensor action, Tensor baselineAction) {
    int n = state.dim(0);
    Tensor qs = Ops.reshape(q(critic, value, state.detach(), action.detach(), baselineAction.detach()),
        config.groups(), config.critics(), n);                                          // Q_gj          [q, m, B]
    return Ops.sum(Ops.mul(groupWeights(), Ops.mean(qs, 1)), 0);                        //               [B]
  }

  @Override
  public AlgorithmState state() {
    AlgorithmState.Builder b = AlgorithmState.builder().params("actor", actor).params("actor_target", actorTarget);
    if (leastSquares != null) {
      return b.params("critic", leastSquares.toParams()).optimizer("actor", actorOpt.state()).build(iteration, new long[0]);
    }
    b.params("critic", critic).params("critic_target", criticTarget);
    if (valueNet != null) {
      b.params("value", value).params("value_target", valueTarget);
    }
    b.optimizer("actor", actorOpt.state()).optimizer("critic", criticOpt.state());
    if (valueNet != null) {
      b.optimizer("value", valueOpt.state());
    }
    return b.build(iteration, new long[0]);
  }

  @Override
  public void restore(AlgorithmState s) {
    actor = s.params("actor", actor, name());
    actorTarget = s.params("actor_target", actorTarget, name());
    if (leastSquares != null) {
      leastSquares.restore(s.params("critic"));
      actorOpt.restore(s.optimizer("actor"));
      iteration = s.iteration();
      return;
    }
    critic = s.params("critic", critic, name());
    criticTarget = s.params("critic_target", criticTarget, name());
    actorOpt.restore(s.optimizer("actor"));
    criticOpt.restore(s.optimizer("critic"));
    if (valueNet != null) {
      value = s.params("value", value, name());
      valueTarget = s.params("value_target", valueTarget, name());
      valueOpt.restore(s.optimizer("value"));
    }
    iteration = s.iteration();
  }

}
