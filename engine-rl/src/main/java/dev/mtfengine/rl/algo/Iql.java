package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.GaussianActor;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IQL: I. Kostrikov, A. Nair, S. Levine, "Offline Reinforcement Learning with Implicit Q-Learning",
 * ICLR 2022, arXiv 2110.06169. One of the paper's baselines (spec section 6).
 *
 * <p>Never evaluates an action the data does not contain: a state value V(s) is fitted as an upper
 * expectile of the target critics' Q(s, a) over the logged actions (eq. 5), the twin critics regress
 * on {@code r + gamma V(s')} (eq. 6), and the policy is extracted by advantage-weighted regression
 * on the logged actions (eq. 7). Every interpretation is a numbered item in {@code
 * docs/algorithms/iql.md}.
 */
public final class Iql implements OfflineAlgorithm {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes of actor, value and critics ([256, 256])
   * @param gamma discount (0.99)
   * @param tau Polyak coefficient of the critic targets, every iteration (0.005, the paper's alpha)
   * @param expectile the expectile of the value loss, tau in the paper (0.7, MuJoCo locomotion)
   * @param beta inverse temperature of the advantage weights (3.0, MuJoCo locomotion)
   * @param maxWeight the advantage weights exp(beta A) are clipped to this (100)
   * @param actorLr Adam learning rate of the actor (3e-4)
   * @param valueLr Adam learning rate of V (3e-4)
   * @param criticLr Adam learning rate of the critics (3e-4)
   * @param logStdMin lower clamp of the actor's log sigma (-5, the authors' code)
   * @param logStdMax upper clamp of the actor's log sigma (2, the authors' code)
   * @param dtype training precision (F32)
   * @param seed seed of the parameter initialisation
   */
  public record Config(int stateDim, int actionDim, List<Integer> hidden, double gamma, double tau,
      double expectile, double beta, double maxWeight, double actorLr, double valueLr, double criticLr,
      double logStdMin, double logStdMax, DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("iql", "stateDim", stateDim);
      Check.positive("iql", "actionDim", actionDim);
      Check.unit("iql", "gamma", gamma);
      Check.unit("iql", "tau", tau);
      if (!(expectile > 0 && expectile < 1)) {
        throw new IllegalArgumentException("iql: expectile must be in (0, 1), got " + expectile);
      }
      Check.nonNegative("iql", "beta", beta);
      Check.positiveReal("iql", "maxWeight", maxWeight);
      Check.positiveReal("iql", "actorLr", actorLr);
      Check.positiveReal("iql", "valueLr", valueLr);
      Check.positiveReal("iql", "criticLr", criticLr);
      if (!(logStdMin < logStdMax)) {
        throw new IllegalArgumentException("iql: need logStdMin < logStdMax, got " + logStdMin + " and " + logStdMax);
      }
    }

    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 0.99, 0.005, 0.7, 3.0, 100.0, 3e-4, 3e-4, 3e-4,
          -5, 2, DType.F32, 0);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, sharedGamma, tau, expectile, beta, maxWeight, actorLr,
          valueLr, criticLr, logStdMin, logStdMax, dtype, sharedSeed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final GaussianActor actorNet;
  private final Mlp valueNet;             // V(s): [B, S] -> [B, 1]
  private final CriticEnsemble criticNet; // twin critics Q_1, Q_2
  private final Adam actorOpt;
  private final Adam valueOpt;
  private final Adam criticOpt;
  private final Workspace workspace = new Workspace(); // one step's large arrays, reused by the next
  private Params actor;
  private Params value;
  private Params critic;
  private Params criticTarget;
  private long iteration;

  public Iql(Config config) {
    this.config = config;
    this.actorNet = new GaussianActor(config.stateDim(), config.actionDim(), config.hidden(),
        config.logStdMin(), config.logStdMax());
    this.valueNet = new Mlp(config.stateDim(), config.hidden(), 1, Activation.RELU, Activation.IDENTITY);
    this.criticNet = new CriticEnsemble(2, config.stateDim(), config.actionDim(), config.hidden());
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.actor = actorNet.init(init.split(1), config.dtype());
    this.critic = criticNet.init(init.split(2), config.dtype());
    this.value = valueNet.init(init.split(3), config.dtype());
    this.criticTarget = critic;
    this.actorOpt = new Adam(Adam.Config.defaults(config.actorLr()));
    this.valueOpt = new Adam(Adam.Config.defaults(config.valueLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
  }

  @Override
  public String name() {
    return "iql";
  }

  public Config config() {
    return config;
  }

  // --------------------------------------------------------------------------------------- losses

  /**
   * The asymmetric squared loss of expectile regression, element-wise: {@code L2^tau(u) = |tau -
   * 1(u < 0)| u^2}, computed as {@code tau relu(u)^2 + (1 - tau) relu(-u)^2} (the same value, one of
   * the two terms is exactly 0; built from primitives, so its gradient is theirs). At {@code tau =
   * 0.5} it is exactly {@code u^2 / 2}.
   *
   * @param u residuals, any shape (not modified)
   * @param tau the expectile, in [0, 1]
   * @return the loss per element, u's shape
   */
  @PaperEquation(paper = "arXiv:2110.06169", eq = "3 (expectile loss L2^tau)")
  public static Tensor expectileLoss(Tensor u, double tau) {
    Check.unit("iql expectile loss", "tau", tau);
    Tensor above = Ops.square(Ops.relu(u));                                          // u^2 where u > 0
    Tensor below = Ops.square(Ops.relu(Ops.neg(u)));                                 // u^2 where u < 0
    return Ops.add(Ops.mul(above, tau), Ops.mul(below, 1 - tau));
  }

  /** {@code min_j Q'_j(s, a)} of the target critics at the logged actions, untracked; [B, 1]. */
  private Tensor targetQ(Batch b) {
    return Ops.min(criticNet.q(criticTarget, b.state(), b.action()), 0);
  }

  /**
   * Eq. 5: {@code L_V = mean L2^tau(min_j Q'_j(s, a) - V(s))} over logged (s, a): V learns an upper
   * expectile of Q over the actions the data contains.
   */
  @PaperEquation(paper = "arXiv:2110.06169", eq = "5 (value loss)")
  Tensor valueLoss(Params valueParams, Batch b) {
    Tensor v = valueNet.forward(valueParams, b.state());                             // V(s)          [B, 1]
    return Ops.mean(expectileLoss(Ops.sub(targetQ(b), v), config.expectile()));
  }

  /** The target of eq. 6: {@code y = r + gamma (1 - done) V(s')}, untracked; [B, 1]. */
  @PaperEquation(paper = "arXiv:2110.06169", eq = "6 (critic target)")
  Tensor criticTarget(Batch b) {
    Tensor nextV = valueNet.forward(value, b.nextState());                           // V(s')         [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), nextV));
  }

  /** Eq. 6 for both critics: {@code L_Q = sum_j mean (Q_j(s, a) - y)^2}. */
  @PaperEquation(paper = "arXiv:2110.06169", eq = "6 (critic loss)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = criticNet.q(criticParams, b.state(), b.action());                     // [2, B, 1]
    return Ops.mul(Ops.mean(Ops.square(Ops.sub(q, y))), 2.0);
  }

  /** The actor loss with its mean advantage and mean weight, for the log. */
  record ActorTerms(Tensor loss, double advantage, double weight) {}

  /**
   * Eq. 7 (advantage-weighted regression), as a loss: {@code L_pi = -mean min(exp(beta (min_j
   * Q'_j(s, a) - V(s))), maxWeight) log pi(a|s)} over logged (s, a); the weights are constants.
   */
  @PaperEquation(paper = "arXiv:2110.06169", eq = "7 (policy extraction by AWR)")
  ActorTerms actorLoss(Params actorParams, Batch b) {
    Tensor advantage = Ops.sub(targetQ(b), valueNet.forward(value, b.state()));      // Q - V         [B, 1]
    Tensor weight = Ops.clamp(Ops.exp(Ops.mul(advantage, config.beta())), 0, config.maxWeight()); // [B, 1]
    Tensor logPi = actorNet.logDensityAroundSquashedMean(actorParams, b.state(), b.action()); //    [B, 1]
    Tensor loss = Ops.neg(Ops.mean(Ops.mul(weight, logPi)));
    return new ActorTerms(loss, Ops.mean(advantage).item(), Ops.mean(weight).item());
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration in the authors' order: V step (eq. 5), actor step with the new V (eq. 7), critic
   * step against the new V (eq. 6), Polyak update of the critic targets.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    Tensor lossV;
    ActorTerms terms;
    Tensor lossC;
    try (Workspace.Scope scope = workspace.enter()) {
      GradientStep.Result<Tensor> v = GradientStep.minimise(value, valueOpt, p -> valueLoss(p, b));
      value = v.params();
      lossV = v.value();

      GradientStep.Result<ActorTerms> a = GradientStep.minimise(actor, actorOpt, p -> actorLoss(p, b), ActorTerms::loss);
      actor = a.params();
      terms = a.value();

      Tensor y = criticTarget(b);
      GradientStep.Result<Tensor> c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
      critic = c.params();
      lossC = c.value();
    }
    workspace.requireNotOwned(name(), value, actor, critic);

    criticTarget = Polyak.average(criticTarget, critic, config.tau());
    iteration++;
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("value_loss", lossV.item());
    out.put("actor_loss", terms.loss().item());
    out.put("critic_loss", lossC.item() / 2);
    out.put("advantage", terms.advantage());
    out.put("awr_weight", terms.weight());
    return out;
  }

  /** The deterministic policy {@code tanh(mu(s))}, the mean of the regressed Gaussian. */
  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  @Override
  public AlgorithmState state() {
    return AlgorithmState.builder().params("actor", actor).params("value", value).params("critic", critic)
        .params("critic_target", criticTarget).optimizer("actor", actorOpt.state())
        .optimizer("value", valueOpt.state()).optimizer("critic", criticOpt.state()).build(iteration, new long[0]);
  }

  @Override
  public void restore(AlgorithmState s) {
    s.params("actor").requireSameLayout("iql restore (actor)", actor);
    s.params("value").requireSameLayout("iql restore (value)", value);
    s.params("critic").requireSameLayout("iql restore (critic)", critic);
    actor = s.params("actor");
    value = s.params("value");
    critic = s.params("critic");
    criticTarget = s.params("critic_target");
    actorOpt.restore(s.optimizer("actor"));
    valueOpt.restore(s.optimizer("value"));
    criticOpt.restore(s.optimizer("critic"));
    iteration = s.iteration();
  }
}
