package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.ActionValueEstimator;
import dev.mtfengine.rl.algo.BaselineCloning;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The diagnosis ladder of issue 11: where does a learned fusion policy lose (or leave) value, on the
 * data, in the critic or in the actor? Every rung is measured against the simulator's exact model
 * at the learners' discount, on a fixed candidate set per user type: the baseline's action mu_bp(u)
 * (ES is a function of the user type only), the corners of the exploration box around it and
 * uniform draws inside it, clipped to [-1, 1].
 *
 * <ol>
 *   <li><b>Data</b> (per seed): the one-step in-box ceiling, {@code argmax_a Q^{mu_bp}(u, s, a)} over
 *       the candidates at every state (what one step of policy improvement inside the box can give
 *       with a perfect critic and a perfect actor), and policy iteration inside the same box (what
 *       progressive rounds could give at best). A placebo learner trained on data whose actions are
 *       permuted within each state (no action carries information) must end at the baseline.
 *   <li><b>Critic</b> (per method): at every state, the Spearman rank correlation of the learned and
 *       the exact Q over the candidates, and whether the signs of their action differences along
 *       each dimension agree (the direction the actor's gradient takes); both averaged with the
 *       baseline's visitation as weights. And the exact value of the critic's own in-box argmax
 *       (the critic followed by a perfect actor).
 *   <li><b>Actor</b> (per method): how much of the critic's in-box improvement the actor reaches,
 *       {@code (Q(mu(s)) - Q(mu_bp(s))) / (max_cand Q - Q(mu_bp(s)))} under the learned critic,
 *       visitation-weighted, and the share of states where the actor leaves the box.
 * </ol>
 *
 * All values J are exact and undiscounted, reported as J / J*.
 */
public final class Diagnosis {
  private Diagnosis() {}

  /**
   * Settings.
   *
   * @param gamma the learners' discount (Q of every rung uses it)
   * @param boxLower lower edge of the box around mu_bp
   * @param boxUpper upper edge
   * @param uniformCandidates uniform draws per type besides mu_bp and the corners (at most 64
   *     corners are taken, drawn at random when the box has more)
   * @param policyIterations the most rounds of policy iteration inside the box
   * @param confidenceMultiplier kappa of the per-state fit's lower confidence bound ({@link StateFit})
   * @param seed candidate draws
   */
  public record Config(double gamma, double boxLower, double boxUpper, int uniformCandidates, int policyIterations,
      double confidenceMultiplier, long seed) {
    public Config {
      if (!(gamma > 0 && gamma < 1) || !(boxLower < boxUpper) || uniformCandidates < 0 || policyIterations < 1
          || !(confidenceMultiplier >= 0)) {
        throw new IllegalArgumentException("diagnose: need 0 < gamma < 1, boxLower < boxUpper, uniformCandidates >= 0,"
            + " policyIterations >= 1, confidenceMultiplier >= 0; got " + gamma + ", " + boxLower + ", " + boxUpper
            + ", " + uniformCandidates + ", " + policyIterations + ", " + confidenceMultiplier);
      }
    }

    public static Config defaults(double gamma, double boxLower, double boxUpper) {
      return new Config(gamma, boxLower, boxUpper, 128, 10, 2, 11);
    }
  }

  /**
   * The data rung of one seed.
   *
   * @param perTypeCeiling J / J* of the best single in-box candidate per user type (one step: the
   *     visitation-weighted exact Q of the baseline): below the baseline when the head-room lies in
   *     choices that differ across satisfaction levels, which a critic must then resolve per state
   */
  public record DataRung(double baselineRatio, double oneStepCeiling, double policyIterationCeiling,
      int policyIterationsRun, int candidatesPerType, double perTypeCeiling) {}

  /**
   * What the logged data identifies per state, whatever the critic: for every (type, satisfaction
   * level) with enough transitions, the least-squares fit of the TD target with the <em>exact</em>
   * bootstrap on {@code (1, x, x^2)}, x the offset from mu_bp in box half-widths (the quadratic
   * critics' form with no function-approximation error), and the policy that takes the fit's best
   * candidate in the box at every fitted state (mu_bp elsewhere).
   *
   * @param states states fitted (more transitions than coefficients)
   * @param argmaxRatio J / J* of the fit's argmax, targets with the logged done flags
   * @param expectedTerminationArgmaxRatio the same with the done flag replaced by the exact leave
   *     probability of s' (what expected termination, decision 16, approaches)
   * @param confidenceMultiplier kappa
   * @param lowerBoundRatio J / J* of the argmax of the expected-termination fit's lower confidence
   *     bound, {@code fit(x) - kappa se(fit(x))} (kappa {@link Config#confidenceMultiplier}): what a
   *     pessimistic learner with a perfect function class could take from this data
   */
  public record StateFit(int states, double argmaxRatio, double expectedTerminationArgmaxRatio,
      double confidenceMultiplier, double lowerBoundRatio) {}

  /**
   * Can the logged data identify the direction of improvement at all, whatever the critic? Per user
   * type, the least-squares fit of the TD target with the <em>exact</em> bootstrap, {@code y = r +
   * gamma (1 - done) V^{mu_bp}(s')}, on one intercept per satisfaction level and one slope per action
   * dimension in {@code delta = a - mu_bp(u)}: the best-case linear critic, with no bootstrapping or
   * fitting error. Its slopes are compared with the exact ones (the least-squares slopes of the exact
   * Q over the candidates, visitation-weighted over levels).
   *
   * @param transitions transitions used
   * @param signAgreement share of (type, dimension) pairs where the fitted and exact slopes agree
   *     in sign
   * @param residualSd the standard deviation of the TD target around the fit, training units
   * @param expectedTerminationSd the same with the done flag replaced by the exact leave
   *     probability of s', {@code y = r + gamma (1 - lambda_u(s')) V(s')}: what the expected-
   *     termination targets (experiment.md decision 16) leave of that noise at best
   * @param slopeStandardError mean standard error of the fitted slopes, in training units per unit
   *     of action
   * @param meanAbsExactSlope mean |exact slope|, same units: the signal that error is set against
   * @param fittedCornerRatio J / J* of moving every type to the box corner the fitted slopes point
   *     to (the one-step policy a linear critic with this data would choose)
   * @param exactCornerRatio the same with the exact slopes
   */
  public record Identification(long transitions, double signAgreement, double residualSd,
      double expectedTerminationSd, double slopeStandardError,
      double meanAbsExactSlope, double fittedCornerRatio, double exactCornerRatio) {}

  /** The critic and actor rungs of one trained method. */
  public record MethodRung(String id, double ratio, double criticRankCorrelation, double gradientSignAgreement,
      double criticGreedyRatio, double actorAttainment, double outsideBoxShare) {}

  /**
   * The whole ladder of one seed of an experiment run.
   *
   * @param actorCeiling J / J* of the experiment's actor network fit to the one-step in-box argmax
   *     ({@link Ladder#actorCeiling}): what the actor class can hold of the ceiling
   * @param placeboRatio J / J* of IntegratedRL trained on Dataset 2 with permuted actions
   * @param placeboMeanShift mean |placebo action - mu_bp| over states and dimensions
   */
  public record Report(long seed, DataRung data, Identification identification, StateFit stateFit,
      double actorCeiling, double placeboRatio, double placeboMeanShift, List<MethodRung> methods) {}

  /** The methods whose critics the ladder checks, by run-directory id. */
  public static final List<String> METHODS = List.of("integrated-rl-d1", "integrated-rl-d2", "integrated-rl-d3",
      "ddpg-d1");

  /**
   * Runs the ladder on {@code runDirectory/seed-N} of {@code mtf experiment} (or {@code mtf demo}):
   * its config, ES policy, Dataset 2 and the final checkpoints of {@link #METHODS} that exist. The
   * placebo training is written under {@code seed-N/diagnose/placebo-d2} and resumes.
   *
   * @param sim the simulator the run used (same seed and parameters)
   */
  public static Report run(Path runDirectory, SessionSimulator sim, long seed, Progress progress) {
    Path configFile = runDirectory.resolve("config.json");
    Path seedDir = runDirectory.resolve("seed-" + seed);
    Path esFile = seedDir.resolve("es/policy.json");
    Path d2 = seedDir.resolve("data/dataset-2.mtft");
    for (Path need : List.of(configFile, esFile, d2)) {
      if (!Files.isRegularFile(need)) {
        throw new IllegalArgumentException(need + " is missing; diagnose needs a run directory of 'mtf experiment'"
            + " or 'mtf demo' with seed " + seed + " finished");
      }
    }
    PaperExperiment.Config config = RunStore.read(configFile, PaperExperiment.Config.class);
    OracleActionTable es = OracleActionTable.of(RunStore.read(esFile, double[][][].class));
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults(), progress);
    Ladder ladder = new Ladder(exact, es,
        Config.defaults(config.gamma(), config.boxLower(), config.boxUpper()));
    DataRung data = ladder.dataRung();
    TransitionSet d2Data = TransitionFile.read(d2);
    Identification identification = ladder.identification(d2Data, config.rewardScale());
    StateFit stateFit = ladder.stateFit(d2Data, config.rewardScale());
    double actorCeiling = ladder.actorCeiling(d2Data, config.scale().hidden(),
        new BaselineCloning.Config(Math.toIntExact(config.scale().iterations()), config.scale().batchSize(), 1e-3,
            ladder.config.seed()));

    List<MethodRung> methods = new ArrayList<>();
    for (String id : METHODS) {
      Path dir = seedDir.resolve(id);
      Path checkpointRuns = id.endsWith("-d3") ? dir.resolve("round-" + (config.rounds() - 1)).resolve("training") : dir;
      Optional<Path> latest = Checkpoint.latest(checkpointRuns);
      if (latest.isPresent()) {
        methods.add(ladder.methodRung(id, Learner.fromCheckpoint(latest.get()).algorithm()));
      }
    }

    int types = es.types();
    int levels = es.levels();
    // the placebo is integrated-rl-d2 with its actions permuted: same initialisation and minibatch seeds
    MtfTask task = config.task(sim.params(), seed);
    TransitionSet placeboData = placebo(d2Data, task.seeds().seed(SeedTree.Purpose.PLACEBO, "integrated-rl-d2", 0));
    TrainingRun.Result placebo = TrainingRun.train(Learner.INTEGRATED_RL,
        config.learnerSettings(task, "integrated-rl-d2", types), placeboData,
        config.runSettings(task, "integrated-rl-d2"), null,
        b -> ladder.ratio(OracleActionTable.of(b.algorithm(), types, levels, Learner.DTYPE)),
        seedDir.resolve("diagnose/placebo-d2"), progress, "placebo D2");
    OracleActionTable placeboPolicy = OracleActionTable.of(placebo.learner().algorithm(), types, levels, Learner.DTYPE);
    double shift = 0;
    int count = 0;
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        for (int j = 0; j < es.actionDimension(); j++) {
          shift += Math.abs(placeboPolicy.action(u, s)[j] - es.action(u, s)[j]);
          count++;
        }
      }
    }
    return new Report(seed, data, identification, stateFit, actorCeiling, ladder.ratio(placeboPolicy), shift / count,
        methods);
  }

  /** The model and the candidate sets one seed's rungs share. */
  public static final class Ladder {
    private final ExactEvaluator discounted;
    private final ExactEvaluator undiscounted;
    private final OracleActionTable baseline;
    private final Config config;
    private final double[][][] candidates; // [u][c][k], candidate 0 = mu_bp(u)
    private final double[][] visits;       // baseline visitation, [u][s], normalised to sum 1
    private final double optimal;
    private double[][][] baselineQ;        // exact Q following mu_bp, [u][s][c]; see baselineQ()
    private final int types;
    private final int levels;

    /**
     * @param undiscounted the simulator's evaluator for J (its default config)
     * @param baseline mu_bp, constant over satisfaction levels within a type (ES)
     */
    public Ladder(ExactEvaluator undiscounted, OracleActionTable baseline, Config config) {
      this.undiscounted = undiscounted;
      this.discounted = new ExactEvaluator(undiscounted.simulator(),
          ExactConfig.defaults().withDiscount(config.gamma()));
      this.baseline = baseline;
      this.config = config;
      this.types = baseline.types();
      this.levels = baseline.levels();
      for (int u = 0; u < types; u++) {
        for (int s = 1; s < levels; s++) {
          if (!Arrays.equals(baseline.action(u, s), baseline.action(u, 0))) {
            throw new IllegalArgumentException("diagnose: the baseline's action varies with satisfaction at user type "
                + u + "; the ladder needs a per-type baseline such as ES");
          }
        }
      }
      this.candidates = candidates(baseline, config);
      double[][] v = undiscounted.visitation(baseline);
      double total = 0;
      for (double[] row : v) {
        for (double x : row) {
          total += x;
        }
      }
      for (double[] row : v) {
        for (int s = 0; s < row.length; s++) {
          row[s] /= total;
        }
      }
      this.visits = v;
      this.optimal = undiscounted.optimal().value().value();
    }

    /** J / J* of a policy. */
    public double ratio(OracleActionTable policy) {
      return undiscounted.evaluate(policy).value() / optimal;
    }

    /** The data rung: baseline, one-step, per-type and policy-iteration ceilings inside the box. */
    public DataRung dataRung() {
      OracleActionTable pi = baseline;
      double oneStep = Double.NaN;
      double perType = Double.NaN;
      int iterations = 0;
      for (int it = 0; it < config.policyIterations(); it++) {
        double[][][] q = it == 0 ? baselineQ() : exactQ(discounted.evaluate(pi));
        OracleActionTable next = greedy(q);
        iterations++;
        if (it == 0) {
          oneStep = ratio(next);
          perType = ratio(perTypeGreedy(q));
        }
        if (Arrays.deepEquals(next.toArray(), pi.toArray())) {
          break;
        }
        pi = next;
      }
      return new DataRung(ratio(baseline), oneStep, ratio(pi), iterations, candidates[0].length, perType);
    }

    /**
     * A transition's oracle state and its TD target with the exact bootstrap {@code gamma
     * rewardScale V^{mu_bp}(s')}, ended by the logged done flag or weighted by the exact leave
     * probability of s' (training units).
     */
    private record ExactTarget(int type, int level, double doneFlagTarget, double leaveProbabilityTarget) {}

    private ExactTarget exactTarget(Transition t, PolicyValue value, double rewardScale) {
      int u = type(t.state());
      int s = level(t.state());
      int next = level(t.nextState());
      double bootstrap = config.gamma() * rewardScale * value.values()[u][next];
      return new ExactTarget(u, s, t.reward() + (t.done() ? 0 : bootstrap),
          t.reward() + (1 - undiscounted.simulator().leaveProbability(u, next)) * bootstrap);
    }

    /**
     * The sums of one least-squares fit with two targets (the done-flag and the leave-probability
     * TD targets): X'X (row-major), X'y for each, y'y for each, and the count.
     */
    private static final class NormalEquations {
      final double[] xtx;
      final double[] xty;
      final double[] xtyExpected;
      double yy;
      double yyExpected;
      long count;

      private NormalEquations(int p) {
        xtx = new double[p * p];
        xty = new double[p];
        xtyExpected = new double[p];
      }

      static NormalEquations[] of(int fits, int p) {
        NormalEquations[] out = new NormalEquations[fits];
        for (int i = 0; i < fits; i++) {
          out[i] = new NormalEquations(p);
        }
        return out;
      }

      void add(double[] x, double y, double yExpected) {
        int p = x.length;
        for (int i = 0; i < p; i++) {
          xty[i] += x[i] * y;
          xtyExpected[i] += x[i] * yExpected;
          for (int j = 0; j < p; j++) {
            xtx[i * p + j] += x[i] * x[j];
          }
        }
        yy += y * y;
        yyExpected += yExpected * yExpected;
        count++;
      }
    }

    /**
     * The actor rung's ceiling: a fresh actor network of the given widths, fit by {@code cloning}'s
     * steps of {@link BaselineCloning#fit} to the one-step in-box argmax of the exact Q at the
     * states of {@code data} (so weighted as the data visits them), and evaluated exactly. Close to
     * the one-step ceiling when the actor class can hold per-state choices that fine.
     */
    public double actorCeiling(TransitionSet data, List<Integer> hidden, BaselineCloning.Config cloning) {
      OracleActionTable target = greedy(baselineQ());
      TransitionSet.Builder b = TransitionSet.builder(data.schema());
      for (long r = 0; r < data.size(); r++) {
        Transition t = data.get(r);
        float[] goal = toFloat(target.action(type(t.state()), level(t.state())));
        b.add(new Transition(t.state(), t.action(), t.reward(), t.rewardComponents(), t.nextState(), t.done(),
            t.behaviourDensity(), goal, t.nextBaselineAction(), t.episodeId(), t.stepIndex(), t.roundId()));
      }
      DeterministicActor net = new DeterministicActor(data.schema().stateDim(), data.schema().actionDim(), hidden);
      Params init = net.init(new Xoshiro256StarStar(cloning.seed()), Learner.DTYPE);
      Params actor = BaselineCloning.fit(net, init, b.build(), Learner.DTYPE, cloning).actor();
      double[][][] actions = new double[types][levels][];
      for (int u = 0; u < types; u++) {
        for (int s = 0; s < levels; s++) {
          double[] state = OracleActionTable.state(u, s, types, levels);
          actions[u][s] = net.act(actor, Tensor.of(toFloat(state), 1, state.length)).toDoubleArray();
        }
      }
      return ratio(OracleActionTable.of(actions));
    }

    /** The user type of an oracle state [onehot(u), z]. */
    private int type(float[] state) {
      return CriticCheck.argmax(toDouble(state, types));
    }

    /** The satisfaction level of an oracle state [onehot(u), z]. */
    private int level(float[] state) {
      return (int) Math.round(state[types] * (levels - 1));
    }

    /** Per type, the one candidate with the highest visitation-weighted Q, at every level. */
    private OracleActionTable perTypeGreedy(double[][][] q) {
      double[][][] a = new double[types][levels][];
      for (int u = 0; u < types; u++) {
        double[] weighted = new double[candidates[u].length];
        for (int s = 0; s < levels; s++) {
          for (int c = 0; c < weighted.length; c++) {
            weighted[c] += visits[u][s] * q[u][s][c];
          }
        }
        double[] best = candidates[u][CriticCheck.argmax(weighted)];
        for (int s = 0; s < levels; s++) {
          a[u][s] = best.clone();
        }
      }
      return OracleActionTable.of(a);
    }

    /**
     * The per-state fit of {@code data} (training rewards; oracle states [onehot(u), z]); see
     * {@link StateFit}.
     */
    public StateFit stateFit(TransitionSet data, double rewardScale) {
      int k = baseline.actionDimension();
      int p = 1 + 2 * k;                                    // (1, x, x^2)
      int groups = types * levels;
      PolicyValue value = discounted.evaluate(baseline);
      NormalEquations[] sums = NormalEquations.of(groups, p);
      double halfWidth = (config.boxUpper() - config.boxLower()) / 2;
      for (long r = 0; r < data.size(); r++) {
        Transition t = data.get(r);
        ExactTarget e = exactTarget(t, value, rewardScale);
        sums[e.type() * levels + e.level()].add(features(t.action(), baseline.action(e.type(), e.level()), halfWidth),
            e.doneFlagTarget(), e.leaveProbabilityTarget());
      }
      double[][][] plain = new double[types][levels][];
      double[][][] expected = new double[types][levels][];
      double[][][] lower = new double[types][levels][];
      int fitted = 0;
      for (int u = 0; u < types; u++) {
        for (int s = 0; s < levels; s++) {
          int g = u * levels + s;
          plain[u][s] = baseline.action(u, s).clone();
          expected[u][s] = plain[u][s].clone();
          lower[u][s] = plain[u][s].clone();
          NormalEquations sum = sums[g];
          DMatrixRMaj a = new DMatrixRMaj(p, p, true, sum.xtx);
          DMatrixRMaj inv = new DMatrixRMaj(p, p);
          for (int i = 0; i < p; i++) {
            a.add(i, i, 1e-9);                              // a dimension pinned at the action bound has no x
          }
          if (sum.count <= p + 1 || !CommonOps_DDRM.invert(a, inv)) {
            continue;                                       // too few transitions: keep mu_bp
          }
          fitted++;
          double[] beta = solve(inv, sum.xty);
          double[] betaExpected = solve(inv, sum.xtyExpected);
          double rss = sum.yyExpected;
          for (int i = 0; i < p; i++) {
            rss -= betaExpected[i] * sum.xtyExpected[i];
          }
          double sigma2 = Math.max(0, rss) / (sum.count - p);
          int n = candidates[u].length;
          double[] fit = new double[n];
          double[] fitExpected = new double[n];
          double[] bound = new double[n];
          for (int c = 0; c < n; c++) {
            double[] f = features(candidates[u][c], baseline.action(u, s), halfWidth);
            f[0] = 0;                                       // the intercept is common to every candidate
            double variance = 0;
            for (int i = 1; i < p; i++) {
              fit[c] += beta[i] * f[i];
              fitExpected[c] += betaExpected[i] * f[i];
              for (int j = 1; j < p; j++) {
                variance += f[i] * inv.get(i, j) * f[j];
              }
            }
            bound[c] = fitExpected[c] - config.confidenceMultiplier() * Math.sqrt(sigma2 * Math.max(0, variance));
          }
          plain[u][s] = candidates[u][CriticCheck.argmax(fit)].clone();
          expected[u][s] = candidates[u][CriticCheck.argmax(fitExpected)].clone();
          lower[u][s] = candidates[u][CriticCheck.argmax(bound)].clone();
        }
      }
      return new StateFit(fitted, ratio(OracleActionTable.of(plain)), ratio(OracleActionTable.of(expected)),
          config.confidenceMultiplier(), ratio(OracleActionTable.of(lower)));
    }

    /** (1, x, x^2), x = (action - centre) / halfWidth. */
    private static double[] features(float[] action, double[] centre, double halfWidth) {
      double[] a = new double[action.length];
      for (int j = 0; j < a.length; j++) {
        a[j] = action[j];
      }
      return features(a, centre, halfWidth);
    }

    private static double[] features(double[] action, double[] centre, double halfWidth) {
      int k = centre.length;
      double[] f = new double[1 + 2 * k];
      f[0] = 1;
      for (int j = 0; j < k; j++) {
        double x = (action[j] - centre[j]) / halfWidth;
        f[1 + j] = x;
        f[1 + k + j] = x * x;
      }
      return f;
    }

    private static double[] solve(DMatrixRMaj inv, double[] b) {
      double[] out = new double[b.length];
      for (int i = 0; i < b.length; i++) {
        for (int j = 0; j < b.length; j++) {
          out[i] += inv.get(i, j) * b[j];
        }
      }
      return out;
    }

    /**
     * The identification rung on {@code data} (training rewards, i.e. multiplied by {@code
     * rewardScale}; oracle states [onehot(u), z]).
     */
    public Identification identification(TransitionSet data, double rewardScale) {
      int k = baseline.actionDimension();
      int p = levels + k;
      PolicyValue value = discounted.evaluate(baseline);
      NormalEquations[] sums = NormalEquations.of(types, p);
      for (long r = 0; r < data.size(); r++) {
        Transition t = data.get(r);
        ExactTarget e = exactTarget(t, value, rewardScale);
        double[] x = new double[p];
        x[e.level()] = 1;
        for (int j = 0; j < k; j++) {
          x[levels + j] = t.action()[j] - baseline.action(e.type(), e.level())[j];
        }
        sums[e.type()].add(x, e.doneFlagTarget(), e.leaveProbabilityTarget());
      }
      double[][][] exact = baselineQ();
      int agree = 0;
      int pairs = 0;
      double rssTotal = 0;
      double rssExpected = 0;
      double se = 0;
      double signal = 0;
      double[][][] fittedCorner = new double[types][levels][];
      double[][][] exactCorner = new double[types][levels][];
      long total = 0;
      for (int u = 0; u < types; u++) {
        total += sums[u].count;
        DMatrixRMaj a = new DMatrixRMaj(p, p, true, sums[u].xtx);
        DMatrixRMaj inv = new DMatrixRMaj(p, p);
        // levels never visited have a zero row: a tiny ridge keeps the system solvable
        for (int i = 0; i < p; i++) {
          a.add(i, i, 1e-9);
        }
        if (sums[u].count <= p || !CommonOps_DDRM.invert(a, inv)) {
          throw new IllegalArgumentException("diagnose: too few transitions (" + sums[u].count + ") of user type " + u
              + " to fit " + p + " coefficients");
        }
        double[] beta = solve(inv, sums[u].xty);
        double rss = sums[u].yy;
        double rssE = sums[u].yyExpected;
        for (int i = 0; i < p; i++) {
          rss -= beta[i] * sums[u].xty[i];
          for (int j = 0; j < p; j++) {
            rssE -= sums[u].xtyExpected[i] * inv.get(i, j) * sums[u].xtyExpected[j];
          }
        }
        rssExpected += Math.max(0, rssE);
        double sigma2 = Math.max(0, rss) / (sums[u].count - p);
        rssTotal += Math.max(0, rss);
        double[] exactSlope = new double[k];
        for (int s = 0; s < levels; s++) {
          for (int j = 0; j < k; j++) {
            exactSlope[j] += visits[u][s] * rewardScale * slope(exact[u][s], candidates[u], j) / variance(candidates[u], j);
          }
        }
        double weight = 0;
        for (int s = 0; s < levels; s++) {
          weight += visits[u][s];
        }
        double[] centre = baseline.action(u, 0);
        double[] fitted = new double[k];
        double[] truth = new double[k];
        for (int j = 0; j < k; j++) {
          exactSlope[j] /= weight;
          double b = beta[levels + j];
          agree += Math.signum(b) == Math.signum(exactSlope[j]) ? 1 : 0;
          pairs++;
          se += Math.sqrt(sigma2 * inv.get(levels + j, levels + j));
          signal += Math.abs(exactSlope[j]);
          fitted[j] = clip(centre[j] + (b > 0 ? config.boxUpper() : config.boxLower()));
          truth[j] = clip(centre[j] + (exactSlope[j] > 0 ? config.boxUpper() : config.boxLower()));
        }
        for (int s = 0; s < levels; s++) {
          fittedCorner[u][s] = fitted;
          exactCorner[u][s] = truth;
        }
      }
      return new Identification(total, agree / (double) pairs, Math.sqrt(rssTotal / (total - (long) types * p)),
          Math.sqrt(rssExpected / (total - (long) types * p)), se / pairs, signal / pairs,
          ratio(OracleActionTable.of(fittedCorner)), ratio(OracleActionTable.of(exactCorner)));
    }

    /** The critic and actor rungs of one trained learner (it must expose its critic). */
    public MethodRung methodRung(String id, OfflineAlgorithm algorithm) {
      if (!(algorithm instanceof ActionValueEstimator critic)) {
        throw new IllegalArgumentException(id + ": " + algorithm.name() + " does not expose an action value"
            + " (supported: integrated-rl, ddpg)");
      }
      OracleActionTable policy = OracleActionTable.of(algorithm, types, levels, Learner.DTYPE);
      double[][][] truth = baselineQ(); // [u][s][c]
      double[][][] learned = new double[types][levels][];
      double rank = 0;
      double signs = 0;
      double attained = 0;
      double attainWeight = 0;
      double outside = 0;
      double[][][] greedyActions = new double[types][levels][];
      for (int u = 0; u < types; u++) {
        for (int s = 0; s < levels; s++) {
          double w = visits[u][s];
          double[] state = OracleActionTable.state(u, s, types, levels);
          learned[u][s] = CriticCheck.criticValues(critic, state, baseline.action(u, s), candidates[u]);
          rank += w * spearman(learned[u][s], truth[u][s]);
          signs += w * signAgreement(learned[u][s], truth[u][s], candidates[u]);
          int best = CriticCheck.argmax(learned[u][s]);
          greedyActions[u][s] = candidates[u][best].clone();
          double centre = learned[u][s][0];
          double own = CriticCheck.criticValues(critic, state, baseline.action(u, s),
              new double[][] {policy.action(u, s)})[0];
          double room = learned[u][s][best] - centre;
          if (room > 0) {
            attained += w * room * Math.min(1.0, (own - centre) / room);
            attainWeight += w * room;
          }
          outside += w * (outsideBox(policy.action(u, s), candidates[u][0]) ? 1 : 0);
        }
      }
      return new MethodRung(id, ratio(policy), rank, signs, ratio(OracleActionTable.of(greedyActions)),
          attainWeight > 0 ? attained / attainWeight : Double.NaN, outside);
    }

    /** {@link #exactQ} following mu_bp, computed once for the rungs that share it. */
    private double[][][] baselineQ() {
      if (baselineQ == null) {
        baselineQ = exactQ(discounted.evaluate(baseline));
      }
      return baselineQ;
    }

    /** [u][s][c]: exact Q of every candidate at every state, following pi afterwards. */
    private double[][][] exactQ(PolicyValue pi) {
      double[][][] q = new double[types][levels][];
      for (int u = 0; u < types; u++) {
        int c = candidates[u].length;
        for (int s = 0; s < levels; s++) {
          q[u][s] = new double[c];
        }
        for (int i = 0; i < c; i++) {
          double[] perLevel = discounted.actionValues(pi, u, candidates[u][i]);
          for (int s = 0; s < levels; s++) {
            q[u][s][i] = perLevel[s];
          }
        }
      }
      return q;
    }

    private OracleActionTable greedy(double[][][] q) {
      double[][][] a = new double[types][levels][];
      for (int u = 0; u < types; u++) {
        for (int s = 0; s < levels; s++) {
          a[u][s] = candidates[u][CriticCheck.argmax(q[u][s])].clone();
        }
      }
      return OracleActionTable.of(a);
    }

    private boolean outsideBox(double[] action, double[] centre) {
      for (int k = 0; k < action.length; k++) {
        double lo = Math.max(-1, centre[k] + config.boxLower());
        double hi = Math.min(1, centre[k] + config.boxUpper());
        if (action[k] < lo - 1e-6 || action[k] > hi + 1e-6) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Dataset {@code data} with the actions permuted within each state (transitions whose state
   * features are equal), so the action carries no information about reward or next state: the
   * placebo rung. Everything else of every transition is kept.
   */
  public static TransitionSet placebo(TransitionSet data, long seed) {
    Map<String, List<Integer>> byState = new LinkedHashMap<>();
    List<Transition> rows = new ArrayList<>();
    for (long r = 0; r < data.size(); r++) {
      Transition t = data.get(r);
      rows.add(t);
      byState.computeIfAbsent(Arrays.toString(t.state()), k -> new ArrayList<>()).add((int) r);
    }
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    float[][] actions = new float[rows.size()][];
    for (List<Integer> group : byState.values()) {
      int[] perm = group.stream().mapToInt(Integer::intValue).toArray();
      for (int i = perm.length - 1; i > 0; i--) { // Fisher-Yates
        int j = (int) Math.floorMod(rng.nextLong(), (long) (i + 1));
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      for (int i = 0; i < perm.length; i++) {
        actions[group.get(i)] = rows.get(perm[i]).action();
      }
    }
    TransitionSet.Builder b = TransitionSet.builder(data.schema());
    for (int r = 0; r < rows.size(); r++) {
      Transition t = rows.get(r);
      b.add(new Transition(t.state(), actions[r], t.reward(), t.rewardComponents(), t.nextState(), t.done(),
          t.behaviourDensity(), t.baselineAction(), t.nextBaselineAction(), t.episodeId(), t.stepIndex(),
          t.roundId()));
    }
    return b.build();
  }

  /** mu_bp(u), up to 64 box corners and uniform draws inside the box, clipped to [-1, 1]: [u][c][k]. */
  static double[][][] candidates(OracleActionTable baseline, Config config) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(config.seed());
    int types = baseline.types();
    int k = baseline.actionDimension();
    double[][][] out = new double[types][][];
    int allCorners = k >= 30 ? Integer.MAX_VALUE : 1 << k;
    int corners = Math.min(64, allCorners);
    for (int u = 0; u < types; u++) {
      double[] centre = baseline.action(u, 0);
      List<double[]> list = new ArrayList<>();
      list.add(centre.clone());
      for (int c = 0; c < corners; c++) {
        long bits = corners == allCorners ? c : rng.nextLong();
        double[] a = new double[k];
        for (int j = 0; j < k; j++) {
          a[j] = clip(centre[j] + (((bits >>> j) & 1) == 1 ? config.boxUpper() : config.boxLower()));
        }
        list.add(a);
      }
      for (int c = 0; c < config.uniformCandidates(); c++) {
        double[] a = new double[k];
        for (int j = 0; j < k; j++) {
          a[j] = clip(centre[j] + config.boxLower() + (config.boxUpper() - config.boxLower()) * rng.nextDouble());
        }
        list.add(a);
      }
      out[u] = list.toArray(new double[0][]);
    }
    return out;
  }

  private static double clip(double a) {
    return Math.max(-1, Math.min(1, a));
  }

  /**
   * Along each action dimension j: the least-squares slope of the values on a_j over the
   * candidates; the share of dimensions whose learned and exact slopes have the same sign.
   */
  static double signAgreement(double[] learned, double[] truth, double[][] candidates) {
    int k = candidates[0].length;
    int agree = 0;
    for (int j = 0; j < k; j++) {
      agree += Math.signum(slope(learned, candidates, j)) == Math.signum(slope(truth, candidates, j)) ? 1 : 0;
    }
    return agree / (double) k;
  }

  private static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  private static double[] toDouble(float[] v, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = v[i];
    }
    return out;
  }

  /** Sum of squared deviations of dimension j over the candidates: slope() / variance() is the LS slope. */
  private static double variance(double[][] x, int j) {
    double m = 0;
    for (double[] xi : x) {
      m += xi[j];
    }
    m /= x.length;
    double v = 0;
    for (double[] xi : x) {
      v += (xi[j] - m) * (xi[j] - m);
    }
    return v;
  }

  private static double slope(double[] y, double[][] x, int j) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < y.length; i++) {
      mx += x[i][j];
      my += y[i];
    }
    mx /= y.length;
    my /= y.length;
    double sxy = 0;
    for (int i = 0; i < y.length; i++) {
      sxy += (x[i][j] - mx) * (y[i] - my);
    }
    return sxy;
  }

  /** Spearman's rank correlation (average ranks for ties); 0 when either side is constant. */
  static double spearman(double[] a, double[] b) {
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += ra[i];
      mb += rb[i];
    }
    ma /= a.length;
    mb /= a.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (ra[i] - ma) * (rb[i] - mb);
      saa += (ra[i] - ma) * (ra[i] - ma);
      sbb += (rb[i] - mb) * (rb[i] - mb);
    }
    return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      for (int t = i; t <= j; t++) {
        r[order[t]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return r;
  }
}
