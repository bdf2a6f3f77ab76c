package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Progressive training (algorithm.md section 5): rounds of "deploy the current baseline with box
 * exploration, collect a round of data, train (warm start), promote the new actor to baseline".
 * Where the data comes from is a {@link RoundSource}: the simulator exploring around the learner's
 * current policy, or a user's logs, one file per round.
 *
 * <p>Every round r lives in {@code runDirectory/round-r/}: its data ({@code data.mtft}, the
 * binary transition file with its content hash) and {@code baseline.txt} (what was deployed to
 * collect it), the trainer's checkpoints and metrics, and, once
 * the round is complete, {@code round.json}: the lineage record (parent checkpoint, data hashes,
 * iterations, metrics). A rerun on the same directory skips complete rounds (restoring the
 * learner from their final checkpoint), reuses a round's data file when it exists, and resumes an
 * interrupted round's training from its latest checkpoint; the result is bit-identical to an
 * uninterrupted run.
 */
public final class ProgressiveTraining {
  /** The lineage file of a complete round. */
  public static final String ROUND_FILE = "round.json";

  private ProgressiveTraining() {}

  /**
   * @param rounds number of rounds (5 in the paper)
   * @param pooled train each round on all data so far (true, our default) or on its own round's
   * @param warmStart start each round from the previous round's networks (true) or afresh
   * @param iterationsPerRound updates per round
   */
  public record Config(int rounds, boolean pooled, boolean warmStart, long iterationsPerRound) {
    public Config {
      if (rounds < 1 || iterationsPerRound < 1) {
        throw new IllegalArgumentException("progressive training: rounds = " + rounds
            + " and iterationsPerRound = " + iterationsPerRound + " must be >= 1");
      }
    }
  }

  /** Where each round's data comes from. */
  public interface RoundSource {
    /**
     * The transitions of round {@code round}.
     *
     * @param current the learner after the previous round (null before round 0): the policy to
     *     deploy, when the source deploys one
     */
    RoundData collect(int round, Learner.Built current);
  }

  /**
   * @param transitions the round's transitions (their round id should be {@code round})
   * @param baseline what was deployed to collect them, e.g. "ES baseline" or a checkpoint path
   */
  public record RoundData(TransitionSet transitions, String baseline) {}

  /**
   * The lineage record of a complete round ({@code round.json}).
   *
   * @param round r, from 0
   * @param parent the checkpoint the round warm-started from ("none" for a fresh start)
   * @param baseline what was deployed to collect the round's data
   * @param roundDataHash content hash of the round's own data file
   * @param roundRows its transitions
   * @param trainingDataHash content hash of the set trained on (pooled: all rounds so far)
   * @param trainingRows its transitions
   * @param iterationsFrom the learner's update count at the start of the round
   * @param iterationsTo ... and at its end
   * @param checkpoint the round's final checkpoint (relative to the run directory)
   * @param curve the learning curve of the round
   * @param metrics scalars of the promoted policy (e.g. exact J)
   * @param actions the promoted policy's actions, [u][s][k] for simulator rounds (else null)
   * @param seconds wall time of the round
   */
  public record RoundRecord(int round, String parent, String baseline, String roundDataHash, long roundRows,
      String trainingDataHash, long trainingRows, long iterationsFrom, long iterationsTo, String checkpoint,
      List<TrainingRun.CurvePoint> curve, Map<String, Double> metrics, double[][][] actions, double seconds) {}

  /** The rounds' records and the final learner. */
  public record Result(List<RoundRecord> rounds, Learner.Built learner) {}

  /**
   * Runs (or resumes) all rounds.
   *
   * @param learnerSettings the learners' settings; their task's seed tree seeds every round: round
   *     r of {@code method} trains with its own minibatch and cloning seeds, and a learner that is
   *     not warm-started gets its own initialisation seed
   * @param method the method's id in the seed tree
   * @param perRound batch size, evaluation and checkpoint periods and cloning iterations (its seeds
   *     and {@code iterations} are ignored: rounds train {@code config.iterationsPerRound()} each)
   * @param value the value of a policy for the learning curves
   * @param roundMetrics scalars recorded for each promoted policy
   * @param actions the promoted policy as an action table, or null
   */
  public static Result run(Learner learner, Learner.Settings learnerSettings, String method,
      Config config, RoundSource source,
      TrainingRun.Settings perRound, ToDoubleFunction<Learner.Built> value,
      Function<Learner.Built, Map<String, Double>> roundMetrics, Function<Learner.Built, double[][][]> actions,
      Path runDirectory, Progress progress, String label) {
    List<RoundRecord> records = new ArrayList<>();
    List<TransitionSet> collected = new ArrayList<>();
    Learner.Built current = null;
    String parent = "none";
    for (int r = 0; r < config.rounds(); r++) {
      long start = System.nanoTime();
      Path dir = runDirectory.resolve("round-" + r);
      Path dataFile = dir.resolve("data.mtft");
      Path roundFile = dir.resolve(ROUND_FILE);
      if (Files.exists(roundFile)) {
        RoundRecord done = readRecord(roundFile);
        TransitionSet roundData = TransitionFile.read(dataFile);
        collected.add(roundData);
        current = learner.build(learnerSettings);
        current.algorithm().restore(Checkpoint.read(runDirectory.resolve(done.checkpoint())).state());
        records.add(done);
        parent = done.checkpoint();
        continue;
      }
      TransitionSet roundData;
      String baseline;
      Path baselineFile = dir.resolve("baseline.txt");
      if (Files.exists(dataFile) && Files.exists(baselineFile)) {
        roundData = TransitionFile.read(dataFile);
        baseline = readString(baselineFile);
      } else {
        RoundData fresh = source.collect(r, current);
        roundData = fresh.transitions();
        baseline = fresh.baseline();
        TransitionFile.write(roundData, dataFile);
        AtomicFiles.writeString(baselineFile, baseline);
      }
      collected.add(roundData);
      TransitionSet training = config.pooled() ? pooled(collected) : roundData;
      AlgorithmState warm = config.warmStart() && current != null ? current.algorithm().state() : null;
      long from = warm == null ? 0 : warm.iteration();
      TrainingRun.Settings s = new TrainingRun.Settings(from + config.iterationsPerRound(), perRound.batchSize(),
          perRound.evaluateEvery(), perRound.checkpointEvery(), 0, perRound.cloningIterations(), 0,
          perRound.terminationIterations(), 0).seeded(learnerSettings.task().seeds(), method, r);
      // a fresh (not warm-started) learner of every round gets its own initialisation seed
      Learner.Settings ls = warm == null ? learnerSettings.seeded(method, r) : learnerSettings;
      TrainingRun.Result result = TrainingRun.train(learner, ls, training, s, warm, value, dir.resolve("training"),
          progress, label + " round " + (r + 1) + "/" + config.rounds());
      current = result.learner();
      String checkpoint = runDirectory.relativize(result.finalCheckpoint()).toString();
      RoundRecord record = new RoundRecord(r, warm == null ? "none" : parent, baseline, roundData.contentHash(),
          roundData.size(), training.contentHash(), training.size(), from, s.iterations(), checkpoint,
          result.curve(), roundMetrics.apply(current), actions == null ? null : actions.apply(current),
          (System.nanoTime() - start) * 1e-9);
      RunStore.write(roundFile, record);
      records.add(record);
      parent = checkpoint;
    }
    return new Result(List.copyOf(records), current);
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  /** All rounds' transitions in round order; each keeps its round id and baseline actions. */
  private static TransitionSet pooled(List<TransitionSet> rounds) {
    if (rounds.size() == 1) {
      return rounds.get(0);
    }
    TransitionSet.Builder b = TransitionSet.builder(rounds.get(0).schema());
    rounds.forEach(b::addAll);
    return b.build();
  }

  /** Reads a round.json, naming the file when it is damaged. */
  public static RoundRecord readRecord(Path file) {
    return RunStore.read(file, RoundRecord.class);
  }
}
