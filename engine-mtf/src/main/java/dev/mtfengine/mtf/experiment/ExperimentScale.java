package dev.mtfengine.mtf.experiment;

import java.util.List;
import java.util.Locale;

/**
 * The sizes of an experiment run: networks, training length, data budget, evaluation sizes.
 * Everything else (algorithm hyper-parameters, exploration boxes) is fixed by the algorithms'
 * configs and {@link PaperExperiment.Config}.
 *
 * @param name preset name, for run metadata
 * @param hidden hidden layer widths of every network
 * @param critics IntegratedRL's critics (m)
 * @param batchSize minibatch size
 * @param iterations training iterations of a single-dataset learner; a progressive run trains
 *     {@code iterations / rounds} per round, so every learner gets the same number of updates
 * @param sessions the exploration budget: sessions of Dataset 1, of Dataset 2, and of the five
 *     progressive rounds together
 * @param testSessions sessions of the test set (MTF-GAUC and NCIS)
 * @param consumptionSessions Monte Carlo sessions per policy for valid consumption and watch time
 * @param evaluateEvery iterations between learning-curve points (exact J of the current policy)
 * @param esEvaluations CMA-ES objective evaluations for the ES baseline
 * @param esTrainingSessions sessions per ES objective evaluation
 * @param cloningIterations steps fitting a fresh deterministic actor to the logged baseline actions
 * @param terminationIterations steps fitting the expected-termination model P(done | s') before
 *     each training run ({@link dev.mtfengine.rl.algo.ExpectedTermination}; used when the
 *     experiment's {@code expectedTermination} is on; 0, as in run directories written before it
 *     existed, keeps the logged flags)
 */
public record ExperimentScale(String name, List<Integer> hidden, int critics, int batchSize, long iterations,
    int sessions, int testSessions, int consumptionSessions, int evaluateEvery, int esEvaluations,
    int esTrainingSessions, int cloningIterations, int terminationIterations) {

  public ExperimentScale {
    hidden = List.copyOf(hidden);
    if (hidden.isEmpty() || hidden.stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("scale " + name + ": hidden widths " + hidden + " must be >= 1");
    }
    if (cloningIterations < 0 || terminationIterations < 0) {
      throw new IllegalArgumentException("scale " + name + ": cloningIterations = " + cloningIterations
          + " and terminationIterations = " + terminationIterations + " must be >= 0");
    }
    if (critics < 1 || batchSize < 1 || iterations < 1 || sessions < 5 || testSessions < 2
        || consumptionSessions < 2 || evaluateEvery < 1 || esEvaluations < 2 || esTrainingSessions < 2) {
      throw new IllegalArgumentException("scale " + name + ": need critics, batchSize, iterations,"
          + " evaluateEvery >= 1, sessions >= 5, test, consumption and ES sizes >= 2; got " + this);
    }
  }

  /** The paper's networks and training length (24 critics, [256, 256], batch 256, 300k iterations). */
  public static ExperimentScale paper() {
    return new ExperimentScale("paper", List.of(256, 256), 24, 256, 300_000, 20_000, 5_000, 5_000,
        10_000, 960, 800, 5_000, 5_000);
  }

  /** The default: the whole experiment over 5 seeds in under 30 minutes on 2 cores. */
  public static ExperimentScale standard() {
    return new ExperimentScale("standard", List.of(64, 64), 8, 256, 2_000, 4_000, 2_000, 2_000, 250,
        480, 400, 500, 2_000);
  }

  /** {@code mtf demo}: the standard sizes under their own name (the demo runs one seed of them). */
  public static ExperimentScale demo() {
    ExperimentScale s = standard();
    return new ExperimentScale("demo", s.hidden(), s.critics(), s.batchSize(), s.iterations(), s.sessions(),
        s.testSessions(), s.consumptionSessions(), s.evaluateEvery(), s.esEvaluations(), s.esTrainingSessions(),
        s.cloningIterations(), s.terminationIterations());
  }

  /** Seconds, not minutes: checks that every stage runs (tests and CI). */
  public static ExperimentScale smoke() {
    return new ExperimentScale("smoke", List.of(16, 16), 4, 64, 60, 40, 30, 30, 20, 24, 20, 20, 20);
  }

  /**
   * The same scale with another exploration budget and training length ({@code mtf experiment
   * --sessions --iterations}); the name records the change, e.g. {@code standard+sessions=20000}.
   */
  public ExperimentScale withSizes(int newSessions, long newIterations) {
    if (newSessions == sessions && newIterations == iterations) {
      return this;
    }
    String n = name + (newSessions != sessions ? "+sessions=" + newSessions : "")
        + (newIterations != iterations ? "+iterations=" + newIterations : "");
    return new ExperimentScale(n, hidden, critics, batchSize, newIterations, newSessions, testSessions,
        consumptionSessions, evaluateEvery, esEvaluations, esTrainingSessions, cloningIterations,
        terminationIterations);
  }

  /** The preset called {@code name}: paper, standard, demo or smoke. */
  public static ExperimentScale named(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "paper":
        return paper();
      case "standard":
      case "default":
        return standard();
      case "demo":
        return demo();
      case "smoke":
        return smoke();
      default:
        throw new IllegalArgumentException(
            "unknown scale '" + name + "'; choose one of paper, standard, demo, smoke");
    }
  }
}
