package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.BaselineCloning;
import dev.mtfengine.rl.algo.ExpectedTermination;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.train.MetricsCsvWriter;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.rl.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one learner on one transition set with engine-rl's {@link Trainer}, recording a learning
 * curve (a policy value every {@code evaluateEvery} iterations) and showing progress. With a run
 * directory it writes checkpoints and metrics there and resumes from the latest checkpoint it
 * finds, so an interrupted run continues bit-identically; a damaged newer checkpoint is skipped with
 * a warning naming it and the reason.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** The learning curve so far, rewritten after each evaluation so a resumed run keeps it. */
  public static final String CURVE_FILE = "curve.json";

  private TrainingRun() {}

  /** One point of a learning curve: the value of the policy after {@code iteration} updates. */
  public record CurvePoint(long iteration, double value) {}

  /**
   * What a run produced.
   *
   * @param learner the trained learner (its state is the final state)
   * @param curve the learning curve, including the points of a run this one resumed
   * @param finalCheckpoint the last checkpoint written, or null without a run directory
   * @param seconds wall time of this call
   */
  public record Result(Learner.Built learner, List<CurvePoint> curve, Path finalCheckpoint, double seconds) {}

  /**
   * Settings of one run.
   *
   * @param iterations train until the learner's counter reaches this (a warm-started learner has
   *     counted its earlier updates)
   * @param batchSize minibatch size
   * @param evaluateEvery iterations between curve points
   * @param checkpointEvery iterations between checkpoints (0: only at the end)
   * @param samplerSeed seed of the minibatch stream
   * @param cloningIterations steps fitting a fresh deterministic actor to the logged baseline
   *     actions before training (0: random start, as in the papers)
   * @param cloningSeed seed of the cloning minibatches
   * @param terminationIterations steps fitting the expected-termination model P(done | s') whose
   *     estimates replace the done flags in every target (0: the logged flags, as in the papers;
   *     docs/algorithms/experiment.md, decision 16)
   * @param terminationSeed seed of that model's initialisation and minibatches
   */
  public record Settings(long iterations, int batchSize, int evaluateEvery, int checkpointEvery, long samplerSeed,
      int cloningIterations, long cloningSeed, int terminationIterations, long terminationSeed) {
    public Settings {
      if (terminationIterations < 0) {
        throw new IllegalArgumentException("training run: terminationIterations = " + terminationIterations
            + " must be >= 0 (0: the logged done flags)");
      }
    }

    /** Settings whose sampler and cloning seeds are {@code method}'s in progressive round {@code round} of {@code seeds}. */
    public Settings seeded(SeedTree seeds, String method, int round) {
      return new Settings(iterations, batchSize, evaluateEvery, checkpointEvery,
          seeds.seed(SeedTree.Purpose.MINIBATCHES, method, round), cloningIterations,
          seeds.seed(SeedTree.Purpose.CLONING, method, round), terminationIterations,
          seeds.seed(SeedTree.Purpose.TERMINATION, method, round));
    }

    /** The same settings with {@code iterations} expected-termination steps (0: the logged flags). */
    public Settings withTerminationIterations(int steps) {
      return new Settings(iterations, batchSize, evaluateEvery, checkpointEvery, samplerSeed, cloningIterations,
          cloningSeed, steps, terminationSeed);
    }
  }

  /**
   * Runs the training.
   *
   * @param warmStart a state to continue from (the previous round's), or null for a fresh start
   * @param value the value of the learner's current policy, for the curve (e.g. exact J); null
   *     for no curve
   * @param runDirectory where checkpoints and metrics go, or null for none
   */
  public static Result train(Learner learner, Learner.Settings learnerSettings, TransitionSet data,
      Settings settings, AlgorithmState warmStart, ToDoubleFunction<Learner.Built> value, Path runDirectory,
      Progress progress, String label) {
    long start = System.nanoTime();
    if (settings.terminationIterations() > 0 && !data.hasTerminationEstimate()) {
      data = ExpectedTermination.fit(data, Learner.DTYPE, new ExpectedTermination.Config(learnerSettings.hidden(),
          settings.terminationIterations(), settings.batchSize(), 1e-3, settings.terminationSeed())).apply(data);
    }
    Learner.Built built = learner.build(learnerSettings);
    if (warmStart != null) {
      built.algorithm().restore(warmStart);
    } else if (learner.hasDeterministicActor() && settings.cloningIterations() > 0) {
      // fresh deterministic actors start at the baseline policy (docs/algorithms/experiment.md)
      built.algorithm().restore(BaselineCloning.clone(built.algorithm(), learnerSettings.hidden(), data,
          Learner.DTYPE, new BaselineCloning.Config(settings.cloningIterations(), settings.batchSize(), 1e-3,
              settings.cloningSeed())).state());
    }
    List<CurvePoint> curve = new ArrayList<>();
    Path[] lastCheckpoint = new Path[1];
    List<TrainingListener> listeners = new ArrayList<>();
    MetricsCsvWriter metrics = runDirectory == null ? null : new MetricsCsvWriter(runDirectory, 10);
    if (metrics != null) {
      listeners.add(metrics);
    }
    try (Progress.Task task = progress.start(label, settings.iterations())) {
      listeners.add(new TrainingListener() {
        @Override
        public void onIteration(long iteration, Map<String, Double> m) {
          if (iteration % 25 == 0) {
            task.update(iteration, lastValue(curve));
          }
        }

        @Override
        public void onEvaluation(long iteration, Map<String, Double> m) {
          // a run resumed at its last iteration evaluates that iteration again
          if (curve.isEmpty() || curve.get(curve.size() - 1).iteration() < iteration) {
            curve.add(new CurvePoint(iteration, m.get("value")));
            if (runDirectory != null) {
              RunStore.write(runDirectory.resolve(CURVE_FILE), curve);
            }
          }
          task.update(iteration, lastValue(curve));
        }

        @Override
        public void onCheckpoint(long iteration, Path directory) {
          lastCheckpoint[0] = directory;
        }
      });
      Trainer trainer = new Trainer(built.algorithm(), built.config(), data,
          new Trainer.Config(settings.iterations(), settings.batchSize(), settings.evaluateEvery(),
              settings.checkpointEvery(), 100, settings.samplerSeed(), Learner.DTYPE),
          value == null ? null : a -> Map.of("value", value.applyAsDouble(built)), runDirectory, listeners);
      if (runDirectory != null) {
        // a damaged newest checkpoint does not block the run: resume from the newest valid one, said aloud
        Optional<Path> latest = Checkpoint.latestValid(runDirectory, LOG::warn);
        if (latest.isPresent()) {
          trainer.resumeFrom(latest.get());
          if (trainer.iteration() > settings.iterations()) {
            throw new IllegalArgumentException(runDirectory + " already holds a checkpoint at iteration "
                + trainer.iteration() + ", beyond the " + settings.iterations() + " asked for; ask for at least "
                + trainer.iteration() + " iterations or use another run directory");
          }
          lastCheckpoint[0] = latest.get();
          Path saved = runDirectory.resolve(CURVE_FILE);
          if (Files.exists(saved)) {
            for (CurvePoint p : RunStore.read(saved, CurvePoint[].class)) {
              if (p.iteration() <= trainer.iteration()) {
                curve.add(p);
              }
            }
          }
        }
      }
      trainer.run();
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
    return new Result(built, List.copyOf(curve), lastCheckpoint[0], (System.nanoTime() - start) * 1e-9);
  }

  private static String lastValue(List<CurvePoint> curve) {
    return curve.isEmpty() ? "" : String.format(Locale.ROOT, "J %.2f", curve.get(curve.size() - 1).value());
  }
}
