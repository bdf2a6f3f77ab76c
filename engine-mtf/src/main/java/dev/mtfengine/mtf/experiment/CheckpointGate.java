package dev.mtfengine.mtf.experiment;

import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.ope.Bootstrap;
import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.rl.ope.DirectMethod;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Episodes;
import dev.mtfengine.rl.ope.ImprovementGate;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.OffPolicyEstimator;
import dev.mtfengine.rl.ope.PerDecisionImportanceSampling;
import dev.mtfengine.rl.ope.PerDecisionNormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.StateTableFittedQEvaluation;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint selection and the deploy gate of {@code mtf train} (issue 13, item 3).
 *
 * <p><b>Selection.</b> Every checkpoint of a run is valued on the evaluation data (undiscounted
 * session return) by the estimator that ranked trained policies best in {@code mtf ope-check} on
 * the tuning seeds 101-102 for the log's kind of exploration (Spearman with the exact J over the
 * learners' snapshots): per-decision NCIS for a Gaussian logger (0.527), per-decision IS for a box
 * logger (0.708), the policy smoothed by the logger's own noise ({@link MatchedSmoothing}). Without
 * the logger (a log whose exploration is not given) the per-state FQE values them, which ranked
 * them no better than chance there (-0.075, -0.006): said with the result.
 *
 * <p><b>Gate.</b> The chosen checkpoint is put through {@link ImprovementGate} with the per-state
 * quadratic FQE ({@link StateTableFittedQEvaluation}) against the logged baseline (the baseline
 * action the log holds for each state); "deploy" only when the 95 % lower bound on its improvement
 * is above 0 (measured false-deploy rate: docs/ope-accuracy.md). Logs with more distinct states than
 * the FQE's table holds get no gate, said in one line ({@link Result#notRunBecause}).
 */
public final class CheckpointGate {
  private CheckpointGate() {}

  /** A checkpoint and its estimated value (NaN: damaged, or the FQE did not settle for it). */
  public record Candidate(String checkpoint, long iteration, double value) {}

  /**
   * @param selectedBy the estimator that valued the checkpoints
   * @param candidates every checkpoint with its estimated value, oldest first
   * @param chosen the checkpoint with the highest value
   * @param decision the gate's decision on it
   * @param heldOut whether the evaluation data differ from the training data
   * @param notRunBecause why there is no selection or gate (null when there is)
   */
  public record Result(String selectedBy, List<Candidate> candidates, Candidate chosen,
      ImprovementGate.Decision decision, boolean heldOut, String notRunBecause) {}

  /** Resamples of the gate's bootstrap. */
  public static final int RESAMPLES = 200;

  /** The gate's confidence. */
  public static final double CONFIDENCE = 0.95;

  /**
   * Values the checkpoints of {@code runDirectory} on {@code data} and gates the best.
   *
   * @param heldOut whether {@code data} were kept out of training (said with the decision)
   * @param logging the exploration that logged {@code data}, or null when it is not known
   * @param seed the gate's bootstrap seed
   */
  public static Result run(Path runDirectory, TransitionSet data, boolean heldOut, ExplorationPolicy logging,
      long seed) {
    String selectedBy = selector(logging);
    List<Path> checkpoints = Checkpoint.all(runDirectory);
    if (checkpoints.isEmpty()) {
      return new Result(selectedBy, List.of(), null, null, heldOut, "no checkpoint in " + runDirectory);
    }
    StateTableFittedQEvaluation fqe = new StateTableFittedQEvaluation(StateTableFittedQEvaluation.Config.defaults(1.0));
    DeterministicPolicy baseline = loggedBaseline(data);
    StateTableFittedQEvaluation.Aggregates sums = null;
    String noTable = null;
    try {
      sums = fqe.aggregate(data, null);
    } catch (IllegalArgumentException tooManyStates) {
      noTable = tooManyStates.getMessage();
      if (logging == null) {
        return new Result(selectedBy, List.of(), null, null, heldOut, noTable);
      }
    }
    List<Episode> episodes = Episodes.from(data);
    List<Candidate> candidates = new ArrayList<>();
    Map<String, DeterministicPolicy> policies = new HashMap<>();
    Candidate best = null;
    StateTableFittedQEvaluation.Aggregates table = sums;
    for (Path c : checkpoints) {
      DeterministicPolicy policy;
      try {
        policy = Learner.fromCheckpoint(c).algorithm()::act;
      } catch (IllegalArgumentException | java.io.UncheckedIOException damaged) {
        // a damaged checkpoint is passed over, as resuming passes over it; it stays in the list, unvalued
        candidates.add(new Candidate(c.getFileName().toString(), iteration(c), Double.NaN));
        continue;
      }
      double value;
      try {
        value = logging == null
            ? new DirectMethod(fqe.solve(table, policy)).estimate(episodes, POINT).value()
            : importanceWeighted(logging).estimate(WeightedEpisodes.of(episodes,
                MatchedSmoothing.LOGGING.smooth(policy, logging), 1.0), POINT).value();
      } catch (IllegalStateException | IllegalArgumentException noValue) {
        value = Double.NaN; // the FQE did not settle, or the log gives this policy no weight: it cannot be chosen
      }
      Candidate candidate = new Candidate(c.getFileName().toString(), iteration(c), value);
      candidates.add(candidate);
      policies.put(candidate.checkpoint(), policy);
      if (Double.isFinite(value) && (best == null || value > best.value())) {
        best = candidate;
      }
    }
    if (best == null) {
      return new Result(selectedBy, candidates, null, null, heldOut, "no checkpoint could be valued (the FQE did"
          + " not settle: a log without session ends, or policies far outside the logged actions; or the log gives"
          + " them no importance weight)");
    }
    if (noTable != null) {
      return new Result(selectedBy, candidates, best, null, heldOut, "no gate: " + noTable);
    }
    try {
      ImprovementGate.Decision d = ImprovementGate.stateTableFqe(data, policies.get(best.checkpoint()), baseline,
          StateTableFittedQEvaluation.Config.defaults(1.0), CONFIDENCE, RESAMPLES, seed);
      return new Result(selectedBy, candidates, best, d, heldOut, null);
    } catch (IllegalStateException notSettled) {
      return new Result(selectedBy, candidates, best, null, heldOut, "the FQE did not settle on some bootstrap"
          + " resample: " + notSettled.getMessage());
    }
  }

  /** A point estimate: the bootstrap's two resamples are not used. */
  private static final Bootstrap POINT = new Bootstrap(2, 0.5, 0);

  /** Per-decision NCIS for a Gaussian logger, per-decision IS for a box logger (the tuning seeds' best rankers). */
  static OffPolicyEstimator importanceWeighted(ExplorationPolicy logging) {
    if (logging instanceof GaussianNoisePolicy) {
      return new PerDecisionNormalisedCappedImportanceSampling(PolicyEvaluator.NCIS_CAP);
    }
    if (logging instanceof BoxExplorationPolicy) {
      return new PerDecisionImportanceSampling();
    }
    throw new IllegalArgumentException("checkpoint choice: no estimator for the logging policy " + logging.describe()
        + "; give a Gaussian or box logger, or none");
  }

  private static String selector(ExplorationPolicy logging) {
    return logging == null ? "fqe-table (the log's exploration not given)"
        : importanceWeighted(logging).name() + " (" + logging.describe() + ", smoothed by its own noise)";
  }

  private static long iteration(Path checkpoint) {
    String name = checkpoint.getFileName().toString();
    return Long.parseLong(name.substring(name.indexOf('-') + 1));
  }

  /**
   * The logged baseline as a policy: each state's logged baseline action (the first row of the
   * state; a deterministic baseline logs the same one every time). A state the log never held throws.
   */
  static DeterministicPolicy loggedBaseline(TransitionSet data) {
    int stateDim = data.schema().stateDim();
    int actionDim = data.schema().actionDim();
    Map<List<Float>, float[]> table = new HashMap<>();
    float[] s = new float[stateDim];
    for (long row = 0; row < data.size(); row++) {
      data.copy(Column.STATE, row, s, 0);
      List<Float> key = key(s);
      if (!table.containsKey(key)) {
        float[] a = new float[actionDim];
        data.copy(Column.BASELINE_ACTION, row, a, 0);
        table.put(key, a);
      }
    }
    return states -> {
      int n = states.dim(0);
      float[] x = states.toFloatArray();
      float[] out = new float[n * actionDim];
      for (int i = 0; i < n; i++) {
        float[] a = table.get(key(Arrays.copyOfRange(x, i * stateDim, (i + 1) * stateDim)));
        if (a == null) {
          throw new IllegalArgumentException("the logged baseline: state " + i + " of the batch is not in the log");
        }
        System.arraycopy(a, 0, out, i * actionDim, actionDim);
      }
      return Tensor.of(out, n, actionDim);
    };
  }

  private static List<Float> key(float[] s) {
    List<Float> k = new ArrayList<>(s.length);
    for (float x : s) {
      k.add(x);
    }
    return k;
  }
}
