package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.DeterministicActor;
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

/**
 * DDPG: T. P. Lillicrap et al., "Continuous control with deep reinforcement learning", ICLR 2016,
 * arXiv 1509.02971. The deterministic actor-critic family IntegratedRL-MTF belongs to, and one of
 * its baselines (trained offline on action-noise data). One critic, one actor, their targets
 * updated softly every iteration.
 */
public final class Ddpg implements OfflineAlgorithm, ActionValueEstimator {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes of actor and critic ([400, 300] in the paper)
   * @param gamma discount (0.99)
   * @param tau Polyak coefficient, every iteration (0.001)
   * @param actorLr Adam learning rate of the actor (1e-4)
   * @param criticLr Adam learning rate of the critic (1e-3)
   * @param dtype training precision
   * @param seed seed of the parameter initialisation
   */
  public record Config(int stateDim, int actionDim, List<Integer> hidden, double gamma, double tau,
      double actorLr, double criticLr, DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("ddpg", "stateDim", stateDim);
      Check.positive("ddpg", "actionDim", actionDim);
      Check.unit("ddpg", "gamma", gamma);
      Check.unit("ddpg", "tau", tau);
      Check.positiveReal("ddpg", "actorLr", actorLr);
      Check.positiveReal("ddpg", "criticLr", criticLr);
    }

    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(400, 300), 0.99, 0.001, 1e-4, 1e-3, DType.F32, 0);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, sharedGamma, tau, actorLr, criticLr, dtype, sharedSeed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final DeterministicActor actorNet;
  private final CriticEnsemble criticNet; // one member
  private final Adam actorOpt;
  private final Adam criticOpt;
  private final Workspace workspace = new Workspace(); // one step's large arrays, reused by the next
  private Params actor;
  private Params actorTarget;
  private Params critic;
  private Params criticTarget;
  private long iteration;

  public Ddpg(Config config) {
    this.config = config;
    this.actorNet = new DeterministicActor(config.stateDim(), config.actionDim(), config.hidden());
    this.criticNet = new CriticEnsemble(1, config.stateDim(), config.actionDim(), config.hidden());
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.actor = actorNet.init(init.split(1), config.dtype());
    this.critic = criticNet.init(init.split(2), config.dtype());
    this.actorTarget = actor;
    this.criticTarget = critic;
    this.actorOpt = new Adam(Adam.Config.defaults(config.actorLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
  }

  @Override
  public String name() {
    return "ddpg";
  }

  // --------------------------------------------------------------------------------------- losses

  /** {@code y = r + gamma (1 - done) Q'(s', mu'(s'))}, untracked; [1, B, 1]. */
  @PaperEquation(paper = "arXiv:1509.02971", eq = "critic target (Algorithm 1)")
  Tensor criticTarget(Batch b) {
    Tensor nextQ = criticNet.q(criticTarget, b.nextState(), actorNet.act(actorTarget, b.nextState()));
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), nextQ));
  }

  /** {@code L = mean (Q(s, a) - y)^2}. */
  @PaperEquation(paper = "arXiv:1509.02971", eq = "critic loss (Algorithm 1)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    return Ops.mean(Ops.square(Ops.sub(criticNet.q(criticParams, b.state(), b.action()), y)));
  }

  /** The deterministic policy gradient as a loss: {@code -mean Q(s, mu(s))}. */
  @PaperEquation(paper = "arXiv:1509.02971", eq = "6 (policy gradient)")
  Tensor actorLoss(Params actorParams, Batch b) {
    return Ops.neg(Ops.mean(criticNet.q(critic, b.state(), actorNet.act(actorParams, b.state()))));
  }

  // --------------------------------------------------------------------------------------- update

  @Override
  public Map<String, Double> update(Batch b) {
    GradientStep.Result<Tensor> c;
    GradientStep.Result<Tensor> a;
    try (Workspace.Scope scope = workspace.enter()) {
      Tensor y = criticTarget(b);
      c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
      critic = c.params();
      a = GradientStep.minimise(actor, actorOpt, p -> actorLoss(p, b));
      actor = a.params();
    }
    workspace.requireNotOwned(name(), critic, actor);

    actorTarget = Polyak.average(actorTarget, actor, config.tau());
    criticTarget = Polyak.average(criticTarget, critic, config.tau());
    iteration++;
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", c.value().item());
    out.put("actor_loss", a.value().item());
    return out;
  }

  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  /** {@code Q(s, a)}, the critic the actor ascends. [B] */
  @Override
  public Tensor actionValue(Tensor state, Tensor action, Tensor baselineAction) {
    return Ops.reshape(criticNet.q(critic, state.detach(), action.detach()), state.dim(0));
  }

  @Override
  public AlgorithmState state() {
    return AlgorithmState.actorCritic(actor, actorTarget, critic, criticTarget, actorOpt.state(),
        criticOpt.state(), iteration, new long[0]);
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
  }

}
