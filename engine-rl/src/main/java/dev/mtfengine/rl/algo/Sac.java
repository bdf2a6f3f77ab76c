package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.GaussianActor;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SAC: T. Haarnoja, A. Zhou, K. Hartikainen, G. Tucker, S. Ha, J. Tan, V. Kumar, H. Zhu, A. Gupta,
 * P. Abbeel, S. Levine, "Soft Actor-Critic Algorithms and Applications", arXiv 1812.05905 (the
 * version with the learned temperature; the original is arXiv 1801.01290).
 *
 * <p>A tanh-squashed Gaussian actor maximises the soft value {@code min_j Q_j(s, a) - alpha log
 * pi(a|s)}; twin critics regress on the soft clipped double-Q target; the temperature alpha is
 * learned so the policy's entropy tracks a target (-|A|). Trained offline here it is one of the
 * paper's baselines only through {@link CqlSac}; alone it is the unregularised reference. Every
 * interpretation is a numbered item in {@code docs/algorithms/sac.md}.
 */
public final class Sac implements OfflineAlgorithm {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes of actor and critics ([256, 256])
   * @param gamma discount (0.99)
   * @param tau Polyak coefficient of the critic targets, every iteration (0.005)
   * @param actorLr Adam learning rate of the actor (3e-4)
   * @param criticLr Adam learning rate of the critics (3e-4)
   * @param temperatureLr Adam learning rate of log alpha (3e-4)
   * @param initialTemperature alpha before training (1.0, log alpha = 0 in the authors' code)
   * @param learnTemperature learn alpha by eq. 18 (true); false keeps alpha fixed as in arXiv 1801.01290
   * @param targetEntropy H-bar, the entropy the learned alpha aims for (-|A|)
   * @param logStdMin lower clamp of the actor's log sigma (-20, the authors' code)
   * @param logStdMax upper clamp of the actor's log sigma (2, the authors' code)
   * @param dtype training precision (F32)
   * @param seed seed of the initialisation and of the action-sampling stream
   */
  public record Config(int stateDim, int actionDim, List<Integer> hidden, double gamma, double tau,
      double actorLr, double criticLr, double temperatureLr, double initialTemperature, boolean learnTemperature,
      double targetEntropy, double logStdMin, double logStdMax, DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("sac", "stateDim", stateDim);
      Check.positive("sac", "actionDim", actionDim);
      Check.unit("sac", "gamma", gamma);
      Check.unit("sac", "tau", tau);
      Check.positiveReal("sac", "actorLr", actorLr);
      Check.positiveReal("sac", "criticLr", criticLr);
      Check.positiveReal("sac", "temperatureLr", temperatureLr);
      Check.positiveReal("sac", "initialTemperature", initialTemperature);
      if (!Double.isFinite(targetEntropy)) {
        throw new IllegalArgumentException("sac: targetEntropy must be finite, got " + targetEntropy);
      }
      if (!(logStdMin < logStdMax)) {
        throw new IllegalArgumentException("sac: need logStdMin < logStdMax, got " + logStdMin + " and " + logStdMax);
      }
    }

    /** The paper's settings for the given widths: target entropy -|A|. */
    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 0.99, 0.005, 3e-4, 3e-4, 3e-4, 1.0, true,
          -actionDim, -20, 2, DType.F32, 0);
    }

    /** The same config with another actor learning rate. */
    public Config withActorLr(double lr) {
      return new Config(stateDim, actionDim, hidden, gamma, tau, lr, criticLr, temperatureLr, initialTemperature,
          learnTemperature, targetEntropy, logStdMin, logStdMax, dtype, seed);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, sharedGamma, tau, actorLr, criticLr, temperatureLr,
          initialTemperature, learnTemperature, targetEntropy, logStdMin, logStdMax, dtype, sharedSeed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final GaussianActor actorNet;
  private final CriticEnsemble criticNet; // twin critics Q_1, Q_2
  private final Adam actorOpt;
  private final Adam criticOpt;
  private final Adam temperatureOpt;
  /** eps of every reparameterised sample (and CQL's uniform actions): saved in checkpoints. */
  private final Xoshiro256StarStar noise;
  private Params actor;
  private Params critic;
  private Params criticTarget;
  /** {@code log alpha}, one element [1]: learning in log space keeps alpha positive. */
  private Params logTemperature;
  private long iteration;

  public Sac(Config config) {
    this.config = config;
    this.actorNet = new GaussianActor(config.stateDim(), config.actionDim(), config.hidden(),
        config.logStdMin(), config.logStdMax());
    this.criticNet = new CriticEnsemble(2, config.stateDim(), config.actionDim(), config.hidden());
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.actor = actorNet.init(init.split(1), config.dtype());
    this.critic = criticNet.init(init.split(2), config.dtype());
    this.noise = init.split(3);
    this.criticTarget = critic;
    this.logTemperature = Params.of("log_alpha",
        Tensor.full(Math.log(config.initialTemperature()), config.dtype(), 1));
    this.actorOpt = new Adam(Adam.Config.defaults(config.actorLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
    this.temperatureOpt = new Adam(Adam.Config.defaults(config.temperatureLr()));
  }

  @Override
  public String name() {
    return "sac";
  }

  public Config config() {
    return config;
  }

  /** The current temperature {@code alpha = exp(log alpha)}, a constant for the other losses. */
  double temperature() {
    return Math.exp(logTemperature.get("log_alpha").getDouble(0));
  }

  // --------------------------------------------------------------------------------------- losses

  /**
   * The soft value of the next state with clipped double-Q (eqs. 3 and 5): {@code a' ~ pi(.|s')},
   * {@code y = r + gamma (1 - done) (min_j Q'_j(s', a') - alpha log pi(a'|s'))}. Untracked; [B, 1],
   * shared by both critics.
   */
  @PaperEquation(paper = "arXiv:1812.05905", eq = "3, 5 (soft target, clipped double-Q)")
  Tensor criticTarget(Batch b) {
    GaussianActor.Sample next = actorNet.sample(actor, b.nextState(), noise);        // a', log pi    [B, A], [B, 1]
    Tensor nextQ = Ops.min(criticNet.q(criticTarget, b.nextState(), next.action()), 0); // min_j      [B, 1]
    Tensor softValue = Ops.sub(nextQ, Ops.mul(next.logProb(), temperature()));       // V(s')         [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), softValue));
  }

  /** Eq. 5 without its 1/2 (item 3): {@code J_Q = sum_j mean (Q_j(s, a) - y)^2}. */
  @PaperEquation(paper = "arXiv:1812.05905", eq = "5 (soft Q loss)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = criticNet.q(criticParams, b.state(), b.action());                     // Q_j(s, a)     [2, B, 1]
    return Ops.mul(Ops.mean(Ops.square(Ops.sub(q, y))), 2.0);
  }

  /** The actor loss and the sample's log-densities (untracked) for the temperature loss. */
  record ActorTerms(Tensor loss, Tensor logProb, double q) {}

  /**
   * Eq. 7 with the reparameterised sample of eq. 8: {@code J_pi = mean(alpha log pi(a|s) - min_j
   * Q_j(s, a))}, {@code a = tanh(mu(s) + sigma(s) eps)}; the critics are constants here.
   */
  @PaperEquation(paper = "arXiv:1812.05905", eq = "7 (policy loss)")
  ActorTerms actorLoss(Params actorParams, Batch b) {
    GaussianActor.Sample s = actorNet.sample(actorParams, b.state(), noise);         // a, log pi     [B, A], [B, 1]
    Tensor q = Ops.min(criticNet.q(critic, b.state(), s.action()), 0);               // min_j Q_j     [B, 1]
    Tensor loss = Ops.mean(Ops.sub(Ops.mul(s.logProb(), temperature()), q));
    return new ActorTerms(loss, s.logProb().detach(), Ops.mean(q).item());
  }

  /**
   * Eq. 18: {@code J(alpha) = mean(-alpha (log pi(a|s) + H-bar))}, with {@code alpha = exp(log
   * alpha)} (item 4) and {@code a} the actor step's sample.
   *
   * @param logProb log pi(a|s), [B, 1], untracked
   */
  @PaperEquation(paper = "arXiv:1812.05905", eq = "18 (temperature loss)")
  Tensor temperatureLoss(Params logTemperatureParams, Tensor logProb) {
    Tensor alpha = Ops.exp(logTemperatureParams.get("log_alpha"));                   // [1]
    return Ops.mean(Ops.mul(Ops.neg(alpha), Ops.add(logProb, config.targetEntropy()))); // [B, 1] -> rank 0
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration: critic step on J_Q, actor step on J_pi against the updated critics, temperature
   * step on J(alpha), Polyak update of the critic targets.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    Tensor y = criticTarget(b);
    Tensor lossQ = stepCritics(p -> criticLoss(p, b, y), loss -> loss);
    ActorTerms actorTerms = stepActor(b);
    double lossAlpha = stepTemperature(actorTerms);
    updateTargets();
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", lossQ.item() / 2);
    out.putAll(actorMetrics(actorTerms, lossAlpha));
    return out;
  }

  // ------------------------------------------------ the steps of an iteration (CqlSac calls them too)

  /**
   * One Adam step of the twin critics on {@code objective} (tracked critic parameters to a result
   * holding the loss); returns what the objective returned.
   */
  <T> T stepCritics(Function<Params, T> objective, Function<T, Tensor> loss) {
    GradientStep.Result<T> c = GradientStep.minimise(critic, criticOpt, objective, loss);
    critic = c.params();
    return c.value();
  }

  /** One Adam step of the actor on J_pi (eq. 7) against the current critics. */
  ActorTerms stepActor(Batch b) {
    GradientStep.Result<ActorTerms> a = GradientStep.minimise(actor, actorOpt, p -> actorLoss(p, b), ActorTerms::loss);
    actor = a.params();
    return a.value();
  }

  /** One Adam step of log alpha on J(alpha) (eq. 18) with the actor step's sample; 0 if alpha is fixed. */
  double stepTemperature(ActorTerms actorTerms) {
    if (!config.learnTemperature()) {
      return 0;
    }
    GradientStep.Result<Tensor> t = GradientStep.minimise(logTemperature, temperatureOpt,
        p -> temperatureLoss(p, actorTerms.logProb()));
    logTemperature = t.params();
    return t.value().item();
  }

  /** Throws if a parameter lives in one of {@code workspace}'s arrays (it must outlive the step). */
  void requireOutside(Workspace workspace) {
    workspace.requireNotOwned("SAC", actor, critic, logTemperature);
  }

  /** The Polyak step of the critic targets; ends the iteration. */
  void updateTargets() {
    criticTarget = Polyak.average(criticTarget, critic, config.tau());
    iteration++;
  }

  /** The logged terms of the actor and temperature steps, in a fixed order. */
  Map<String, Double> actorMetrics(ActorTerms actorTerms, double lossAlpha) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("actor_loss", actorTerms.loss().item());
    out.put("q_policy", actorTerms.q());
    out.put("entropy", -Ops.mean(actorTerms.logProb()).item());
    out.put("alpha", temperature());
    out.put("alpha_loss", lossAlpha);
    return out;
  }

  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  // --------------------------------------------------------------- parts shared with CqlSac

  GaussianActor actorNet() {
    return actorNet;
  }

  CriticEnsemble criticNet() {
    return criticNet;
  }

  /** The current actor parameters (untracked: samples drawn with them carry no actor gradient). */
  Params actorParams() {
    return actor;
  }

  /** The algorithm's own random stream. */
  Xoshiro256StarStar noise() {
    return noise;
  }

  // ----------------------------------------------------------------------------- state, restore

  @Override
  public AlgorithmState state() {
    return AlgorithmState.builder().params("actor", actor).params("critic", critic)
        .params("critic_target", criticTarget).params("log_alpha", logTemperature)
        .optimizer("actor", actorOpt.state()).optimizer("critic", criticOpt.state())
        .optimizer("temperature", temperatureOpt.state()).build(iteration, noise.state());
  }

  @Override
  public void restore(AlgorithmState s) {
    s.params("actor").requireSameLayout("sac restore (actor)", actor);
    s.params("critic").requireSameLayout("sac restore (critic)", critic);
    s.params("log_alpha").requireSameLayout("sac restore (log_alpha)", logTemperature);
    actor = s.params("actor");
    critic = s.params("critic");
    criticTarget = s.params("critic_target");
    logTemperature = s.params("log_alpha");
    actorOpt.restore(s.optimizer("actor"));
    criticOpt.restore(s.optimizer("critic"));
    temperatureOpt.restore(s.optimizer("temperature"));
    iteration = s.iteration();
    noise.restore(s.rngState());
  }
}
