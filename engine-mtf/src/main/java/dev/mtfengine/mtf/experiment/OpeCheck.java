package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.metrics.MtfGauc;
import dev.mtfengine.mtf.metrics.ValidView;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.ope.Bootstrap;
import dev.mtfengine.rl.ope.DirectMethod;
import dev.mtfengine.rl.ope.DoublyRobust;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Episodes;
import dev.mtfengine.rl.ope.Estimate;
import dev.mtfengine.rl.ope.FittedQEvaluation;
import dev.mtfengine.rl.ope.ImprovementGate;
import dev.mtfengine.rl.ope.ImportanceSampling;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.OffPolicyEstimator;
import dev.mtfengine.rl.ope.PerDecisionImportanceSampling;
import dev.mtfengine.rl.ope.PerDecisionNormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.StateTableFittedQEvaluation;
import dev.mtfengine.rl.ope.ValueModel;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.rl.ope.WeightedPerDecisionImportanceSampling;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mtf ope-check} (issue 13): how far each off-policy estimate is from the truth, on the
 * simulator, which knows every policy's exact value J.
 *
 * <p>Per seed: ES is trained as in the experiment; a panel of policies is assembled (ES; ES moved
 * by seeded constant offsets of three sizes; the grid optimum; every learner's policy at a few
 * points along its training on Dataset 1, the same runs as the experiment's); test logs are drawn
 * around ES with each logging policy (Dataset 1's Gaussian action noise and Dataset 2's box) at
 * each log size, from the experiment's test episodes; every estimator values every policy on
 * every log, with a bootstrap interval, next to the policy's exact J. {@link dev.mtfengine.mtf.report.OpeAccuracy} turns
 * the rows into bias, RMSE, rank correlations and coverage.
 *
 * <p>Estimators: trajectory IS, WIS and the paper's NCIS (one capped weight per session); PDIS,
 * WPDIS and NCIS per decision; FQE (the direct method with a fitted Q: the network one, and the
 * per-state quadratic one of {@link StateTableFittedQEvaluation}) and per-decision DR with each
 * FQE model; all importance weights with the deterministic policy smoothed by the logging
 * policy's own noise scaled by k ({@link MatchedSmoothing}); MTF-GAUC as a ranking signal
 * only. Each seed's rows are written to {@code seed-N/ope-rows.json} and read back on a rerun.
 */
public final class OpeCheck {
  /**
   * The estimate of a policy on one log by one estimator, beside the policy's exact value.
   *
   * @param logging "noise" (Dataset 1's Gaussian action noise) or "box" (Dataset 2's box)
   * @param sessions the log's size
   * @param kind "es", "offset", "reference" or "learner"
   * @param exact the policy's exact J
   * @param bandwidth k of the smoothing rule ({@link MatchedSmoothing}); NaN for estimators without weights
   * @param value the estimate (NaN: none; for the gate, the estimated difference to ES)
   * @param lower the interval's lower end (for the gate, the 95 % lower bound of the difference)
   * @param upper the interval's upper end (NaN for the gate)
   * @param effectiveSampleSize Kish's ESS of the capped session weights (NaN where weights play no part)
   */
  public record Row(long seed, String logging, int sessions, String policy, String kind, double exact,
      String estimator, double bandwidth, double value, double lower, double upper, double effectiveSampleSize) {}

  /**
   * @param experiment the experiment's settings (scale, logging policies, learners, reward scale)
   * @param sizes the test log sizes in sessions
   * @param bandwidthMultipliers k of the smoothing rule, each a separate set of importance-weighted rows
   * @param cap c of both NCIS readings
   * @param bootstrapResamples B of every interval
   * @param snapshots policies taken along each learner's training (first, last and evenly between)
   * @param perturbations seeded offset directions of ES per offset size
   * @param fqeIterations Adam steps of each FQE fit
   * @param fqeTargetEvery Adam steps per FQE iteration (then Q' = Q)
   */
  public record Config(PaperExperiment.Config experiment, List<Integer> sizes, List<Double> bandwidthMultipliers,
      double cap, int bootstrapResamples, int snapshots, int perturbations, int fqeIterations, int fqeTargetEvery) {
    public Config {
      sizes = List.copyOf(sizes);
      bandwidthMultipliers = List.copyOf(bandwidthMultipliers);
      if (sizes.isEmpty() || sizes.stream().anyMatch(n -> n < 2)) {
        throw new IllegalArgumentException("ope-check: log sizes " + sizes + " must each be >= 2 sessions");
      }
      if (bandwidthMultipliers.isEmpty()) {
        throw new IllegalArgumentException("ope-check: give at least one smoothing multiplier (--bandwidths)");
      }
      bandwidthMultipliers.forEach(MatchedSmoothing::new); // validates
      if (!(cap > 0) || bootstrapResamples < 2 || snapshots < 1 || perturbations < 0 || fqeIterations < 1
          || fqeTargetEvery < 1) {
        throw new IllegalArgumentException("ope-check: need cap > 0, bootstrap resamples >= 2, snapshots >= 1,"
            + " perturbations >= 0 and FQE steps >= 1; got " + cap + ", " + bootstrapResamples + ", " + snapshots
            + ", " + perturbations + ", " + fqeIterations + ", " + fqeTargetEvery);
      }
    }

    /** Log sizes 500 and the scale's test set, k = 1, cap 100, 200 resamples, 3 snapshots, 3 directions, FQE 3,000 steps. */
    public static Config defaults(PaperExperiment.Config experiment) {
      int test = experiment.scale().testSessions();
      List<Integer> sizes = test > 500 ? List.of(500, test) : List.of(test);
      return new Config(experiment, sizes, List.of(DEFAULT_BANDWIDTH_MULTIPLIER), PolicyEvaluator.NCIS_CAP, 200, 3, 3,
          3_000, 100);
    }
  }

  /** k of the smoothing rule, chosen on tuning seed 101 (docs/ope-accuracy.md). */
  public static final double DEFAULT_BANDWIDTH_MULTIPLIER = 1.0;

  /** Offsets of ES in the panel, in action units (the box's half-width is 0.15). */
  static final double[] OFFSETS = {0.05, 0.1, 0.2};

  private static final String METHOD = "ope-check";
  private final Config config;
  private final SimulatorParams params;
  private final int workers;

  public OpeCheck(Config config, SimulatorParams params, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("ope-check: workers = " + workers + " must be >= 1");
    }
    this.config = config;
    this.params = params;
    this.workers = workers;
  }

  /** A policy of the panel with its exact value. */
  record PanelPolicy(String id, String kind, OracleActionTable table, double exact) {}

  /** Runs (or reads back) one seed under {@code directory}. */
  public List<Row> runSeed(long seed, Path directory, Progress progress) {
    return List.of(RunStore.memo(directory.resolve("ope-rows.json"), Row[].class,
        () -> computeSeed(seed, directory, progress).toArray(Row[]::new)));
  }

  private List<Row> computeSeed(long seed, Path directory, Progress progress) {
    PaperExperiment.Config ex = config.experiment();
    SessionSimulator sim = new SessionSimulator(params, seed);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults(), progress);
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    ActionBounds bounds = ActionBounds.symmetric(sim.actionDimension());
    OracleActionTable es = new PaperExperiment(ex, params, workers).trainEs(sim, seed, directory, types, levels,
        progress);
    MtfTask task = ex.task(params, seed);
    SeedTree seeds = task.seeds();
    List<PanelPolicy> panel = panel(sim, exact, es, bounds, task, directory, progress);

    List<ExplorationPolicy> loggings = List.of(new GaussianNoisePolicy(bounds, task.noiseSigma()),
        new BoxExplorationPolicy(bounds, task.box()));
    List<String> loggingNames = List.of("noise", "box");
    List<Row> rows = new ArrayList<>();
    for (int l = 0; l < loggings.size(); l++) {
      for (int size : config.sizes()) {
        rows.addAll(estimateAll(seed, loggingNames.get(l), size, sim, es, loggings.get(l), bounds, panel, seeds,
            progress));
      }
    }
    return rows;
  }

  /** ES, its offsets, the grid optimum and the learners' snapshots, each with its exact J. */
  private List<PanelPolicy> panel(SessionSimulator sim, ExactEvaluator exact, OracleActionTable es,
      ActionBounds bounds, MtfTask task, Path directory, Progress progress) {
    SeedTree seeds = task.seeds();
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    int k = sim.actionDimension();
    List<PanelPolicy> panel = new ArrayList<>();
    panel.add(new PanelPolicy("es", "es", es, exact.evaluate(es).value()));
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seeds.seed(SeedTree.Purpose.OPE_PANEL, METHOD, 0));
    for (double offset : OFFSETS) {
      for (int d = 0; d < config.perturbations(); d++) {
        double[] direction = unitRms(rng, k);
        OracleActionTable moved = OracleActionTable.of((u, s) -> {
          double[] a = es.action(u, s).clone();
          for (int j = 0; j < k; j++) {
            a[j] = bounds.clip(j, a[j] + offset * direction[j]);
          }
          return a;
        }, types, levels);
        panel.add(new PanelPolicy(String.format(java.util.Locale.ROOT, "es+%.2f#%d", offset, d + 1), "offset", moved,
            exact.evaluate(moved).value()));
      }
    }
    OracleActionTable optimum = OracleActionTable.of(exact.optimalPolicy(), types, levels);
    panel.add(new PanelPolicy("grid optimum", "reference", optimum, exact.evaluate(optimum).value()));

    PaperExperiment.Config ex = config.experiment();
    TransitionSet d1 = ExplorationData.collect(sim, es.asSessionPolicy(),
        new GaussianNoisePolicy(bounds, ex.noiseSigma()), 0, ex.scale().sessions(), 0,
        ExplorationData.scaledRewards(ex.rewardScale())).transitions();
    List<Callable<List<PanelPolicy>>> jobs = new ArrayList<>();
    for (Learner learner : ex.learners()) {
      jobs.add(() -> snapshots(learner, d1, task, exact, types, levels, progress));
    }
    for (List<PanelPolicy> s : PaperExperiment.runAll(jobs, null, workers, "ope-check")) {
      panel.addAll(s);
    }
    return panel;
  }

  /** A direction with root mean square 1 over its K values, from {@code rng}. */
  private static double[] unitRms(Xoshiro256StarStar rng, int k) {
    double[] d = new double[k];
    double sumSq = 0;
    for (int j = 0; j < k; j++) {
      d[j] = rng.nextGaussian();
      sumSq += d[j] * d[j];
    }
    double scale = Math.sqrt(k / sumSq);
    for (int j = 0; j < k; j++) {
      d[j] *= scale;
    }
    return d;
  }

  /** The learner trained on Dataset 1 exactly as in the experiment, its policy kept at each learning-curve point. */
  private List<PanelPolicy> snapshots(Learner learner, TransitionSet d1, MtfTask task, ExactEvaluator exact,
      int types, int levels, Progress progress) {
    String id = learner.id() + "-d1";
    PaperExperiment.Config ex = config.experiment();
    List<OracleActionTable> tables = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    TrainingRun.Result r = TrainingRun.train(learner, ex.learnerSettings(task, id, types), d1,
        ex.runSettings(task, id), null, b -> {
          OracleActionTable t = PaperExperiment.table(b, types, levels);
          double v = exact.evaluate(t).value();
          tables.add(t);
          values.add(v);
          return v;
        }, null, progress, learner.label() + " D1 (ope-check panel)");
    int n = tables.size();
    List<PanelPolicy> out = new ArrayList<>();
    int taken = Math.min(config.snapshots(), n);
    int previous = -1;
    for (int j = 0; j < taken; j++) {
      int index = taken == 1 ? n - 1 : (int) Math.round(j * (n - 1) / (double) (taken - 1));
      if (index == previous) {
        continue;
      }
      previous = index;
      long iteration = r.curve().get(index).iteration();
      out.add(new PanelPolicy(learner.id() + "@" + iteration, "learner", tables.get(index), values.get(index)));
    }
    return out;
  }

  /** Every estimator on every policy of the panel, on one test log. */
  private List<Row> estimateAll(long seed, String loggingName, int size, SessionSimulator sim, OracleActionTable es,
      ExplorationPolicy logging, ActionBounds bounds, List<PanelPolicy> panel, SeedTree seeds, Progress progress) {
    PaperExperiment.Config ex = config.experiment();
    MtfLog log = ExplorationData.log(sim, es.asSessionPolicy(), logging, PaperExperiment.TEST_FIRST_EPISODE, size);
    RewardConfig rewards = RewardConfig.defaults();
    TransitionSet logged = SessionTransitions.toTransitionSet(log, ExplorationData.ENCODING, rewards, 0);
    List<Episode> episodes = Episodes.from(logged);
    double rewardScale = ex.rewardScale();
    TransitionSet fqeData = SessionTransitions.toTransitionSet(log, ExplorationData.ENCODING,
        ExplorationData.scaledRewards(rewardScale), 0);
    String tag = loggingName + "-" + size;
    Bootstrap bootstrap = new Bootstrap(config.bootstrapResamples(), 0.95,
        seeds.seed(SeedTree.Purpose.OPE_BOOTSTRAP, tag, 0));
    long fqeSeed = seeds.seed(SeedTree.Purpose.OPE_FQE, tag, 0);
    List<Callable<List<Row>>> jobs = new ArrayList<>();
    try (Progress.Task task = progress.start("ope-check seed " + seed + ", " + loggingName + " log of " + size
        + " sessions", panel.size())) {
      int[] done = {0};
      for (PanelPolicy p : panel) {
        jobs.add(() -> {
          List<Row> out = new ArrayList<>();
          ValueModel fqe = scaled(new FittedQEvaluation(new FittedQEvaluation.Config(ex.scale().hidden(), 1.0, 1e-3,
              config.fqeIterations(), ex.scale().batchSize(), config.fqeTargetEvery(), Learner.DTYPE, fqeSeed))
              .fit(fqeData, p.table()), rewardScale);
          ValueModel table = tableModel(logged, p.table());
          out.add(row(seed, loggingName, size, p, "fqe", Double.NaN, direct(fqe, episodes, bootstrap)));
          out.add(row(seed, loggingName, size, p, "fqe-table", Double.NaN, direct(table, episodes, bootstrap)));
          for (double k : config.bandwidthMultipliers()) {
            WeightedEpisodes w = WeightedEpisodes.of(episodes, new MatchedSmoothing(k).smooth(p.table(), logging), 1.0);
            for (OffPolicyEstimator e : List.of(new ImportanceSampling(), NormalisedCappedImportanceSampling.weighted(),
                new NormalisedCappedImportanceSampling(config.cap()), new PerDecisionImportanceSampling(),
                new WeightedPerDecisionImportanceSampling(),
                new PerDecisionNormalisedCappedImportanceSampling(config.cap()), new DoublyRobust(fqe))) {
              out.add(row(seed, loggingName, size, p, e.name(), k, estimate(e, w, bootstrap)));
            }
            out.add(row(seed, loggingName, size, p, "dr-table", k,
                table == null ? null : estimate(new DoublyRobust(table), w, bootstrap)));
          }
          if (size == largestSize() && !p.kind().equals("es")) {
            out.add(gateRow(seed, loggingName, size, p, logged, es, seeds.seed(SeedTree.Purpose.OPE_BOOTSTRAP,
                tag + "-gate", 0)));
          }
          double gauc = MtfGauc.evaluate(log, sim.ranker(), p.table(), ExplorationData.ENCODING, rewards,
              ValidView.LONG_VIEW).gauc();
          out.add(new Row(seed, loggingName, size, p.id(), p.kind(), p.exact(), "mtf-gauc", Double.NaN, gauc,
              Double.NaN, Double.NaN, Double.NaN));
          synchronized (done) {
            task.update(++done[0], p.id());
          }
          return out;
        });
      }
      List<Row> rows = new ArrayList<>();
      rows.add(loggedMean(seed, loggingName, size, panel.get(0), episodes));
      for (List<Row> r : PaperExperiment.runAll(jobs, null, workers, "ope-check")) {
        rows.addAll(r);
      }
      return rows;
    }
  }

  /** The estimator name of the log's own mean return, a row of ES only. */
  public static final String LOGGED_MEAN = "logged-mean";

  /**
   * The log's mean session return with its 95 % normal interval, beside ES's exact J: what any
   * estimate of ES's value from this log is up against (the sessions' own spread), and, since the
   * log explores around ES, the value of ES deployed with that exploration.
   */
  private static Row loggedMean(long seed, String logging, int size, PanelPolicy es, List<Episode> episodes) {
    double[] g = episodes.stream().mapToDouble(e -> java.util.Arrays.stream(e.rewards()).sum()).toArray();
    double mean = java.util.Arrays.stream(g).average().orElseThrow();
    double var = java.util.Arrays.stream(g).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, g.length - 1);
    double half = 1.96 * Math.sqrt(var / g.length);
    return new Row(seed, logging, size, es.id(), es.kind(), es.exact(), LOGGED_MEAN, Double.NaN, mean, mean - half,
        mean + half, g.length);
  }

  private int largestSize() {
    return config.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
  }

  /**
   * The deploy gate's decision on {@code p} against ES ({@link ImprovementGate#stateTableFqe}, 95 %):
   * value = the estimated difference, lower = its lower bound, upper = NaN; the policy deploys when
   * lower &gt; 0. No bound (the model did not settle on some resample) is a missing row: no deploy.
   */
  private Row gateRow(long seed, String logging, int size, PanelPolicy p, TransitionSet logged, OracleActionTable es,
      long bootstrapSeed) {
    try {
      ImprovementGate.Decision d = ImprovementGate.stateTableFqe(logged, p.table(), es,
          StateTableFittedQEvaluation.Config.defaults(1.0), GATE_CONFIDENCE, config.bootstrapResamples(), bootstrapSeed);
      return new Row(seed, logging, size, p.id(), p.kind(), p.exact(), GATE, Double.NaN, d.difference(), d.lowerBound(),
          Double.NaN, Double.NaN);
    } catch (IllegalStateException notSettled) {
      return new Row(seed, logging, size, p.id(), p.kind(), p.exact(), GATE, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN);
    }
  }

  /** The estimator name of the deploy gate's rows. */
  public static final String GATE = "gate";

  /** The deploy gate's confidence. */
  public static final double GATE_CONFIDENCE = 0.95;

  /** The per-state quadratic FQE of the policy, or null where it diverged (a target far outside the log). */
  private static ValueModel tableModel(TransitionSet logged, OracleActionTable policy) {
    try {
      return new StateTableFittedQEvaluation(StateTableFittedQEvaluation.Config.defaults(1.0)).fit(logged, policy);
    } catch (IllegalStateException diverged) {
      return null;
    }
  }

  /** The direct method's estimate, or none where the model is missing or gives non-finite values. */
  private static Estimate direct(ValueModel model, List<Episode> episodes, Bootstrap bootstrap) {
    if (model == null) {
      return null;
    }
    try {
      return new DirectMethod(model).estimate(episodes, bootstrap);
    } catch (IllegalStateException notFinite) {
      return null;
    }
  }

  /**
   * The estimate, or none (a missing row) when the log holds no evidence about the target (every
   * weight 0) or the weights overflow a double (a target wider than the logger, over long sessions).
   */
  private static Estimate estimate(OffPolicyEstimator e, WeightedEpisodes w, Bootstrap bootstrap) {
    try {
      return e.estimate(w, bootstrap);
    } catch (IllegalArgumentException | IllegalStateException noEstimate) {
      return null;
    }
  }

  private static Row row(long seed, String logging, int size, PanelPolicy p, String estimator, double k, Estimate e) {
    if (e == null) {
      return new Row(seed, logging, size, p.id(), p.kind(), p.exact(), estimator, k, Double.NaN, Double.NaN,
          Double.NaN, 0.0);
    }
    return new Row(seed, logging, size, p.id(), p.kind(), p.exact(), estimator, k, e.value(), e.lower(), e.upper(),
        e.effectiveSampleSize().orElse(Double.NaN));
  }

  /** A value model fitted on rewards multiplied by {@code scale}, read back in the log's reward units. */
  private static ValueModel scaled(ValueModel m, double scale) {
    return new ValueModel() {
      @Override
      public double q(float[] state, float[] action) {
        return m.q(state, action) / scale;
      }

      @Override
      public double v(float[] state) {
        return m.v(state) / scale;
      }

      @Override
      public double[] q(float[][] states, float[][] actions) {
        double[] q = m.q(states, actions);
        for (int i = 0; i < q.length; i++) {
          q[i] /= scale;
        }
        return q;
      }

      @Override
      public double[] v(float[][] states) {
        double[] v = m.v(states);
        for (int i = 0; i < v.length; i++) {
          v[i] /= scale;
        }
        return v;
      }
    };
  }
}
