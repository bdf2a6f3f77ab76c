package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.net.ConditionalVae;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.rl.net.PerturbationActor;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.Workspace;
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
 * BCQ: S. Fujimoto, D. Meger, D. Precup, "Off-Policy Deep Reinforcement Learning without
 * Exploration", ICML 2019, arXiv 1812.02900, with the settings of BatchRL-MTF (Q. Zhang et al.,
 * "Multi-Task Fusion via Reinforcement Learning for Long-Term User Satisfaction in Recommender
 * Systems", KDD 2022, arXiv 2208.04560), the batch-RL baseline of the MTF papers (spec section 6).
 *
 * <p>Batch-constrained: the policy only chooses among actions that a conditional VAE {@code
 * G_omega(s)} trained on the logged actions would generate, each nudged by at most {@code rho} per
 * coordinate by a perturbation network {@code xi_phi}; the critic's bootstrap maximises over n such
 * actions at s', so it never queries Q far from the data. Twin critics with BCQ's soft clipped
 * double-Q ({@code lambda min_j + (1 - lambda) max_j}).
 *
 * <p>Randomness: the VAE's reparameterisation noise and the prior draws of training come from one
 * seeded stream; {@link #act} draws its prior samples from a second stream, so evaluating the policy
 * never changes training. Both streams are part of {@link #state()} (8 words: training, then acting).
 * {@link #act} is therefore deterministic given the algorithm's seed and its history of calls, not a
 * pure function of the state. Deviations and interpretations: {@code docs/algorithms/bcq.md}.
 */
public final class Bcq implements OfflineAlgorithm {

  /**
   * Hyper-parameters; BatchRL-MTF's settings from {@link #paperDefaults}.
   *
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer sizes of the perturbation network and the critics ([400, 300], BCQ's code)
   * @param vaeHidden hidden layer sizes of the VAE's encoder and decoder ([750, 750], BCQ's code)
   * @param latentDim L, width of the VAE's latent z (2 A, BCQ's code)
   * @param gamma discount (0.95, BatchRL-MTF)
   * @param tau Polyak coefficient of the soft target update (0.05, BatchRL-MTF)
   * @param targetUpdatePeriod iterations between soft target updates (10, BatchRL-MTF)
   * @param rho largest perturbation per action coordinate, the paper's Phi, normalised units (0.15, BatchRL-MTF)
   * @param lambda weight of the min over the twin targets in the soft clipped double-Q (0.75, BCQ)
   * @param sampledActions n, VAE samples per state in the target and in {@link #act} (10, BCQ and BatchRL-MTF)
   * @param klWeight weight of the KL term in the VAE loss (0.5, BCQ)
   * @param latentClip prior samples z are clipped to [-c, c] when generating actions (0.5, BCQ)
   * @param logStdMin lower clamp of the encoder's log sigma (-4, BCQ's code)
   * @param logStdMax upper clamp of the encoder's log sigma (15, BCQ's code)
   * @param vaeLr Adam learning rate of the VAE (1e-3, BatchRL-MTF)
   * @param perturbationLr Adam learning rate of the perturbation network (1e-4, BatchRL-MTF)
   * @param criticLr Adam learning rate of the critics (2e-4, BatchRL-MTF)
   * @param dtype training precision (F32)
   * @param seed seed of the initialisation and of the sampling streams
   */
  public record Config(
      int stateDim,
      int actionDim,
      List<Integer> hidden,
      List<Integer> vaeHidden,
      int latentDim,
      double gamma,
      double tau,
      int targetUpdatePeriod,
      double rho,
      double lambda,
      int sampledActions,
      double klWeight,
      double latentClip,
      double logStdMin,
      double logStdMax,
      double vaeLr,
      double perturbationLr,
      double criticLr,
      DType dtype,
      long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      vaeHidden = List.copyOf(vaeHidden);
      Check.positive("bcq", "stateDim", stateDim);
      Check.positive("bcq", "actionDim", actionDim);
      Check.positive("bcq", "latentDim", latentDim);
      Check.positive("bcq", "targetUpdatePeriod", targetUpdatePeriod);
      Check.positive("bcq", "sampledActions", sampledActions);
      Check.unit("bcq", "gamma", gamma);
      Check.unit("bcq", "tau", tau);
      Check.unit("bcq", "lambda", lambda);
      Check.nonNegative("bcq", "rho", rho);
      if (rho > 2) {
        throw new IllegalArgumentException("bcq: rho must be <= 2 (the width of the action box), got " + rho);
      }
      Check.nonNegative("bcq", "klWeight", klWeight);
      Check.positiveReal("bcq", "latentClip", latentClip);
      if (!(logStdMin < logStdMax)) {
        throw new IllegalArgumentException("bcq: need logStdMin < logStdMax, got " + logStdMin + " and " + logStdMax);
      }
      Check.positiveReal("bcq", "vaeLr", vaeLr);
      Check.positiveReal("bcq", "perturbationLr", perturbationLr);
      Check.positiveReal("bcq", "criticLr", criticLr);
    }

    /** BatchRL-MTF's settings (spec section 6), BCQ's for what it does not state. */
    public static Config paperDefaults(int stateDim, int actionDim) {
      return new Config(stateDim, actionDim, List.of(400, 300), List.of(750, 750), 2 * actionDim, 0.95, 0.05, 10,
          0.15, 0.75, 10, 0.5, 0.5, -4, 15, 1e-3, 1e-4, 2e-4, DType.F32, 0);
    }

    /** The same config with other VAE widths. */
    public Config withVaeHidden(List<Integer> widths) {
      return new Config(stateDim, actionDim, hidden, widths, latentDim, gamma, tau, targetUpdatePeriod, rho, lambda,
          sampledActions, klWeight, latentClip, logStdMin, logStdMax, vaeLr, perturbationLr, criticLr, dtype, seed);
    }

    /** The same config with the settings every learner of a run shares: hidden widths, discount and seed. */
    public Config withShared(List<Integer> sharedHidden, double sharedGamma, long sharedSeed) {
      return new Config(stateDim, actionDim, sharedHidden, vaeHidden, latentDim, sharedGamma, tau,
          targetUpdatePeriod, rho, lambda, sampledActions, klWeight, latentClip, logStdMin, logStdMax, vaeLr,
          perturbationLr, criticLr, dtype, sharedSeed);
    }
  }

  // ------------------------------------------------------------------------------------ networks

  private final Config config;
  private final ConditionalVae vaeNet;
  private final PerturbationActor actorNet;
  private final CriticEnsemble criticNet; // twin critics Q_1, Q_2
  private final Adam vaeOpt;
  private final Adam actorOpt;
  private final Adam criticOpt;
  private final Workspace workspace = new Workspace(); // one step's large arrays, reused by the next
  /** Reparameterisation noise and prior draws of {@link #update}. */
  private final Xoshiro256StarStar trainNoise;
  /** Prior draws of {@link #act}, separate so evaluation never shifts the training stream. */
  private final Xoshiro256StarStar actNoise;
  private Params vae;
  private Params actor;
  private Params actorTarget;
  private Params critic;
  private Params criticTarget;
  private long iteration;

  public Bcq(Config config) {
    this.config = config;
    this.vaeNet = new ConditionalVae(config.stateDim(), config.actionDim(), config.latentDim(), config.vaeHidden(),
        config.logStdMin(), config.logStdMax());
    this.actorNet = new PerturbationActor(config.stateDim(), config.actionDim(), config.hidden(), config.rho());
    this.criticNet = new CriticEnsemble(2, config.stateDim(), config.actionDim(), config.hidden());
    Xoshiro256StarStar init = new Xoshiro256StarStar(config.seed());
    this.vae = vaeNet.init(init.split(1), config.dtype());
    this.critic = criticNet.init(init.split(2), config.dtype());
    this.actor = actorNet.init(init.split(3), config.dtype());
    this.trainNoise = init.split(4);
    this.actNoise = init.split(5);
    this.actorTarget = actor;
    this.criticTarget = critic;
    this.vaeOpt = new Adam(Adam.Config.defaults(config.vaeLr()));
    this.actorOpt = new Adam(Adam.Config.defaults(config.perturbationLr()));
    this.criticOpt = new Adam(Adam.Config.defaults(config.criticLr()));
  }

  @Override
  public String name() {
    return "bcq";
  }

  public Config config() {
    return config;
  }

  // --------------------------------------------------------------------------------------- losses

  /** The VAE loss and its terms (batch means). */
  record VaeTerms(Tensor loss, double reconstruction, double kl) {}

  /**
   * The generative model's objective: {@code L = mean_{B, A} (a - a~)^2 + klWeight mean_{B, L} KL(N(mu,
   * sigma^2) || N(0, 1))}, {@code a~ = D(s, mu + sigma eps)}, {@code (mu, log sigma) = E(s, a)}, both
   * terms averaged over elements as in BCQ's code (item 4).
   *
   * @param noise eps, standard normal [B, L]
   */
  @PaperEquation(paper = "arXiv:1812.02900", eq = "VAE objective (Algorithm 1)")
  VaeTerms vaeLoss(Params vaeParams, Batch b, Tensor noise) {
    ConditionalVae.Reconstruction r = vaeNet.reconstruct(vaeParams, b.state(), b.action(), noise);
    Tensor reconstruction = Composites.mse(r.action(), b.action());                          // rank 0
    Tensor kl = Ops.mean(ConditionalVae.klToStandardNormal(r.encoding().mean(), r.encoding().logStd())); // rank 0
    Tensor loss = Ops.add(reconstruction, Ops.mul(kl, config.klWeight()));
    return new VaeTerms(loss, reconstruction.item(), kl.item());
  }

  /**
   * The soft clipped double-Q target over n generated actions at s': {@code a'_k = clip(a_k +
   * xi'(s', a_k), -1, 1)}, {@code a_k ~ G_omega(s')}, and
   *
   * <pre>
   *   y = r + gamma (1 - done) max_k [lambda min_j Q'_j(s', a'_k) + (1 - lambda) max_j Q'_j(s', a'_k)]
   * </pre>
   *
   * with the target perturbation network and target critics, the current VAE. Untracked; [B, 1].
   */
  @PaperEquation(paper = "arXiv:1812.02900", eq = "soft clipped double-Q target (Algorithm 1)")
  Tensor criticTarget(Batch b) {
    int n = config.sampledActions();
    int batch = b.size();
    Tensor repeated = Composites.tileRows(b.nextState(), n);                                             // [n B, S]
    Tensor generated = vaeNet.sample(vae, repeated, trainNoise, config.latentClip());          // a_k      [n B, A]
    Tensor candidates = actorNet.perturb(actorTarget, repeated, generated);                     // a'_k     [n B, A]
    Tensor q = criticNet.q(criticTarget, repeated, candidates);                                 // Q'_j     [2, n B, 1]
    Tensor soft = Ops.add(Ops.mul(Ops.min(q, 0), config.lambda()),
        Ops.mul(Ops.max(q, 0), 1 - config.lambda()));                                           //          [n B, 1]
    Tensor best = Ops.reshape(Ops.max(Ops.reshape(soft, n, batch), 0), batch, 1);               // max_k    [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), best));
  }

  /** {@code L = sum_j mean (Q_j(s, a) - y)^2}, each critic regressed on the shared target. */
  @PaperEquation(paper = "arXiv:1812.02900", eq = "critic loss (Algorithm 1)")
  Tensor criticLoss(Params criticParams, Batch b, Tensor y) {
    Tensor q = criticNet.q(criticParams, b.state(), b.action());                                // [2, B, 1]
    return Ops.mul(Ops.mean(Ops.square(Ops.sub(q, y))), 2.0);
  }

  /**
   * The perturbation network's loss, {@code -mean Q_1(s, clip(a + xi_phi(s, a), -1, 1))} with {@code a
   * ~ G_omega(s)} (one generated action per state, no gradient into the VAE): the deterministic
   * policy gradient through the first critic.
   */
  @PaperEquation(paper = "arXiv:1812.02900", eq = "perturbation model update (Algorithm 1)")
  Tensor perturbationLoss(Params actorParams, Batch b) {
    Tensor generated = vaeNet.sample(vae, b.state(), trainNoise, config.latentClip());         // a        [B, A]
    Tensor perturbed = actorNet.perturb(actorParams, b.state(), generated);                    // a + xi   [B, A]
    Tensor q = criticNet.q(critic, b.state(), perturbed);                                       // [2, B, 1]
    return Ops.neg(Ops.mean(Ops.slice(Ops.reshape(q, 1, 2 * b.size()), 0, b.size())));        // -mean Q_1
  }

  // --------------------------------------------------------------------------------------- update

  /**
   * One iteration in BCQ's order: VAE step; critic step against the target (which uses the updated
   * VAE); perturbation step against the updated critics; every {@code targetUpdatePeriod} iterations
   * a soft update of both targets with tau.
   */
  @Override
  public Map<String, Double> update(Batch b) {
    VaeTerms vaeTerms;
    Tensor lossC;
    Tensor lossA;
    double targetMean;
    try (Workspace.Scope scope = workspace.enter()) {
      Tensor eps = Tensor.randn(trainNoise, config.dtype(), b.size(), config.latentDim());
      GradientStep.Result<VaeTerms> v = GradientStep.minimise(vae, vaeOpt, p -> vaeLoss(p, b, eps), VaeTerms::loss);
      vae = v.params();
      vaeTerms = v.value();

      Tensor y = criticTarget(b);
      GradientStep.Result<Tensor> c = GradientStep.minimise(critic, criticOpt, p -> criticLoss(p, b, y));
      critic = c.params();
      lossC = c.value();
      targetMean = Ops.mean(y).item();

      GradientStep.Result<Tensor> a = GradientStep.minimise(actor, actorOpt, p -> perturbationLoss(p, b));
      actor = a.params();
      lossA = a.value();
    }
    workspace.requireNotOwned(name(), vae, critic, actor);

    iteration++;
    if (iteration % config.targetUpdatePeriod() == 0) {
      actorTarget = Polyak.average(actorTarget, actor, config.tau());
      criticTarget = Polyak.average(criticTarget, critic, config.tau());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("vae_loss", vaeTerms.loss().item());
    out.put("vae_reconstruction", vaeTerms.reconstruction());
    out.put("vae_kl", vaeTerms.kl());
    out.put("critic_loss", lossC.item() / 2);
    out.put("actor_loss", lossA.item());
    out.put("target_mean", targetMean);
    return out;
  }

  /**
   * The BCQ policy: for each state, n actions from the VAE's clipped prior, each perturbed, and the
   * one with the largest {@code Q_1} (the first of equal values). State [B, S] to action [B, A]. Draws
   * n B L normals from the acting stream.
   */
  @Override
  public Tensor act(Tensor state) {
    int n = config.sampledActions();
    int batch = state.dim(0);
    int a = config.actionDim();
    Tensor repeated = Composites.tileRows(state.detach(), n);                                            // [n B, S]
    Tensor candidates = actorNet.perturb(actor, repeated, vaeNet.sample(vae, repeated, actNoise, config.latentClip()));
    double[] q = criticNet.q(critic, repeated, candidates).toDoubleArray();                     // Q_1 first: [n B]
    double[] c = candidates.toDoubleArray();                                                    // [n B, A] row-major
    double[] out = new double[batch * a];
    for (int i = 0; i < batch; i++) {
      int best = 0;
      for (int k = 1; k < n; k++) {
        if (q[k * batch + i] > q[best * batch + i]) {
          best = k;
        }
      }
      System.arraycopy(c, (best * batch + i) * a, out, i * a, a);
    }
    return Tensor.of(out, batch, a).to(candidates.dtype());
  }

  @Override
  public AlgorithmState state() {
    long[] rng = new long[8];
    System.arraycopy(trainNoise.state(), 0, rng, 0, 4);
    System.arraycopy(actNoise.state(), 0, rng, 4, 4);
    return AlgorithmState.builder().params("vae", vae).params("actor", actor).params("actor_target", actorTarget)
        .params("critic", critic).params("critic_target", criticTarget).optimizer("vae", vaeOpt.state())
        .optimizer("actor", actorOpt.state()).optimizer("critic", criticOpt.state()).build(iteration, rng);
  }

  @Override
  public void restore(AlgorithmState s) {
    if (s.rngState().length != 8) {
      throw new IllegalArgumentException("bcq restore: the random state has 8 words (training, acting), got "
          + s.rngState().length);
    }
    vae = s.params("vae", vae, name());
    actor = s.params("actor", actor, name());
    actorTarget = s.params("actor_target", actorTarget, name());
    critic = s.params("critic", critic, name());
    criticTarget = s.params("critic_target", criticTarget, name());
    vaeOpt.restore(s.optimizer("vae"));
    actorOpt.restore(s.optimizer("actor"));
    criticOpt.restore(s.optimizer("critic"));
    iteration = s.iteration();
    trainNoise.restore(java.util.Arrays.copyOfRange(s.rngState(), 0, 4));
    actNoise.restore(java.util.Arrays.copyOfRange(s.rngState(), 4, 8));
  }
}
