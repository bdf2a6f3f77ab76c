package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
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

    /** The TD3 settings this variant trains with (everything but alpha). */
    Td3.Config td3() {
      return Td3.Config.paperDefaults(stateDim, actionDim).withShared(hidden, gamma, seed)
          .withRates(tau, actorLr, criticLr).withSmoothing(policyNoise, noiseClip, policyDelay).withDtype(dtype);
    }

    /** The paper's settings for the given widths. */
    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(256, 256), 0.99, 0.005, 0.2, 0.5, 2, 2.5, 3e-4, 3e-4,
          DType.F32, 0);
    }

    /** The same config with another BC weight alpha. */
    public Config withAlpha(double a) {
      return new Config(stateDim, actionDim, hidden, gamma, tau, policyNoise, noiseClip, policyDelay, a, actorLr,
          criticLr, dtype, seed);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, sharedGamma, tau, policyNoise, noiseClip, policyDelay,
          alpha, actorLr, criticLr, dtype, sharedSeed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  /**
   * TD3 itself (networks, seeded streams, clipped double-Q target with smoothing, critic loss, the
   * steps of an iteration, state): TD3+BC only changes the actor's loss.
   */
  private final Td3 td3;
  /** The terms of the latest (delayed) actor step, logged on every iteration; null before it. */
  private ActorTerms lastActor;

  public Td3Bc(Config config) {
    this.config = config;
    this.td3 = new Td3(config.td3());
  }

  @Override
  public String name() {
    return "td3-bc";
  }

  public Config config() {
    return config;
  }

  // --------------------------------------------------------------------------------------- losses

  /** TD3's clipped double-Q target with smoothing (eq. 15), unchanged ({@link Td3#criticTarget}); [B, 1]. */
  Tensor criticTarget(Batch b) {
    return td3.criticTarget(b);
  }

  // TD3's critic loss is used unchanged (Td3.criticLoss, inside Td3.stepCritics).

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
    Tensor pi = td3.actorNet().act(actorParams, b.state());                               // pi(s)    [B, A]
    Tensor q1 = Td3.firstCritic(td3.criticNet().q(td3.critic(), b.state(), pi), b.size()); // Q_1      [1, B]
    double lambda = config.alpha() / Ops.mean(Ops.abs(q1)).item();                       // a number: no gradient
    Tensor qMean = Ops.mean(q1);
    Tensor bc = Composites.mse(pi, b.action());                                            // rank 0
    Tensor loss = Ops.add(Ops.mul(qMean, -lambda), bc);
    return new ActorTerms(loss, loss.item(), lambda, qMean.item(), bc.item());
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One TD3 iteration with the TD3+BC actor loss: critic step; every d iterations an actor step
   * against the updated critics and a Polyak step of both targets. The actor's terms are logged on
   * every iteration: the latest delayed step's, 0 before the first.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    Tensor y = criticTarget(b);
    Tensor lossQ = td3.stepCritics(b, y);
    if (td3.actorStepDue()) {
      lastActor = td3.stepActor(p -> actorLoss(p, b), ActorTerms::loss);
      td3.updateTargets();
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", lossQ.item() / 2);
    out.put("actor_loss", lastActor == null ? 0.0 : lastActor.value());
    out.put("lambda", lastActor == null ? 0.0 : lastActor.lambda());
    out.put("q_mean", lastActor == null ? 0.0 : lastActor.qMean());
    out.put("bc_mse", lastActor == null ? 0.0 : lastActor.bcMse());
    return out;
  }

  /** {@code pi(s)}: state [B, S] (normalised like the training states) to action [B, A]. */
  @Override
  public Tensor act(Tensor state) {
    return td3.act(state);
  }

  @Override
  public AlgorithmState state() {
    return td3.state();
  }

  /**
   * Continues from {@code s}. The logged actor terms of the last delayed update are not part of the
   * state, so a resumed run reports zeros for them until its first actor update.
   */
  @Override
  public void restore(AlgorithmState s) {
    td3.restore(s);
  }
}
