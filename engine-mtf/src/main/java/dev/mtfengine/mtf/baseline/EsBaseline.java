package dev.mtfengine.mtf.baseline;

import dev.mtfengine.mtf.sim.BaselineReport;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.MonteCarloEvaluator;
import dev.mtfengine.mtf.sim.MonteCarloResult;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import java.util.Locale;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * The ES baseline (algorithm.md section 6), the production benchmark of the IntegratedRL-MTF
 * paper: a {@link LinearFeaturePolicy} from user profile features to fusion weights whose
 * parameters are tuned by CMA-ES (Commons Math's {@link CMAESOptimizer}) to maximise the Monte
 * Carlo session value on simulated requests.
 *
 * <p>Objective: the mean undiscounted session return over the fixed training episodes {@code [0,
 * trainingEpisodes)}. Every candidate runs on the same episode indices, so the simulator's common
 * random numbers make the objective a deterministic function of the parameter vector: CMA-ES
 * compares candidates without sampling noise between them (the noise is shared, and shows up only
 * as over-fitting to those episodes, which the held-out evaluation measures).
 *
 * <p>Determinism: CMA-ES draws its Gaussian samples from Commons Math's own {@code
 * RandomGenerator} type, which we seed explicitly with a {@link MersenneTwister}{@code (seed)}; the
 * Monte Carlo objective runs episodes in parallel but sums them in index order. Same simulator,
 * same config, same result.
 */
public final class EsBaseline {
  /**
   * First episode index of the held-out evaluation: far beyond any training range, so held-out
   * sessions share no random streams with the training sessions.
   */
  public static final long HELD_OUT_FIRST_EPISODE = 1_000_000_000L;

  /**
   * Settings.
   *
   * @param populationSize lambda, candidates per CMA-ES generation (>= 2; CMA-ES's own default
   *     for the 20 parameters of the default simulator is 4 + floor(3 ln 20) = 12)
   * @param initialSigma initial step size, the same for every parameter (> 0), in units of the
   *     pre-tanh activation
   * @param maxEvaluations budget of objective evaluations (>= populationSize)
   * @param trainingEpisodes sessions per objective evaluation (>= 2)
   * @param heldOutEpisodes sessions of the held-out evaluation (>= 2)
   * @param seed seeds CMA-ES's MersenneTwister
   * @param observation oracle (features = one-hot type) or realistic (noisy user features)
   */
  public record Config(int populationSize, double initialSigma, int maxEvaluations,
      int trainingEpisodes, int heldOutEpisodes, long seed, ObservationConfig observation) {

    public Config {
      if (populationSize < 2) {
        throw new IllegalArgumentException(
            "EsBaseline.Config: populationSize = " + populationSize + " must be >= 2");
      }
      if (!(initialSigma > 0) || !Double.isFinite(initialSigma)) {
        throw new IllegalArgumentException(
            "EsBaseline.Config: initialSigma = " + initialSigma + " must be finite and > 0");
      }
      if (maxEvaluations < populationSize) {
        throw new IllegalArgumentException(
            "EsBaseline.Config: maxEvaluations = " + maxEvaluations
                + " must be >= populationSize = " + populationSize + " (one generation)");
      }
      if (trainingEpisodes < 2 || heldOutEpisodes < 2) {
        throw new IllegalArgumentException(
            "EsBaseline.Config: trainingEpisodes = " + trainingEpisodes + " and heldOutEpisodes = "
                + heldOutEpisodes + " must be >= 2 (a standard error needs two sessions)");
      }
      if (observation == null) {
        throw new IllegalArgumentException("EsBaseline.Config: observation must be set");
      }
    }

    /**
     * Small enough for well under a minute on 2 cores: population 12, sigma 0.5, 480 evaluations
     * of 400 training sessions, 4,000 held-out sessions, seed 1, oracle observations.
     */
    public static Config defaults() {
      return new Config(12, 0.5, 480, 400, 4_000, 1L, ObservationConfig.oracle());
    }

    public Config withObservation(ObservationConfig o) {
      return new Config(populationSize, initialSigma, maxEvaluations, trainingEpisodes,
          heldOutEpisodes, seed, o);
    }

    public Config withSeed(long s) {
      return new Config(populationSize, initialSigma, maxEvaluations, trainingEpisodes,
          heldOutEpisodes, s, observation);
    }
  }

  /**
   * The tuned policy.
   *
   * @param policy the best candidate CMA-ES evaluated
   * @param trainingValue its objective value (mean return on the training episodes; optimistic,
   *     since it was selected on them)
   * @param initialTrainingValue the objective of the starting point, the zero policy
   * @param evaluations objective evaluations used
   */
  public record Result(LinearFeaturePolicy policy, double trainingValue,
      double initialTrainingValue, int evaluations) {

    /** The tuned flat parameter vector (W row-major, then b). */
    public double[] parameters() {
      return policy.parameters();
    }
  }

  /**
   * The tuned policy on held-out sessions.
   *
   * @param heldOut Monte Carlo value on {@code [HELD_OUT_FIRST_EPISODE, + heldOutEpisodes)}
   * @param improvementOverZero paired difference ES - zero policy on the same held-out sessions
   * @param exactValue the exact J (oracle mode: the policy is stationary over (u, s)); NaN in
   *     realistic mode
   * @param optimalValue J*, the grid optimum of the (u, s) MDP (an upper bound in realistic mode)
   */
  public record Evaluation(MonteCarloResult heldOut, MonteCarloResult improvementOverZero,
      double exactValue, double optimalValue) {

    /** J / J*: exact in oracle mode, the held-out Monte Carlo mean over J* in realistic mode. */
    public double ratio() {
      return (Double.isNaN(exactValue) ? heldOut.mean() : exactValue) / optimalValue;
    }
  }

  private final SessionSimulator simulator;
  private final Config config;
  private final MonteCarloEvaluator monteCarlo;

  public EsBaseline(SessionSimulator simulator, Config config) {
    if (simulator == null || config == null) {
      throw new IllegalArgumentException("EsBaseline: simulator and config must be set");
    }
    this.simulator = simulator;
    this.config = config;
    this.monteCarlo = new MonteCarloEvaluator(simulator);
  }

  public Config config() {
    return config;
  }

  /** F, the user features the policy reads: one per user type. */
  public int featureCount() {
    return simulator.params().typeCount();
  }

  /** The number of tuned parameters, K (F + 1). */
  public int parameterCount() {
    return LinearFeaturePolicy.parameterCount(featureCount(), simulator.actionDimension());
  }

  /** The policy for a flat parameter vector. */
  public LinearFeaturePolicy policy(double[] parameters) {
    return new LinearFeaturePolicy(featureCount(), simulator.actionDimension(), parameters);
  }

  /**
   * The training objective: mean session return of {@code policy(parameters)} over the training
   * episodes. Deterministic for a given vector (common random numbers, index-ordered sums).
   */
  public double objective(double[] parameters) {
    return monteCarlo.evaluate(policy(parameters), config.observation(), 0L,
        config.trainingEpisodes(), true).mean();
  }

  /** Runs CMA-ES from the zero policy (equal head weights for log-linear fusion). */
  public Result train() {
    int n = parameterCount();
    double[] start = new double[n];
    BestTracker best = new BestTracker();
    CMAESOptimizer optimizer = new CMAESOptimizer(
        // generations are bounded by maxEvaluations through MaxEval, not by this cap
        Integer.MAX_VALUE,
        // no fitness target: session returns have no known value at which to stop early
        Double.NEGATIVE_INFINITY,
        true, // active CMA: also learns from the worst candidates (Jastrebski & Arnold 2006)
        0, // full covariance from the start: 20 parameters make it cheap
        0, // unbounded search: tanh keeps every vector feasible
        new MersenneTwister(config.seed()),
        false,
        null);
    double[] sigma = new double[n];
    java.util.Arrays.fill(sigma, config.initialSigma());
    try {
      optimizer.optimize(
          new MaxEval(config.maxEvaluations()),
          // minimise the negated value so the "no target" stop fitness above means what it says
          new ObjectiveFunction(x -> -best.record(x, objective(x))),
          GoalType.MINIMIZE,
          new InitialGuess(start),
          SimpleBounds.unbounded(n),
          new CMAESOptimizer.Sigma(sigma),
          new CMAESOptimizer.PopulationSize(config.populationSize()));
    } catch (TooManyEvaluationsException budgetSpent) {
      // the usual way out: the budget ends mid-generation; the tracker holds the best candidate
    }
    double initial = objective(start);
    return new Result(policy(best.parameters), best.value, initial, best.evaluations);
  }

  /**
   * Evaluates a tuned policy on the held-out sessions, and exactly when the observations are
   * oracle (then the policy depends on u only).
   *
   * @param exact the exact evaluator of the same simulator (for J* and, in oracle mode, J)
   */
  public Evaluation evaluate(Result result, ExactEvaluator exact) {
    if (exact.simulator() != simulator) {
      throw new IllegalArgumentException(
          "EsBaseline.evaluate: the exact evaluator models a different simulator");
    }
    LinearFeaturePolicy policy = result.policy();
    MonteCarloResult heldOut = monteCarlo.evaluate(policy, config.observation(),
        HELD_OUT_FIRST_EPISODE, config.heldOutEpisodes(), true);
    MonteCarloResult improvement = monteCarlo.evaluateDifference(policy,
        LinearFeaturePolicy.zero(featureCount(), simulator.actionDimension()),
        config.observation(), HELD_OUT_FIRST_EPISODE, config.heldOutEpisodes(), true);
    double exactValue = config.observation().mode() == ObservationConfig.Mode.ORACLE
        ? exact.evaluate(policy.asStationaryPolicy()).value()
        : Double.NaN;
    return new Evaluation(heldOut, improvement, exactValue, exact.optimal().value().value());
  }

  /** The best candidate seen; CMA-ES evaluates sequentially, so no synchronisation is needed. */
  private static final class BestTracker {
    double[] parameters;
    double value = Double.NEGATIVE_INFINITY;
    int evaluations;

    double record(double[] x, double v) {
      evaluations++;
      // strict: ties keep the earlier candidate, so the result does not depend on later ones
      if (v > value) {
        value = v;
        parameters = x.clone();
      }
      return v;
    }
  }

  /**
   * Prints ES (oracle and realistic) next to J* and the static baselines for the default simulator.
   * Usage: {@code EsBaseline [seed [trainingEpisodes [maxEvaluations]]]} (seed of the simulator
   * and of CMA-ES, default 1; the budget defaults to {@link Config#defaults()}).
   */
  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1L;
    Config d = Config.defaults();
    Config base = new Config(d.populationSize(), d.initialSigma(),
        args.length > 2 ? Integer.parseInt(args[2]) : d.maxEvaluations(),
        args.length > 1 ? Integer.parseInt(args[1]) : d.trainingEpisodes(),
        d.heldOutEpisodes(), seed, d.observation());
    long t0 = System.nanoTime();
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults(), seed);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults());
    BaselineReport report = exact.baselines();
    double jStar = report.optimal();
    System.out.printf(Locale.ROOT, "seed %d: J* = %.3f; ES: %d evaluations of %d training"
        + " sessions, %d held-out sessions%n", seed, jStar, base.maxEvaluations(),
        base.trainingEpisodes(), base.heldOutEpisodes());
    System.out.printf(Locale.ROOT, "%-26s %10s %8s %22s %6s %7s%n", "policy", "J", "J/J*",
        "held-out MC (se)", "evals", "time s");
    for (BaselineReport.Baseline b : report.baselines()) {
      System.out.printf(Locale.ROOT, "%-26s %10.3f %8.4f%n", b.name(), b.value(), b.ratio());
    }
    for (ObservationConfig obs : new ObservationConfig[] {
        ObservationConfig.oracle(), ObservationConfig.realistic()}) {
      long t1 = System.nanoTime();
      EsBaseline es = new EsBaseline(sim, base.withObservation(obs));
      Result r = es.train();
      Evaluation e = es.evaluate(r, exact);
      double seconds = (System.nanoTime() - t1) * 1e-9;
      String name = "ES (" + obs.mode().name().toLowerCase(Locale.ROOT) + ")";
      System.out.printf(Locale.ROOT, "%-26s %10s %8.4f %13.3f (%6.3f) %6d %7.1f%n", name,
          Double.isNaN(e.exactValue()) ? "-" : String.format(Locale.ROOT, "%.3f", e.exactValue()),
          e.ratio(), e.heldOut().mean(), e.heldOut().standardError(), r.evaluations(), seconds);
      System.out.printf(Locale.ROOT, "  training %.3f (zero policy %.3f); held-out ES - zero %.3f"
          + " (se %.3f)%n", r.trainingValue(), r.initialTrainingValue(),
          e.improvementOverZero().mean(), e.improvementOverZero().standardError());
    }
    System.out.printf(Locale.ROOT, "total %.1f s%n", (System.nanoTime() - t0) * 1e-9);
  }
}
