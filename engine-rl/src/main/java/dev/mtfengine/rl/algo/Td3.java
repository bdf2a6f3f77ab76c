package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
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
 * TD3: S. Fujimoto, H. van Hoof, D. Meger, "Addressing Function Approximation Error in Actor-Critic
 * Methods", ICML 2018, arXiv 1802.09477. DDPG plus clipped double-Q (the smaller of twin target
 * critics), target policy smoothing (clipped Gaussian noise on the target action) and delayed
 * actor and target updates.
 */
public final class Td3 implements OfflineAlgorithm {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes ([256, 256] in the authors' code)
   * @param gamma discount (0.99)
   * @param tau Polyak coefficient at each delayed update (0.005)
   * @param policyNoise sigma of the target smoothing noise, in action units (0.2)
   * @param noiseClip the smoothing noise is clipped to [-c, c] (0.5)
   * @param policyDelay d, critic iterations per actor and target update (2)
   * @param actorLr Adam learning rate of the actor (3e-4)
   * @param criticLr Adam learning rate of the critics (3e-4)
   * @param dtype training precision
   * @param seed seed of the initialisation and of the smoothing noise stream
   */
  public record Config(int stateDim, int actionDim, List<Integer> hidden, double gamma, double tau,
      double policyNoise, double noiseClip, int policyDelay, double actorLr, double criticLr, DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("td3", "stateDim", stateDim);
      Check.positive("td3", "actionDim", actionDim);
      Check.positive("td3", "policyDelay", policyDelay);
      Check.unit("td3", "gamma", gamma);
      Check.unit("td3", "tau", tau);
      Check.nonNegative("td3", "policyNoise", policyNoise);
      Check.nonNegative("td3", "noiseClip", noiseClip);
      Check.positiveReal("td3", "actorLr", actorLr);
      Check.positiveReal("td3", "criticLr", criticLr);
    }

    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 0.99, 0.005, 0.2, 0.5, 2, 3e-4, 3e-4, DType.F32, 0);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, sharedGamma, tau, policyNoise, noiseClip, policyDelay,
          actorLr, criticLr, dtype, sharedSeed);
    }

    /** The same config with other target and learning rates. */
    public Config withRates(double newTau, double newActorLr, double newCriticLr) {
      return new Config(stateDim, actionDim, hidden, gamma, newTau, policyNoise, noiseClip, policyDelay, newActorLr,
          newCriticLr, dtype, seed);
    }

    /** The same config with other target smoothing and actor delay. */
    public Config withSmoothing(double noise, double clip, int delay) {
      return new Config(stateDim, actionDim, hidden, gamma, tau, noise, clip, delay, actorLr, criticLr, dtype,
          seed);
    }

    /** The same config in another precision. */
    public Config withDtype(DType newDtype) {
      return new Config(stateDim, actionDim, hidden, gamma, tau, policyNoise, noiseClip, policyDelay, actorLr,
          criticLr, newDtype, seed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final DeterministicActor actorNet;
  private final CriticEnsemble criticNet; // twin critics Q_1, Q_2
  private final Adam actorOpt;
  private final Adam criticOpt;
  private final Xoshiro256StarStar noise;
  private Params actor;
  private Params actorTarget;
  private Params critic;
  private Params criticTarget;
  private long iteration;
  /** The loss of the latest (delayed) actor step, logged on every iteration; 0 before it. */
  private double lastActorLoss;

  public Td3(Config config) {
    this.config = config;
    this.actorNet = new DeterministicActor(config.stateDim(), config.actionDim(), config.hidden());
    this.criticNet = new CriticEnsemble(2, config.stateDim(), config.actionDim(), config.hidden());
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.actor = actorNet.init(init.split(1), config.dtype());
    this.critic = criticNet.init(init.split(2), config.dtype());
    this.noise = init.split(3);
    this.actorTarget = actor;
    this.criticTarget = critic;
    this.actorOpt = new Adam(Adam.Config.defaults(config.actorLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
  }

  @Override
  public String name() {
    return "td3";
  }

  // --------------------------------------------------------------------------------------- losses

  /**
   * Target policy smoothing and clipped double-Q: {@code a~ = clip(mu'(s') + clip(eps, -c, c), -1,
   * 1)}, {@code eps ~ N(0, sigma^2)}; {@code y = r + gamma (1 - done) min_j Q'_j(s', a~)}.
   * Untracked; [1, B, 1] (broadcast over both critics).
   */
  @PaperEquation(paper = "arXiv:1802.09477", eq = "15 (clipped double-Q target with smoothing)")
  Tensor criticTarget(Batch b) {
    Tensor nextAction = actorNet.act(actorTarget, b.nextState());                 // [B, A]
    Tensor eps = Tensor.randn(noise, config.dtype(), b.size(), config.actionDim());
    Tensor smoothed = Ops.clamp(Ops.add(nextAction,
        Ops.clamp(Ops.mul(eps, config.policyNoise()), -config.noiseClip(), config.noiseClip())), -1, 1);
    Tensor nextQ = Ops.min(criticNet.q(criticTarget, b.nextState(), smoothed), 0); // min_j        [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), nextQ));
  }

  /** {@code L = sum_j mean (Q_j(s, a) - y)^2}. */
  @PaperEquation(paper = "arXiv:1802.09477", eq = "critic loss (Algorithm 1)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = criticNet.q(criticParams, b.state(), b.action());                  // [2, B, 1]
    return Ops.mul(Ops.mean(Ops.square(Ops.sub(q, y))), 2.0);
  }

  /** {@code -mean Q_1(s, mu(s))}: the deterministic policy gradient through the first critic. */
  @PaperEquation(paper = "arXiv:1802.09477", eq = "actor loss (Algorithm 1)")
  Tensor actorLoss(Params actorParams, Batch b) {
    Tensor q = criticNet.q(critic, b.state(), actorNet.act(actorParams, b.state())); // [2, B, 1]
    return Ops.neg(Ops.mean(firstCritic(q, b.size())));
  }

  /** Q_1 of the twin critics' output [2, B, 1], as [1, B]. */
  static Tensor firstCritic(Tensor q, int n) {
    return Ops.slice(Ops.reshape(q, 1, 2 * n), 0, n);                              // Q_1          [1, B]
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration: critic step; every d iterations an actor step against the updated critics and a
   * Polyak step of both targets. The actor loss is logged on every iteration: the latest delayed
   * step's, 0 before the first.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    Tensor y = criticTarget(b);
    Tensor lossQ = stepCritics(b, y);
    if (actorStepDue()) {
      lastActorLoss = stepActor(p -> actorLoss(p, b), loss -> loss).item();
      updateTargets();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", lossQ.item() / 2);
    out.put("actor_loss", lastActorLoss);
    return out;
  }

  // ----------------------------------------------- the steps of an iteration (Td3Bc calls them too)

  /** One Adam step of the twin critics on {@link #criticLoss}; counts the iteration. Returns the loss. */
  Tensor stepCritics(Batch b, Tensor y) {
    GradientStep.Result<Tensor> c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
    critic = c.params();
    iteration++;
    return c.value();
  }

  /** Whether this iteration (counted by {@link #stepCritics}) is one of the delayed ones: every d-th. */
  boolean actorStepDue() {
    return iteration % config.policyDelay() == 0;
  }

  /** One Adam step of the actor on {@code objective} (tracked actor parameters to a result holding the loss). */
  <T> T stepActor(Function<Params, T> objective, Function<T, Tensor> loss) {
    GradientStep.Result<T> a = GradientStep.minimise(actor, actorOpt, objective, loss);
    actor = a.params();
    return a.value();
  }

  /** The Polyak step of the actor and critic targets that follows each delayed actor step. */
  void updateTargets() {
    actorTarget = Polyak.average(actorTarget, actor, config.tau());
    criticTarget = Polyak.average(criticTarget, critic, config.tau());
  }

  /** The actor network and the online critics, for TD3+BC's actor loss. */
  DeterministicActor actorNet() {
    return actorNet;
  }

  CriticEnsemble criticNet() {
    return criticNet;
  }

  Params critic() {
    return critic;
  }

  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  @Override
  public AlgorithmState state() {
    return AlgorithmState.actorCritic(actor, actorTarget, critic, criticTarget, actorOpt.state(),
        criticOpt.state(), iteration, noise.state());
  }

  @Override
  public void restore(AlgorithmState s) {
    actor = s.params("actor", actor, name());
    actorTarget = s.params("actor_target", actorTarget, name());
    critic = s.params("critic", critic, name());
    criticTarget = s.params("critic_target", criticTarget, name());
    actorOpt.restore(s.optimizer("actor"));
    criticOpt.restore(s.optimizer("critic"));
    iteration = s.iteration();
    noise.restore(s.rngState());
  }

}
