package dev.mtfengine.mtf.experiment;

import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.rl.ope.DirectMethod;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Episodes;
import dev.mtfengine.rl.ope.ImprovementGate;
import dev.mtfengine.rl.ope.StateTableFittedQEvaluation;
import dev.mtfengine.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint selection and the deploy gate of {@code mtf train} (issue 13, item 3): every
 * checkpoint of a run is valued by the estimator {@code mtf ope-check} found to rank policies best,
 * the per-state quadratic FQE ({@link StateTableFittedQEvaluation}, undiscounted session return),
 * on the evaluation data; the best one is then put through {@link ImprovementGate} against the
 * logged baseline (the baseline action the log holds for each state), and "deploy" is printed only
 * when the 95 % lower bound on its improvement is above 0.
 *
 * <p>Logs with more distinct states than the FQE's table holds get no gate, said in one line
 * ({@link Result#notRunBecause}); nothing is guessed.
 */
public final class CheckpointGate {
  private CheckpointGate() {}

  /** A checkpoint and its estimated value (NaN: damaged, or the FQE did not settle for it). */
  public record Candidate(String checkpoint, long iteration, double value) {}

  /**
   * @param candidates every checkpoint with its estimated value, oldest first
   * @param chosen the checkpoint with the highest value
   * @param decision the gate's decision on it
   * @param heldOut whether the evaluation data differ from the training data
   * @param notRunBecause why there is no selection or gate (null when there is)
   */
  public record Result(List<Candidate> candidates, Candidate chosen, ImprovementGate.Decision decision,
      boolean heldOut, String notRunBecause) {}

  /** Resamples of the gate's bootstrap. */
  public static final int RESAMPLES = 200;

  /** The gate's confidence. */
  public static final double CONFIDENCE = 0.95;

  /**
   * Values the checkpoints of {@code runDirectory} on {@code data} and gates the best.
   *
   * @param heldOut whether {@code data} were kept out of training (said with the decision)
   * @param seed the gate's bootstrap seed
   */
  public static Result run(Path runDirectory, TransitionSet data, boolean heldOut, long seed) {
    List<Path> checkpoints = Checkpoint.all(runDirectory);
    if (checkpoints.isEmpty()) {
      return new Result(List.of(), null, null, heldOut, "no checkpoint in " + runDirectory);
    }
    StateTableFittedQEvaluation fqe = new StateTableFittedQEvaluation(StateTableFittedQEvaluation.Config.defaults(1.0));
    DeterministicPolicy baseline;
    StateTableFittedQEvaluation.Aggregates sums;
    try {
      baseline = loggedBaseline(data);
      sums = fqe.aggregate(data, null);
    } catch (IllegalArgumentException e) {
      return new Result(List.of(), null, null, heldOut, e.getMessage());
    }
    List<Episode> episodes = Episodes.from(data);
    List<Candidate> candidates = new ArrayList<>();
    Map<String, DeterministicPolicy> policies = new HashMap<>();
    Candidate best = null;
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
        value = new DirectMethod(fqe.solve(sums, policy)).estimate(episodes, new dev.mtfengine.rl.ope.Bootstrap(2, 0.9,
            seed)).value();
      } catch (IllegalStateException notSettled) {
        value = Double.NaN; // the FQE did not settle for this policy: it cannot be chosen
      }
      Candidate candidate = new Candidate(c.getFileName().toString(), iteration(c), value);
      candidates.add(candidate);
      policies.put(candidate.checkpoint(), policy);
      if (Double.isFinite(value) && (best == null || value > best.value())) {
        best = candidate;
      }
    }
    if (best == null) {
      return new Result(candidates, null, null, heldOut, "the FQE did not settle for any checkpoint (a log without"
          + " session ends, or policies far outside the logged actions)");
    }
    try {
      ImprovementGate.Decision d = ImprovementGate.stateTableFqe(data, policies.get(best.checkpoint()), baseline,
          StateTableFittedQEvaluation.Config.defaults(1.0), CONFIDENCE, RESAMPLES, seed);
      return new Result(candidates, best, d, heldOut, null);
    } catch (IllegalStateException notSettled) {
      return new Result(candidates, best, null, heldOut, "the FQE did not settle on some bootstrap resample: "
          + notSettled.getMessage());
    }
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
