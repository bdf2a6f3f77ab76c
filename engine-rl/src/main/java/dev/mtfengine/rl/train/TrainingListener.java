package dev.mtfengine.rl.train;

import java.util.Map;

/** Observes a training run. All methods run on the training thread, in iteration order. */
public interface TrainingListener {

  /** Before the first iteration of this run ({@code startIteration} > 0 when resumed). */
  default void onStart(long startIteration, long endIteration) {}

  /** After each iteration, with the algorithm's logged scalars. */
  default void onIteration(long iteration, Map<String, Double> metrics) {}

  /** After each evaluation, with the evaluator's scalars. */
  default void onEvaluation(long iteration, Map<String, Double> metrics) {}

  /** After a checkpoint was written. */
  default void onCheckpoint(long iteration, java.nio.file.Path directory) {}

  /** After the last iteration (not called when the run fails). */
  default void onEnd(long iteration) {}
}
