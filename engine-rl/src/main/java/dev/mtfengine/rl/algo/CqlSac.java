package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.GaussianActor;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CQL on SAC: A. Kumar, A. Zhou, G. Tucker, S. Levine, "Conservative Q-Learning for Offline
 * Reinforcement Learning", NeurIPS 2020, arXiv 2006.04779. The paper's "CQL+SAC" baseline (spec
 * section 6).
 *
 * <p>SAC ({@link Sac}, by composition: its target, critic loss, actor and temperature losses are
 * used unchanged) with the CQL(H) regulariser added to each critic's loss: push down a soft
 * maximum of Q over actions the data may not support, push up Q at the logged actions, so the
 * policy cannot exploit over-estimated values of unseen actions. The soft maximum is the
 * importance-sampled log-sum-exp of appendix F over N uniform actions and N policy actions at s and
 * at s'. Optionally (the Lagrange variant) the weight is scaled by a multiplier alpha' learned so
 * the gap stays near a target. Every interpretation is a numbered item in {@code
 * docs/algorithms/cql.md}.
 */
public final class CqlSac implements OfflineAlgorithm {

  /**
   * Hyper-parameters (paper values from {@link #paperDefaults}).
   *
   * @param sac the underlying SAC's settings (SAC's defaults with actor lr 1e-4, the authors' code)
   * @param sampledActions N, actions sampled per state from each of the three proposals (10)
   * @param conservativeWeight alpha, the weight of the CQL(H) regulariser (5.0, the authors' Gym setting)
   * @param lagrange learn a multiplier alpha' on the regulariser (false for Gym in the paper)
   * @param targetGap tau, the gap the Lagrange variant aims for (10.0, the paper's AntMaze value)
   * @param lagrangeLr Adam learning rate of log alpha' (3e-4, the critics' rate in the authors' code)
   */
  public record Config(Sac.Config sac, int sampledActions, double conservativeWeight, boolean lagrange,
      double targetGap, double lagrangeLr) {
    public Config {
      if (sac == null) {
        throw new IllegalArgumentException("cql-sac: the SAC config is required");
      }
      Check.positive("cql-sac", "sampledActions", sampledActions);
      Check.nonNegative("cql-sac", "conservativeWeight", conservativeWeight);
      if (!Double.isFinite(targetGap)) {
        throw new IllegalArgumentException("cql-sac: targetGap must be finite, got " + targetGap);
      }
      Check.positiveReal("cql-sac", "lagrangeLr", lagrangeLr);
    }

    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(Sac.Config.paperDefaults(stateDim, actionDim).withActorLr(1e-4), 10, 5.0, false, 10.0, 3e-4);
    }

    /** The same config with the settings every learner of a run shares (hidden widths, discount, seed). */
    public Config withShared(List<Integer> hidden, double gamma, long seed) {
      return new Config(sac.withShared(hidden, gamma, seed), sampledActions, conservativeWeight, lagrange, targetGap,
          lagrangeLr);
    }
  }

  /** Upper clamp of alpha' (the authors' code): a runaway multiplier would swamp the TD loss. */
  private static final double MAX_LAGRANGE_MULTIPLIER = 1e6;

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  /** Actor, twin critics, targets, temperature and the random stream. */
  private final Sac sac;
  /** {@code log alpha'} [1], used only by the Lagrange variant. */
  private Params logLagrange;
  private final Adam lagrangeOpt;
  private final Workspace workspace = new Workspace(); // one step's large arrays, reused by the next

  public CqlSac(Config config) {
    this.config = config;
    this.sac = new Sac(config.sac());
    this.logLagrange = Params.of("log_alpha_prime", Tensor.zeros(config.sac().dtype(), 1));
    this.lagrangeOpt = new Adam(Adam.Config.defaults(config.lagrangeLr()));
  }

  @Override
  public String name() {
    return "cql-sac";
  }

  public Config config() {
    return config;
  }

  /** alpha' (1 without the Lagrange variant), a constant for the critic loss. */
  private double lagrangeMultiplier() {
    if (!config.lagrange()) {
      return 1.0;
    }
    return Math.min(Math.exp(logLagrange.get("log_alpha_prime").getDouble(0)), MAX_LAGRANGE_MULTIPLIER);
  }

  // --------------------------------------------------------------------------------------- losses
  // SAC's soft target (eqs. 3, 5), soft Q loss (eq. 5), policy loss (eq. 7) and temperature loss
  // (eq. 18) are used unchanged: Sac.criticTarget, Sac.criticLoss, Sac.actorLoss, Sac.temperatureLoss.

  /**
   * The CQL(H) regulariser's loss term (tracked, one element), and the numbers it logs.
   *
   * @param gap mean_j gap_j
   * @param constraint mean_j (alpha gap_j - tau): the Lagrange dual step's input
   */
  record ConservativePenalty(Tensor loss, double gap, double constraint) {}

  /**
   * The CQL(H) regulariser of eq. 4, per critic j: {@code gap_j = mean_s[log sum_a exp Q_j(s, a) -
   * Q_j(s, a_data)]}, the log-sum-exp estimated by importance sampling (appendix F) over 3N actions
   * at s: N uniform on {@code [-1, 1]^A} (density {@code 2^-A}), N from pi(.|s), N from pi(.|s'),
   * each Q minus its proposal's log-density. The term added to the critic loss is {@code alpha' sum_j
   * (alpha gap_j - tau)} ({@code alpha' = 1}, {@code tau = 0} without the Lagrange variant). The
   * sampled actions are constants: only the critics learn from this term.
   */
  @PaperEquation(paper = "arXiv:2006.04779", eq = "4 (CQL(H) regulariser, appendix F sampling)")
  ConservativePenalty conservativePenalty(Params trackedCritic, Batch b) {
    int n = b.size();
    int k = config.sampledActions();
    int actionDim = config.sac().actionDim();
    GaussianActor actorNet = sac.actorNet();
    Tensor states = Composites.tileRows(b.state(), k);                                // s per sample  [N B, S]
    Tensor uniform = Tensor.uniform(sac.noise(), -1, 1, config.sac().dtype(), k * n, actionDim); // [N B, A]
    GaussianActor.Sample current = actorNet.sampleRepeated(sac.actorParams(), b.state(), k, sac.noise()); // [N B, A], [N B, 1]
    GaussianActor.Sample next = actorNet.sampleRepeated(sac.actorParams(), b.nextState(), k, sac.noise()); // [N B, A], [N B, 1]
    Tensor actions = stackRows(uniform, current.action(), next.action());             //               [3N B, A]
    Tensor logProposal = stackRows(
        Tensor.full(-actionDim * Math.log(2.0), config.sac().dtype(), k * n, 1),      // log 2^-A
        current.logProb(), next.logProb());                                           //               [3N B, 1]
    // Every proposal is evaluated at s (next-state actions too): they are candidate actions at s.
    Tensor q = sac.criticNet().q(trackedCritic, stackRows(states, states, states), actions); //      [2, 3N B, 1]
    Tensor weighted = Ops.reshape(Ops.sub(q, logProposal), 2, 3 * k, n);              // row j' i       [2, 3N, B]
    Tensor softMax = Composites.logSumExp(weighted, 1);                               // log sum exp   [2, B]
    Tensor qData = Ops.reshape(sac.criticNet().q(trackedCritic, b.state(), b.action()), 2, n); //    [2, B]
    Tensor gap = Ops.mean(Ops.sub(softMax, qData), 1);                                // gap_j         [2]
    Tensor constraint = Ops.sub(Ops.mul(gap, config.conservativeWeight()), config.lagrange() ? config.targetGap() : 0); // [2]
    Tensor penalty = Ops.mul(Ops.sum(constraint), lagrangeMultiplier());
    return new ConservativePenalty(penalty, Ops.mean(gap).item(), Ops.mean(constraint).item());
  }

  /**
   * The Lagrange variant's dual step (appendix F): alpha' ascends {@code alpha' mean_j (alpha gap_j
   * - tau)}, so it grows while the gap exceeds tau and shrinks toward 0 once it is below; as a loss,
   * {@code -alpha' mean_j (alpha gap_j - tau)}, alpha' = exp(log alpha') clamped to [0, 1e6].
   *
   * @param constraint {@code mean_j (alpha gap_j - tau)} of the latest critic step, untracked
   */
  @PaperEquation(paper = "arXiv:2006.04779", eq = "CQL(H) Lagrange dual (appendix F)")
  Tensor lagrangeLoss(Params logLagrangeParams, double constraint) {
    Tensor multiplier = Ops.clamp(Ops.exp(logLagrangeParams.get("log_alpha_prime")), 0, MAX_LAGRANGE_MULTIPLIER); // [1]
    return Ops.neg(Ops.sum(Ops.mul(multiplier, constraint)));
  }

  /** Row-wise concatenation of [R_i, F] tensors: [sum R_i, F] (concat joins only the last axis). */
  private static Tensor stackRows(Tensor... parts) {
    int f = parts[0].dim(1);
    int rows = 0;
    Tensor[] flat = new Tensor[parts.length];
    for (int i = 0; i < parts.length; i++) {
      rows += parts[i].dim(0);
      flat[i] = Ops.reshape(parts[i], 1, parts[i].size());                           //               [1, R_i F]
    }
    return Ops.reshape(Ops.concat(flat), rows, f);
  }

  // --------------------------------------------------------------------------------------- update

  /** The critic objective's parts: SAC's J_Q, the CQL(H) term, and their sum, which is minimised. */
  private record CriticTerms(Tensor lossQ, ConservativePenalty penalty, Tensor total) {}

  /**
   * One SAC iteration whose critic loss carries the CQL(H) regulariser: critic step on J_Q plus the
   * penalty, actor step on J_pi against the updated critics, temperature step, Polyak update of the
   * critic targets; with the Lagrange variant, then one step of alpha' on the dual.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    CriticTerms critic;
    Sac.ActorTerms actorTerms;
    double lossAlpha;
    try (Workspace.Scope scope = workspace.enter()) {
      Tensor y = sac.criticTarget(b);
      critic = sac.stepCritics(p -> {
        Tensor lossQ = sac.criticLoss(p, b, y);
        ConservativePenalty penalty = conservativePenalty(p, b);
        return new CriticTerms(lossQ, penalty, Ops.add(lossQ, penalty.loss()));
      }, CriticTerms::total);
      actorTerms = sac.stepActor(b);
      lossAlpha = sac.stepTemperature(actorTerms);
    }
    sac.requireOutside(workspace);
    sac.updateTargets();

    Map<String, Double> out = new LinkedHashMap<>();
    out.put("critic_loss", critic.lossQ().item() / 2);
    out.put("cql_gap", critic.penalty().gap());
    out.put("cql_penalty", critic.penalty().loss().item());
    out.put("cql_constraint", critic.penalty().constraint());
    out.putAll(sac.actorMetrics(actorTerms, lossAlpha));
    if (config.lagrange()) {
      double constraint = critic.penalty().constraint();
      GradientStep.Result<Tensor> l = GradientStep.minimise(logLagrange, lagrangeOpt,
          p -> lagrangeLoss(p, constraint));
      logLagrange = l.params();
      out.put("alpha_prime", lagrangeMultiplier());
      out.put("alpha_prime_loss", l.value().item());
    }
    return out;
  }

  @Override
  public Tensor act(Tensor state) {
    return sac.act(state);
  }

  @Override
  public AlgorithmState state() {
    AlgorithmState s = sac.state();
    AlgorithmState.Builder b = AlgorithmState.builder();
    s.params().forEach(b::params);
    s.optimizers().forEach(b::optimizer);
    return b.params("log_alpha_prime", logLagrange).optimizer("lagrange", lagrangeOpt.state())
        .build(s.iteration(), s.rngState());
  }

  @Override
  public void restore(AlgorithmState s) {
    s.params("log_alpha_prime").requireSameLayout("cql-sac restore (log_alpha_prime)", logLagrange);
    sac.restore(s);
    logLagrange = s.params("log_alpha_prime");
    lagrangeOpt.restore(s.optimizer("lagrange"));
  }
}
