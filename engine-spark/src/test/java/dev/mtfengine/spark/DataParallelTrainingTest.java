package dev.mtfengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.experiment.ExplorationData;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.OracleActionTable;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.mtf.experiment.TrainingRun;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel IntegratedRL on the simulator against the same training on one machine, for the
 * same number of samples; determinism and resume of the distributed run.
 */
class DataParallelTrainingTest {
  static final long SEED = 7;
  static final long ITERATIONS = 1_600;
  static final int BATCH = 128;
  static final int LOCAL_STEPS = 50;
  static final int CLONING = 300;

  @TempDir static Path dir;
  static ExactEvaluator exact;
  static int types;
  static int levels;
  static TransitionSet data;
  static Path shards;
  static OracleActionTable baseline;

  /** Dataset 1 of the experiment around a fixed baseline, split by session into two shards. */
  @BeforeAll
  static void dataAndShards() throws IOException {
    SimulatorParams params = SimulatorParams.defaults();
    SessionSimulator sim = new SessionSimulator(params, SEED);
    exact = new ExactEvaluator(sim, ExactConfig.defaults());
    types = params.typeCount();
    levels = params.satisfactionLevels();
    int k = sim.actionDimension();
    baseline = OracleActionTable.of((u, s) -> {
      double[] a = new double[k];
      a[0] = 0.6;
      a[1] = 0.3 - 0.1 * u;
      return a;
    }, types, levels);
    data = ExplorationData.collect(sim, baseline.asSessionPolicy(), new GaussianNoisePolicy(ActionBounds.symmetric(k), 0.2),
        0, 1_000, 0, ExplorationData.scaledRewards(0.1)).transitions();
    shards = dir.resolve("shards");
    Files.createDirectories(shards);
    long half = data.episodeId(data.size() / 2);
    TransitionSet.Builder a = TransitionSet.builder(data.schema());
    TransitionSet.Builder b = TransitionSet.builder(data.schema());
    for (long i = 0; i < data.size(); i++) {
      (data.episodeId(i) < half ? a : b).add(data.get(i));
    }
    TransitionFile.write(a.build(), shards.resolve("part-00000.mtft"));
    TransitionFile.write(b.build(), shards.resolve("part-00001.mtft"));
  }

  static Learner.Settings settings(Learner learner) {
    return new Learner.Settings(types + 1, baseline.action(0, 0).length, List.of(32, 32), 4, MtfTask.paper().withSeed(SEED), 0,
        Learner.CriticChoice.networks()).seeded(learner.id(), 0);
  }

  private static double ratio(OfflineAlgorithm algorithm) {
    return exact.evaluate(OracleActionTable.of(algorithm, types, levels, Learner.DTYPE)).value()
        / exact.optimal().value().value();
  }

  private static DataParallelTraining.Options options(Learner learner, Path out, int partitions,
      int checkpointEveryRounds) {
    return new DataParallelTraining.Options(List.of(shards.toString()), out, learner, settings(learner), ITERATIONS,
        BATCH, LOCAL_STEPS, partitions, CLONING, checkpointEveryRounds);
  }

  /**
   * The parity of the issue: within 1 % of J* of the single-machine run for the same samples, for
   * IntegratedRL and for a learner of another family.
   */
  @ParameterizedTest
  @ValueSource(strings = {"integrated-rl", "td3-bc"})
  void twoWorkersReachTheSingleMachineValueWithinOnePercentOfTheOptimum(String id) {
    Learner learner = Learner.byId(id);
    TrainingRun.Result single = TrainingRun.train(learner, settings(learner), data,
        new TrainingRun.Settings(ITERATIONS, BATCH, (int) ITERATIONS, 0, 0, CLONING, 0, 0, 0)
            .seeded(settings(learner).task().seeds(), learner.id(), 0),
        null, null, null, Progress.NONE, "single");
    DataParallelTraining.Result distributed = DataParallelTraining.run(SparkTestSession.get(),
        options(learner, dir.resolve("parity-" + id), 2, 100));
    double one = ratio(single.learner().algorithm());
    double two = ratio(distributed.learner().algorithm());
    double base = exact.evaluate(baseline).value() / exact.optimal().value().value();
    System.out.printf("%s J/J*: baseline %.4f, one machine %.4f, two workers %.4f%n", id, base, one, two);
    assertEquals(one, two, 0.01, "J/J* of two workers against one machine");
    assertEquals(ITERATIONS, distributed.summary().updates());
    assertEquals(ITERATIONS / 2 / LOCAL_STEPS, distributed.summary().rounds());
  }

  /** Same seed and shards, the same bits; a run resumed from a mid-run checkpoint ends on them too. */
  @Test
  void runsAreBitIdenticalAndResumeBitIdentically() throws IOException {
    DataParallelTraining.Result first = DataParallelTraining.run(SparkTestSession.get(), options(Learner.INTEGRATED_RL, dir.resolve("a"), 2, 4));
    DataParallelTraining.Result second = DataParallelTraining.run(SparkTestSession.get(), options(Learner.INTEGRATED_RL, dir.resolve("b"), 2, 4));
    assertTrue(first.learner().algorithm().state().bitEquals(second.learner().algorithm().state()));

    Path resumed = dir.resolve("resumed");
    Files.createDirectories(resumed);
    List<Path> checkpoints = Checkpoint.all(dir.resolve("a"));
    Path mid = checkpoints.get(checkpoints.size() / 2);
    copyTree(mid, resumed.resolve(mid.getFileName()));
    DataParallelTraining.Result third = DataParallelTraining.run(SparkTestSession.get(), options(Learner.INTEGRATED_RL, resumed, 2, 4));
    assertTrue(third.summary().resumedRounds() > 0, "resumed after round " + third.summary().resumedRounds());
    assertTrue(first.learner().algorithm().state().bitEquals(third.learner().algorithm().state()));

    // a finished run rerun trains nothing and returns the same state
    DataParallelTraining.Result again = DataParallelTraining.run(SparkTestSession.get(),
        options(Learner.INTEGRATED_RL, dir.resolve("a"), 2, 4));
    assertEquals(again.summary().rounds(), again.summary().resumedRounds());
    assertTrue(first.learner().algorithm().state().bitEquals(again.learner().algorithm().state()));
    // a longer run with other rounds cannot continue from a checkpoint that ends none of its rounds
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataParallelTraining.run(
        SparkTestSession.get(), new DataParallelTraining.Options(List.of(shards.toString()), dir.resolve("a"),
            Learner.INTEGRATED_RL, settings(Learner.INTEGRATED_RL), 2 * ITERATIONS, BATCH, 30, 2, CLONING, 4)));
    assertTrue(e.getMessage().contains("not the end of a round"), e.getMessage());
  }

  @Test
  void morePartitionsThanShardsAreRefusedWithWhatToDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataParallelTraining.run(SparkTestSession.get(), options(Learner.INTEGRATED_RL, dir.resolve("too-many"), 3, 100)));
    assertTrue(e.getMessage().contains("at most 2 partitions"), e.getMessage());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
