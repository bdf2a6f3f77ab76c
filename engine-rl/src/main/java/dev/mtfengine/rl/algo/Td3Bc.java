package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TD3+BC: S. Fujimoto, S. S. Gu, "A Minimalist Approach to Offline Reinforcement Learning",
 * NeurIPS 2021, arXiv 2106.06860. TD3 ({@link Td3}: clipped double-Q, target policy smoothing,
 * delayed actor and target updates) with one change to the actor: it maximises {@code lambda Q(s,
 * pi(s))} minus the squared distance to the logged action, {@code lambda = alpha / mean|Q|}, so the
 * trade-off between improvement and behaviour cloning does not depend on the scale of the rewards.
 *
 * <p>The paper also normalises every state feature to mean 0 and standard deviation 1 over the
 * data set. That is the caller's job here: compute {@link dev.mtfengine.rl.data.NormalisationStats}
 * once, normalise the transition set's states and next states before training, and normalise states
 * with the same statistics before {@link #act}. See {@code docs/algorithms/td3-bc.md}.
 */
public final class Td3Bc implements OfflineAlgorithm {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes of actor and critics ([256, 256])
   * @param gamma discount (0.99)
   * @param tau Polyak coefficient at each delayed update (0.005)
   * @param policyNoise sigma of the target smoothing noise, in action units (0.2)
   * @param noiseClip the smoothing noise is clipped to [-c, c] (0.5)
   * @param policyDelay d, critic iterations per actor and target update (2)
   * @param alpha weight of the normalised Q term against behaviour cloning; larger trusts Q more (2.5)
   * @param actorLr Adam learning rate of the actor (3e-4)
   * @param criticLr Adam learning rate of the critics (3e-4)
   * @param dtype training precision (F32)
   * @param seed seed of the initialisation and of the smoothing noise stream
   */
  public record Config(int stateDim, int actionDim, List<Integer> hidden, double gamma, double tau,
      double policyNoise, double noiseClip, int policyDelay, double alpha, double actorLr, double criticLr,
      DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("td3-bc", "stateDim", stateDim);
      Check.positive("td3-bc", "actionDim", actionDim);
      Check.positive("td3-bc", "policyDelay", policyDelay);
      Check.unit("td3-bc", "gamma", gamma);
      Check.unit("td3-bc", "tau", tau);
      Check.nonNegative("td3-bc", "policyNoise", policyNoise);
      Check.nonNegative("td3-bc", "noiseClip", noiseClip);
      Check.nonNegative("td3-bc", "alpha", alpha);
      Check.positiveReal("td3-bc", "actorLr", actorLr);
      Check.positiveReal("td3-bc", "criticLr", criticLr);
    }

    /** The paper's settings for the given widths. */
    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 0.99, 0.005, 0.2, 0.5, 2, 2.5, 3e-4, 3e-4, DType.F32, 0);
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
  /** The latest (delayed) actor update's terms, logged on every iteration. */
  private ActorTerms lastActor = new ActorTerms(null, 0, 0, 0, 0);

  public Td3Bc(Config config) {
    this.config = config;
    this.actorNet = new DeterministicActor(config.stateDim(), config.actionDim(), config.hidden());
    this.criticNet = new CriticEnsemble(2, config.stateDim(), config.actionDim(), config.hidden());
    // The same stream layout as Td3 (splits 1, 2, 3), so both start from the same networks for one seed.
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
    return "td3-bc";
  }

  public Config config() {
    return config;
  }

  // --------------------------------------------------------------------------------------- losses

  /**
   * TD3's target, unchanged: {@code a~ = clip(mu'(s') + clip(eps, -c, c), -1, 1)}, {@code eps ~ N(0,
   * sigma^2)}; {@code y = r + gamma (1 - done) min_j Q'_j(s', a~)}. Untracked; [B, 1].
   */
  @PaperEquation(paper = "arXiv:1802.09477", eq = "15 (clipped double-Q target with smoothing)")
  Tensor criticTarget(Batch b) {
    Tensor nextAction = actorNet.act(actorTarget, b.nextState());                       // mu'(s')  [B, A]
    Tensor eps = Tensor.randn(noise, config.dtype(), b.size(), config.actionDim());
    Tensor smoothed = Ops.clamp(Ops.add(nextAction,
        Ops.clamp(Ops.mul(eps, config.policyNoise()), -config.noiseClip(), config.noiseClip())), -1, 1);
    Tensor nextQ = Ops.min(criticNet.q(criticTarget, b.nextState(), smoothed), 0);     // min_j    [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), nextQ));
  }

  /** {@code L = sum_j mean (Q_j(s, a) - y)^2}, as in TD3. */
  @PaperEquation(paper = "arXiv:1802.09477", eq = "critic loss (Algorithm 1)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = criticNet.q(criticParams, b.state(), b.action());                        // [2, B, 1]
    return Ops.mul(Ops.mean(Ops.square(Ops.sub(q, y))), 2.0);
  }

  /**
   * The actor loss and its terms.
   *
   * @param value the loss as a number
   * @param lambda alpha / mean|Q_1(s, pi(s))|, a constant of this step
   * @param qMean mean Q_1(s, pi(s))
   * @param bcMse mean over batch and action dimensions of (pi(s) - a)^2
   */
  record ActorTerms(Tensor loss, double value, double lambda, double qMean, double bcMse) {}

  /**
   * The TD3+BC policy objective, negated: {@code L = -lambda mean_B Q_1(s, pi(s)) + mean_{B, A} (pi(s)
   * - a)^2} with {@code lambda = alpha / mean_B |Q_1(s, pi(s))|} held constant (no gradient flows
   * through the normaliser), as in the authors' code (items 2 and 3 of the doc page).
   */
  @PaperEquation(paper = "arXiv:2106.06860", eq = "policy objective with behaviour cloning (lambda = alpha / mean abs Q)")
  ActorTerms actorLoss(Params actorParams, Batch b) {
    Tensor pi = actorNet.act(actorParams, b.state());                                     // pi(s)    [B, A]
    Tensor q1 = firstCritic(criticNet.q(critic, b.state(), pi), b.size());                // Q_1      [1, B]
    double lambda = config.alpha() / Ops.mean(Ops.abs(q1)).item();                       // a number: no gradient
    Tensor qMean = Ops.mean(q1);
    Tensor bc = Composites.mse(pi, b.action());                                            // rank 0
    Tensor loss = Ops.add(Ops.mul(qMean, -lambda), bc);
    return new ActorTerms(loss, loss.item(), lambda, qMean.item(), bc.item());
  }

  private static Tensor firstCritic(Tensor q, int n) {
    return Ops.slice(Ops.reshape(q, 1, 2 * n), 0, n);                                      // Q_1      [1, B]
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration: critic step; every d iterations an actor step against the updated critics and a
   * Polyak step of both targets.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    Tensor y = criticTarget(b);
    GradientStep.Result<Tensor> c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
    critic = c.params();
    Tensor lossC = c.value();
    iteration++;
    if (iteration % config.policyDelay() == 0) {
      GradientStep.Result<ActorTerms> a = GradientStep.minimise(actor, actorOpt, p -> actorLoss(p, b), ActorTerms::loss);
      actor = a.params();
      ActorTerms terms = a.value();
      actorTarget = Polyak.average(actorTarget, actor, config.tau());
      criticTarget = Polyak.average(criticTarget, critic, config.tau());
      lastActor = terms;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", lossC.item() / 2);
    out.put("actor_loss", lastActor.value());
    out.put("lambda", lastActor.lambda());
    out.put("q_mean", lastActor.qMean());
    out.put("bc_mse", lastActor.bcMse());
    return out;
  }

  /** {@code pi(s)}: state [B, S] (normalised like the training states) to action [B, A]. */
  @Override
  public Tensor act(Tensor state) {
    return actorNet.act(actor, state.detach());
  }

  @Override
  public AlgorithmState state() {
    return AlgorithmState.actorCritic(actor, actorTarget, critic, criticTarget, actorOpt.state(),
        criticOpt.state(), iteration, noise.state());
  }


  /**
   * Continues from {@code s}. The logged actor terms of the last delayed update are not part of the
   * state, so a resumed run reports zeros for them until its first actor update.
   */
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
