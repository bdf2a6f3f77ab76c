package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.baseline.EsBaseline;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.BaselineReport;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.sim.StationaryPolicy;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.tensor.kernel.ComputePool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The IntegratedRL-MTF paper's offline experiment, on the simulator, for one seed (issue 6):
 *
 * <ul>
 *   <li>baseline policy mu_bp = ES (a linear map from user features to the action, tuned by
 *       CMA-ES on simulated sessions);
 *   <li>Dataset 1: ES + N(0, 0.2^2) action noise; Dataset 2: ES + box U(-0.15, 0.15); Dataset 3:
 *       five progressive rounds of box exploration around the current policy; all three spend
 *       the same sessions (the same episode indices, so the same users);
 *   <li>DDPG, CQL+SAC, IQL, BatchRL-MTF (BCQ) and TD3+BC trained on Dataset 1, IntegratedRL on
 *       Dataset 1 as well (the same-learner comparison of finding 1), IntegratedRL without
 *       progressive training on Dataset 2, IntegratedRL with progressive training on Dataset 3;
 *   <li>every policy scored by {@link PolicyEvaluator}: exact J and J / J*, MTF-GAUC and NCIS on
 *       the test set (held-out ES sessions with the Dataset-1 noise, so NCIS has densities to
 *       weigh), valid consumption and watch time per user from its own sessions.
 * </ul>
 *
 * <p>Everything is written under the seed's directory: the datasets, each method's checkpoints,
 * metrics and {@code method.json}, the progressive rounds with their lineage, and {@code
 * seed.json} with all scores. A rerun skips what is complete and resumes what is not.
 */
public final class PaperExperiment {
  /** Results may hold NaN (e.g. MTF-GAUC with no user of both classes), so it is read back too. */
  /** First episode of the test set: beyond every training range. */
  public static final long TEST_FIRST_EPISODE = 1_500_000_000L;
  /** First episode of the Monte Carlo consumption sessions. */
  public static final long CONSUMPTION_FIRST_EPISODE = 2_000_000_000L;

  /**
   * The experiment's settings beyond the scale.
   *
   * @param scale sizes
   * @param gamma the MDP's discount for every learner (default: {@link MtfTask#paper()}'s, as are
   *     the next four)
   * @param rewardScale rewards are multiplied by this for training (a positive factor leaves the
   *     optimal policy unchanged and keeps Q near the penalty's scale)
   * @param noiseSigma sd of Dataset 1's action noise
   * @param boxLower lower edge of the exploration box, Dataset 2's and 3's, and IntegratedRL's
   *     penalty box
   * @param boxUpper upper edge
   * @param rounds progressive rounds of Dataset 3 (5); the exploration budget is split into them
   * @param fullRounds every round trains the scale's full {@code iterations}, as the paper trains
   *     each round's model before deploying it (true), or {@code iterations / rounds}, so Dataset 3
   *     gets the same updates as Datasets 1 and 2 (false, the default: measured better on the tuning
   *     seeds, decision 13)
   * @param pooledRounds each round trains on all rounds' data so far (true) or on its own round's
   *     data only
   * @param expectedTermination every learner's targets use an estimate of P(done | s') fit to the
   *     run's data in place of the logged done flags (true; decision 16) or the flags (false, the
   *     default, as in the papers: the estimate was measured to change no result)
   * @param learners the baselines trained on Dataset 1 (IntegratedRL always runs)
   */
  public record Config(ExperimentScale scale, double gamma, double rewardScale,
      double noiseSigma, double boxLower, double boxUpper, int rounds, boolean fullRounds, boolean pooledRounds,
      boolean expectedTermination, Learner.CriticChoice criticChoice, List<Learner> learners) {
    public Config {
      learners = List.copyOf(learners);
      if (criticChoice == null) {
        criticChoice = Learner.CriticChoice.paper(); // run directories written before the field existed
      }
      if (!(gamma > 0 && gamma < 1)) {
        throw new IllegalArgumentException("experiment: gamma = " + gamma + " must be in (0, 1)");
      }
      if (!(noiseSigma > 0) || !(boxLower < boxUpper) || rounds < 1) {
        throw new IllegalArgumentException("experiment: need noiseSigma > 0, boxLower < boxUpper, rounds >= 1; got "
            + noiseSigma + ", " + boxLower + ", " + boxUpper + ", " + rounds);
      }
      ExplorationData.scaledRewards(rewardScale); // validates
      if (!(boxUpper > 0 && boxUpper < 2)) {
        throw new IllegalArgumentException("experiment: boxUpper = " + boxUpper + " must be in (0, 2)");
      }
    }

    /**
     * The experiment's settings at the given scale, with every baseline: the paper's where it
     * states them, the decisions of docs/algorithms/experiment.md where it does not or where the
     * measurements overrule it (IntegratedRL's critics: decision 17).
     */
    public static Config defaults(ExperimentScale scale) {
      MtfTask t = MtfTask.paper();
      return new Config(scale, t.discount(), t.rewardScale(), t.noiseSigma(), t.box().lower(), t.box().upper(), 5, false,
          true, false, Learner.CriticChoice.experiment(),
          List.of(Learner.DDPG, Learner.CQL_SAC, Learner.IQL, Learner.BATCH_RL_MTF, Learner.TD3_BC));
    }

    /**
     * The task these settings describe: every learner's discount and penalty box, the datasets'
     * exploration and reward scale; the action space and the seed tree are the paper's until a run
     * sets its simulator's and its seed ({@link #task(SimulatorParams, long)}).
     */
    public MtfTask task() {
      return MtfTask.paper().withDiscount(gamma).withBox(new ExplorationBox(boxLower, boxUpper))
          .withNoiseSigma(noiseSigma).withRewardScale(rewardScale);
    }

    /**
     * {@link #task()} with the action space (fusion family and action map) of {@code world} and the
     * seed tree rooted at {@code seed}: the task of one seed of the experiment.
     */
    public MtfTask task(SimulatorParams world, long seed) {
      return task().withFusion(world.fusion()).withSeed(seed);
    }

    /**
     * Where the ES policy's largest fusion weight is put, in normalised units, by {@link
     * FusionRanker#withLargestWeightAt} (decision 11): {@code 1 - boxUpper}, the highest point from
     * which the whole exploration box still fits inside [-1, 1]; the others keep their ratios to it.
     */
    public double esLargestWeight() {
      return 1 - boxUpper;
    }

    /**
     * Every learner's shared settings for {@code task}: oracle states [onehot(u), z], the task's K
     * actions, its discount and box, and the initialisation seed of {@code method} (e.g. "iql-d1")
     * from its seed tree.
     */
    public Learner.Settings learnerSettings(MtfTask task, String method, int types) {
      return new Learner.Settings(types + 1, task.actionDim(), scale.hidden(), scale.critics(), task, 0, criticChoice)
          .seeded(method, 0);
    }

    /** Every training run's settings, with the minibatch and cloning seeds of {@code method} from the task's tree. */
    public TrainingRun.Settings runSettings(MtfTask task, String method) {
      return new TrainingRun.Settings(scale.iterations(), scale.batchSize(), scale.evaluateEvery(), 0, 0,
          scale.cloningIterations(), 0, expectedTermination ? scale.terminationIterations() : 0, 0)
          .seeded(task.seeds(), method, 0);
    }

    /** The same settings for another task (discount, box, noise, reward scale). */
    public Config withTask(MtfTask t) {
      return new Config(scale, t.discount(), t.rewardScale(), t.noiseSigma(), t.box().lower(), t.box().upper(), rounds,
          fullRounds, pooledRounds, expectedTermination, criticChoice, learners);
    }

    /** The same settings with {@code r} progressive rounds. */
    public Config withRounds(int r) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, r, fullRounds, pooledRounds,
          expectedTermination, criticChoice, learners);
    }

    /** The same settings with Dataset 3's rounds trained on pooled ({@code true}) or latest-round data. */
    public Config withPooledRounds(boolean pooled) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, rounds, fullRounds, pooled,
          expectedTermination, criticChoice, learners);
    }

    /** The same settings with every progressive round trained fully ({@code true}) or for {@code iterations / rounds}. */
    public Config withFullRounds(boolean full) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, rounds, full, pooledRounds,
          expectedTermination, criticChoice, learners);
    }

    /** The same settings with expected termination on ({@code true}) or the logged done flags. */
    public Config withExpectedTermination(boolean on) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, rounds, fullRounds, pooledRounds, on,
          criticChoice, learners);
    }

    /** The same settings with other IntegratedRL critics. */
    public Config withCriticChoice(Learner.CriticChoice choice) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, rounds, fullRounds, pooledRounds,
          expectedTermination, choice, learners);
    }

    /** The same settings with other Dataset-1 learners. */
    public Config withLearners(List<Learner> l) {
      return new Config(scale, gamma, rewardScale, noiseSigma, boxLower, boxUpper, rounds, fullRounds, pooledRounds,
          expectedTermination, criticChoice, l);
    }
  }

  /**
   * One method's outcome.
   *
   * @param id e.g. {@code "ddpg-d1"}
   * @param label e.g. {@code "DDPG (Dataset 1: ES + N(0, 0.2^2))"}
   * @param learner the learner's id ("es" for the baseline)
   * @param dataset "1", "2", "3" or "-" for ES
   * @param score every metric
   * @param curve exact J along training (empty for ES)
   * @param actions the policy's action at every (u, s), [u][s][k]
   * @param seconds wall time of its training
   */
  public record MethodResult(String id, String label, String learner, String dataset, PolicyEvaluator.Score score,
      List<TrainingRun.CurvePoint> curve, double[][][] actions, double seconds) {}

  /**
   * A seed's outcome.
   *
   * @param seed simulator, ES, learner and sampler seeds derive from it
   * @param optimal J*
   * @param references exact J / J* of reference policies (greedy, static, per-type static,
   *     uniform, the optimum of the discounted MDP the learners solve)
   * @param methods ES and the trained policies, in table order
   * @param rounds the progressive rounds of Dataset 3 with their lineage
   * @param seconds wall time of the seed
   */
  public record SeedResult(long seed, double optimal, Map<String, Double> references, List<MethodResult> methods,
      List<ProgressiveTraining.RoundRecord> rounds, double seconds) {}

  private final Config config;
  private final SimulatorParams params;
  private final int workers;

  /**
   * @param workers trainings run side by side within a seed (>= 1); the results do not depend on
   *     it (kernels are bit-identical across thread counts)
   */
  public PaperExperiment(Config config, SimulatorParams params, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("experiment: workers = " + workers + " must be >= 1");
    }
    this.config = config;
    this.params = params;
    this.workers = workers;
  }

  public Config config() {
    return config;
  }

  /** Runs (or resumes) one seed under {@code directory}. */
  public SeedResult runSeed(long seed, Path directory, Progress progress) {
    return RunStore.memo(directory.resolve("seed.json"), SeedResult.class, () -> computeSeed(seed, directory, progress));
  }

  private SeedResult computeSeed(long seed, Path directory, Progress progress) {
    long start = System.nanoTime();
    ExperimentScale scale = config.scale();
    MtfTask task = config.task(params, seed);
    SessionSimulator sim = new SessionSimulator(params, seed);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults(), progress);
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    ActionBounds bounds = ActionBounds.symmetric(task.actionDim());
    RewardConfig trainingRewards = ExplorationData.scaledRewards(task.rewardScale());

    Map<String, Double> references = references(sim, exact, types, levels);

    // ES, the baseline policy mu_bp of every dataset
    OracleActionTable es = trainEs(sim, seed, directory, types, levels, progress);

    ExplorationPolicy noise = new GaussianNoisePolicy(bounds, task.noiseSigma());
    ExplorationPolicy box = new BoxExplorationPolicy(bounds, task.box());
    MtfLog test = ExplorationData.log(sim, es.asSessionPolicy(), noise, TEST_FIRST_EPISODE, scale.testSessions());
    PolicyEvaluator evaluator = new PolicyEvaluator(sim, exact, test, noise, CONSUMPTION_FIRST_EPISODE,
        scale.consumptionSessions());

    List<MethodResult> methods = new ArrayList<>();
    methods.add(new MethodResult("es", "ES (baseline policy)", "es", "-", evaluator.score(es), List.of(),
        es.toArray(), 0.0));

    // collected by the first job that needs them, while the progressive run (which collects its own)
    // has already started on the other worker
    Supplier<TransitionSet> d1 = once(() -> RunStore.memoTransitions(directory.resolve("data/dataset-1.mtft"),
        () -> ExplorationData.collect(sim, es.asSessionPolicy(), noise, 0, scale.sessions(), 0, trainingRewards)
            .transitions()));
    Supplier<TransitionSet> d2 = once(() -> RunStore.memoTransitions(directory.resolve("data/dataset-2.mtft"),
        () -> ExplorationData.collect(sim, es.asSessionPolicy(), box, 0, scale.sessions(), 0, trainingRewards)
            .transitions()));

    String noiseName = String.format(java.util.Locale.ROOT, "ES + N(0, %s^2)", task.noiseSigma());
    String boxName = String.format(java.util.Locale.ROOT, "ES + box U(%s, %s)", task.box().lower(), task.box().upper());
    List<Learner> onD1 = new ArrayList<>(config.learners());
    onD1.remove(Learner.INTEGRATED_RL);
    onD1.add(Learner.INTEGRATED_RL);
    // independent trainings run side by side; each result lands in its table slot, so the table
    // and every number are the same for any number of workers
    List<Callable<MethodResult>> jobs = new ArrayList<>();
    for (Learner l : onD1) {
      jobs.add(() -> trainMethod(l, l.id() + "-d1", l.label() + " (Dataset 1: " + noiseName + ")", "1", d1,
          task, evaluator, types, levels, directory, progress));
    }
    jobs.add(() -> trainMethod(Learner.INTEGRATED_RL, "integrated-rl-d2",
        "IntegratedRL w/o progressive (Dataset 2: " + boxName + ")", "2", d2, task, evaluator,
        types, levels, directory, progress));
    ProgressiveTraining.Result[] progressive = new ProgressiveTraining.Result[1];
    jobs.add(() -> {
      progressive[0] = progressive(sim, es, box, trainingRewards, task, evaluator::value,
          directory, progress);
      OracleActionTable finalPolicy = table(progressive[0].learner(), types, levels);
      List<TrainingRun.CurvePoint> curve = new ArrayList<>();
      double seconds = 0;
      for (ProgressiveTraining.RoundRecord r : progressive[0].rounds()) {
        curve.addAll(r.curve());
        seconds += r.seconds();
      }
      return new MethodResult("integrated-rl-d3", "IntegratedRL (Dataset 3: " + config.rounds()
          + " progressive rounds of " + boxName.substring(5) + ")", Learner.INTEGRATED_RL.id(), "3",
          evaluator.score(finalPolicy), curve, finalPolicy.toArray(), seconds);
    });
    methods.addAll(runAll(jobs, longestFirst(onD1), workers, "experiment"));

    SeedResult result = new SeedResult(seed, evaluator.optimal(), references, methods, progressive[0].rounds(),
        (System.nanoTime() - start) * 1e-9);
    return result;
  }

  /**
   * Progressive training alone (what {@code mtf progressive} runs on the simulator): ES, then
   * {@code config.rounds()} rounds of box exploration around the latest policy, each round valued
   * exactly. Files as in {@link #runSeed}: {@code es/} and {@code integrated-rl-d3/round-r/}.
   *
   * @return the rounds, J* and the ES policy's exact value
   */
  public ProgressiveOutcome progressiveOnly(long seed, Path directory, Progress progress) {
    MtfTask task = config.task(params, seed);
    SessionSimulator sim = new SessionSimulator(params, seed);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults(), progress);
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    OracleActionTable es = trainEs(sim, seed, directory, types, levels, progress);
    ProgressiveTraining.Result r = progressive(sim, es,
        new BoxExplorationPolicy(ActionBounds.symmetric(task.actionDim()), task.box()),
        ExplorationData.scaledRewards(task.rewardScale()), task,
        t -> exact.evaluate(t).value(), directory, progress);
    return new ProgressiveOutcome(r, exact.optimal().value().value(), exact.evaluate(es).value());
  }

  /** What {@link #progressiveOnly} returns. */
  public record ProgressiveOutcome(ProgressiveTraining.Result result, double optimal, double esValue) {}

  /** Dataset 3: the same sessions split into rounds, each exploring around the latest policy. */
  private ProgressiveTraining.Result progressive(SessionSimulator sim, OracleActionTable es, ExplorationPolicy box,
      RewardConfig trainingRewards, MtfTask task,
      java.util.function.ToDoubleFunction<OracleActionTable> value, Path directory, Progress progress) {
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    int perRound = config.scale().sessions() / config.rounds();
    ProgressiveTraining.RoundSource source = (round, current) -> {
      OracleActionTable baseline = current == null ? es : table(current, types, levels);
      TransitionSet data = ExplorationData.collect(sim, baseline.asSessionPolicy(), box, (long) round * perRound,
          perRound, round, trainingRewards).transitions();
      return new ProgressiveTraining.RoundData(data,
          current == null ? "ES baseline" : "round " + (round - 1) + " policy");
    };
    String method = "integrated-rl-d3";
    return ProgressiveTraining.run(Learner.INTEGRATED_RL,
        config.learnerSettings(task, method, types), method,
        new ProgressiveTraining.Config(config.rounds(), config.pooledRounds(), true,
            config.fullRounds() ? config.scale().iterations() : Math.max(1, config.scale().iterations() / config.rounds())),
        source, config.runSettings(task, method), b -> value.applyAsDouble(table(b, types, levels)),
        b -> Map.of("value", value.applyAsDouble(table(b, types, levels))),
        b -> table(b, types, levels).toArray(), directory.resolve("integrated-rl-d3"), progress,
        "IntegratedRL D3");
  }

  /**
   * The order in which to start the jobs (indices into the job list: the Dataset-1 learners, then
   * IntegratedRL on Dataset 2, then the progressive run): the slowest first, so two workers finish
   * together (the progressive run collects data and trains five times, the whole run with
   * --full-rounds; CQL+SAC and BCQ sample ten actions per state and take several times longer).
   */
  private static List<Integer> longestFirst(List<Learner> onD1) {
    List<Integer> order = new ArrayList<>();
    order.add(onD1.size() + 1); // progressive
    for (Learner slow : List.of(Learner.CQL_SAC, Learner.BATCH_RL_MTF)) {
      if (onD1.contains(slow)) {
        order.add(onD1.indexOf(slow));
      }
    }
    order.add(onD1.indexOf(Learner.INTEGRATED_RL));
    order.add(onD1.size()); // IntegratedRL on Dataset 2
    for (int i = 0; i < onD1.size(); i++) {
      if (!order.contains(i)) {
        order.add(i);
      }
    }
    return order;
  }

  /**
   * Runs the jobs on {@code workers} daemon threads, starting them in {@code order} (null: job
   * order); results in job order, so nothing depends on the number of workers. {@code what} names
   * the command in the message of an interrupted run. With several workers each job keeps its
   * kernels on its own thread ({@link ComputePool#onCallingThread}): the jobs already fill the
   * cores, and kernels split over the pool as well made {@code mtf experiment --scale standard
   * --seeds 1} slower (78.0 s against 71.4 s, issue 12).
   */
  static <T> List<T> runAll(List<Callable<T>> jobs, List<Integer> order, int workers, String what) {
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, what + "-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), null));
      for (int k = 0; k < jobs.size(); k++) {
        int i = order == null ? k : order.get(k);
        Callable<T> job = jobs.get(i);
        futures.set(i, pool.submit(workers > 1 ? () -> ComputePool.onCallingThread(job) : job));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted; rerun the same command to resume", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code load} run once, by the first caller, while any other waits: a dataset the jobs share. */
  private static <T> Supplier<T> once(Supplier<T> load) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = load.get();
        }
        return value;
      }
    };
  }

  static OracleActionTable table(Learner.Built b, int types, int levels) {
    return OracleActionTable.of(b.algorithm(), types, levels, Learner.DTYPE);
  }

  private Map<String, Double> references(SessionSimulator sim, ExactEvaluator exact, int types, int levels) {
    Map<String, Double> refs = new LinkedHashMap<>();
    BaselineReport report = exact.baselines();
    for (BaselineReport.Baseline b : report.baselines()) {
      refs.put(b.name(), b.ratio());
    }
    // the best the learners can do: they maximise the discounted return, J counts every request
    ExactEvaluator discounted = new ExactEvaluator(sim, ExactConfig.defaults().withDiscount(config.gamma()));
    refs.put("optimal for gamma " + config.gamma(),
        exact.evaluate(discounted.optimalPolicy()).value() / report.optimal());
    return refs;
  }

  OracleActionTable trainEs(SessionSimulator sim, long seed, Path directory, int types, int levels,
      Progress progress) {
    return OracleActionTable.of(RunStore.memo(directory.resolve("es/policy.json"), double[][][].class,
        () -> fitEs(sim, seed, types, levels, progress).toArray()));
  }

  private OracleActionTable fitEs(SessionSimulator sim, long seed, int types, int levels, Progress progress) {
    ExperimentScale scale = config.scale();
    EsBaseline.Config d = EsBaseline.Config.defaults();
    EsBaseline es = new EsBaseline(sim, new EsBaseline.Config(d.populationSize(), d.initialSigma(),
        scale.esEvaluations(), scale.esTrainingSessions(), d.heldOutEpisodes(), seed, ObservationConfig.oracle()));
    EsBaseline.Result r;
    try (Progress.Task t = progress.start("ES baseline (CMA-ES)", 0)) {
      r = es.train();
      t.update(r.evaluations(), "");
    }
    // the same ranking at every request, moved off the near-zero-weight corner CMA-ES drifts into
    StationaryPolicy tuned = r.policy().asStationaryPolicy();
    FusionRanker ranker = sim.ranker();
    OracleActionTable table = OracleActionTable.of(
        (u, s) -> ranker.withLargestWeightAt(tuned.action(u, s), config.esLargestWeight()), types, levels);
    return table;
  }

  private MethodResult trainMethod(Learner learner, String id, String label, String dataset,
      Supplier<TransitionSet> data,
      MtfTask task, PolicyEvaluator evaluator, int types, int levels,
      Path directory, Progress progress) {
    Path dir = directory.resolve(id);
    return RunStore.memo(dir.resolve("method.json"), MethodResult.class, () -> {
      TrainingRun.Result r = TrainingRun.train(learner,
          config.learnerSettings(task, id, types), data.get(), config.runSettings(task, id),
          null, b -> evaluator.value(table(b, types, levels)), dir, progress,
          label.substring(0, label.indexOf(" (")) + " D" + dataset);
      OracleActionTable policy = table(r.learner(), types, levels);
      return new MethodResult(id, label, learner.id(), dataset, evaluator.score(policy), r.curve(), policy.toArray(),
          r.seconds());
    });
  }
}
