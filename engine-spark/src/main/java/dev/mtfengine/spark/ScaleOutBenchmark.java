package dev.mtfengine.spark;

import dev.mtfengine.mtf.experiment.ExperimentScale;
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
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * What data-parallel training buys on a given Spark deployment, measured on the simulator, where
 * the value of every policy is known exactly: the experiment's Dataset 1 (Gaussian exploration,
 * sigma 0.2, around a fixed baseline policy) is written as {@code workers} shards, and the same
 * learner is trained for the same number of updates (the same samples) three ways, back to back in
 * one session: on one machine without Spark ({@code mtf train}'s loop), on one Spark worker, and on
 * {@code workers} Spark workers averaging every {@code localSteps}. Reports seconds per 10,000
 * updates and the exact J / J* of each result, beside the baseline's J / J* (how far training
 * moved at all).
 */
public final class ScaleOutBenchmark {
  private ScaleOutBenchmark() {}

  /** One way of training: wall time per 10,000 updates and the result's exact J / J*. */
  public record Row(String how, int workers, long updates, double seconds, double secondsPer10k, double ratio) {}

  /**
   * Runs the comparison in {@code directory} (shards and run directories go there).
   *
   * @param sessions logged sessions of Dataset 1
   */
  public static List<Row> run(SparkSession spark, Path directory, Learner learner, ExperimentScale scale,
      long iterations, int workers, int localSteps, int sessions, long seed) {
    SimulatorParams params = SimulatorParams.defaults();
    SessionSimulator sim = new SessionSimulator(params, seed);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults());
    int types = params.typeCount();
    int levels = params.satisfactionLevels();
    MtfTask task = MtfTask.paper().withFusion(params.fusion()).withSeed(seed);
    int k = task.actionDim();
    OracleActionTable baseline = OracleActionTable.of((u, s) -> {
      double[] a = new double[k];
      a[0] = 0.6;
      a[1] = 0.3 - 0.1 * u;
      return a;
    }, types, levels);
    TransitionSet data = ExplorationData.collect(sim, baseline.asSessionPolicy(),
        new GaussianNoisePolicy(ActionBounds.symmetric(k), task.noiseSigma()), 0, sessions, 0,
        ExplorationData.scaledRewards(task.rewardScale()))
        .transitions();
    Path all = directory.resolve("shards-1");
    Path split = directory.resolve("shards-" + workers);
    writeShards(data, all, 1);
    writeShards(data, split, workers);
    Learner.Settings settings = new Learner.Settings(types + 1, k, scale.hidden(), scale.critics(), task, 0,
        Learner.CriticChoice.networks()).seeded(learner.id(), 0);
    double optimum = exact.optimal().value().value();
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("the logged baseline policy (no training)", 0, 0, 0, Double.NaN,
        exact.evaluate(baseline).value() / optimum));

    TrainingRun.Result single = TrainingRun.train(learner, settings, data,
        new TrainingRun.Settings(iterations, scale.batchSize(), (int) iterations, 0, 0, scale.cloningIterations(), 0, 0, 0)
            .seeded(task.seeds(), learner.id(), 0), null, null, null, Progress.NONE, "single");
    double trainSeconds = single.seconds();
    rows.add(row("one machine, no Spark", 1, iterations, trainSeconds, value(exact, single.learner().algorithm(), types,
        levels) / optimum));
    for (int p : new int[] {1, workers}) {
      DataParallelTraining.Result r = DataParallelTraining.run(spark, new DataParallelTraining.Options(
          List.of((p == 1 ? all : split).toString()), directory.resolve("run-" + p), learner, settings, iterations,
          scale.batchSize(), localSteps, p, scale.cloningIterations(), Integer.MAX_VALUE));
      rows.add(row("Spark, " + p + (p == 1 ? " worker" : " workers"), p, r.summary().updates(), r.summary().seconds(),
          value(exact, r.learner().algorithm(), types, levels) / optimum));
    }
    return rows;
  }

  private static Row row(String how, int workers, long updates, double seconds, double ratio) {
    return new Row(how, workers, updates, seconds, seconds * 10_000 / updates, ratio);
  }

  private static double value(ExactEvaluator exact, OfflineAlgorithm a, int types, int levels) {
    return exact.evaluate(OracleActionTable.of(a, types, levels, Learner.DTYPE)).value();
  }

  /** The sessions of {@code data} in {@code parts} contiguous shards of about equal size. */
  static void writeShards(TransitionSet data, Path directory, int parts) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
    }
    long row = 0;
    for (int p = 0; p < parts; p++) {
      long end = data.size() * (p + 1) / parts;
      TransitionSet.Builder b = TransitionSet.builder(data.schema());
      // whole sessions only: a shard ends after a session's last step
      while (row < data.size() && (row < end || (row > 0 && data.episodeId(row) == data.episodeId(row - 1)))) {
        b.add(data.get(row++));
      }
      TransitionFile.write(b.build(), directory.resolve(String.format("part-%05d.mtft", p)));
    }
  }
}
