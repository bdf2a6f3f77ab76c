package dev.mtfengine.spark;

import dev.mtfengine.mtf.cli.TaskDefaults;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.mtf.log.MtfLogFormatException;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.data.TransitionSet;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mtf-spark}: the engine's Spark jobs, started by {@code spark-submit} with the module's
 * jar (docs/scale-out.md). Spark, Scala, Hadoop and Jackson come from the cluster.
 */
@Command(
    name = "mtf-spark",
    mixinStandardHelpOptions = true,
    version = "mtf-spark (mtf-engine on Apache Spark)",
    description = "Spark jobs of mtf-engine: MTF logs to transition shards, and data-parallel training.",
    subcommands = {MtfSpark.LogsCommand.class, MtfSpark.TrainCommand.class, MtfSpark.BenchCommand.class})
public final class MtfSpark implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Settings every job of this module sets on its session (none beyond Spark's defaults today). */
  public static SparkSession.Builder configure(SparkSession.Builder b) {
    return b;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "choose a job: logs-to-transitions or train");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line; errors become one message on {@code err} and a non-zero exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new MtfSpark()).setDefaultValueProvider(new TaskDefaults());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      boolean input = e instanceof IllegalArgumentException || e instanceof UncheckedIOException
          || e instanceof MtfLogFormatException;
      err.println("mtf-spark: " + (input ? e.getMessage() : e.toString()));
      return input ? 2 : 1;
    });
    return cl.execute(args);
  }

  /** {@code --master}, which every job takes. */
  static final class Master {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master when not started by spark-submit (e.g. local[2]).")
    String url;

    /** The session: spark-submit's master, or this one when given. */
    SparkSession session(String job) {
      SparkSession.Builder b = configure(SparkSession.builder().appName("mtf-spark " + job));
      if (url != null) {
        b.master(url);
      }
      return b.getOrCreate();
    }
  }

  @Command(
      name = "logs-to-transitions",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Read MTF logs (CSV or Parquet files, or directories of them), check every row as 'mtf' does,"
            + " assemble sessions and write transition shards (.mtft, one per partition) under --out.",
        "Bad rows stop the job (nothing written; all listed in OUT.rejected) unless --skip-bad-sessions."
      })
  static final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", paramLabel = "PATH", required = true, split = ",",
        description = "Log files or directories (every *.csv / *.parquet file in them); repeat or separate with commas.")
    List<String> inputs;

    @Option(names = "--format", paramLabel = "csv|parquet", defaultValue = "csv",
        description = "The logs' format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Shard directory (must not exist).")
    String out;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "8",
        description = "Shards to write (one per partition). Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--features-only", description = "State = the user features alone (oracle simulator logs)"
        + " instead of features, request index and recent history.")
    boolean featuresOnly;

    @Option(names = "--round", paramLabel = "R", defaultValue = "0",
        description = "Progressive-training round stored in every transition. Default: ${DEFAULT-VALUE}.")
    int round;

    @Option(names = "--parquet-copy", description = "Also write the transitions as Parquet under OUT/parquet.")
    boolean parquetCopy;

    @Option(names = "--skip-bad-sessions", description = "Leave out (and list) sessions with a bad row instead of failing.")
    boolean skipBadSessions;

    @Mixin Master master;

    @Override
    public Integer call() {
      LogsToTransitions.Format f;
      try {
        f = LogsToTransitions.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--format must be csv or parquet, got '" + format + "'");
      }
      LogsToTransitions.Options o;
      try {
        o = new LogsToTransitions.Options(inputs, f, out, partitions, featuresOnly, round, parquetCopy, skipBadSessions);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      LogsToTransitions.Summary s = LogsToTransitions.run(master.session("logs-to-transitions"), o);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(Locale.ROOT, "%d rows of %d file(s) -> %d sessions, %d transitions in %d shard(s) under %s (%.1f s,"
              + " %.0f rows/s)%n", s.rows(), s.files().size(), s.sessions(), s.transitions(), s.shards().size(), out,
          s.seconds(), s.rows() / s.seconds());
      if (s.badRows() > 0) {
        w.printf(Locale.ROOT, "%d bad row(s); %d session(s) left out, listed in %s%n", s.badRows(),
            s.skippedSessions(), s.rejected());
      }
      return 0;
    }
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Train a learner data-parallel on transition shards: each partition trains on its shards and the"
            + " workers' states are averaged every --local-steps updates (treeAggregate) and broadcast back.",
        "Checkpoints of the mean go to --out on the driver; rerunning resumes from the newest one."
      })
  static final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--shards", paramLabel = "PATH", required = true, split = ",",
        description = "Shard files or directories (logs-to-transitions --out).")
    List<String> shards;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Run directory on the driver's disk.")
    Path out;

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "integrated-rl",
        description = "integrated-rl, ddpg, cql-sac, iql, batchrl-mtf or td3-bc. Default: ${DEFAULT-VALUE}.")
    String learner;

    @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
        description = "Network sizes, batch size, iterations: standard, paper, demo, smoke. Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--iterations", paramLabel = "N",
        description = "Updates over all workers (each does N / partitions). Default: the scale's.")
    Long iterations;

    @Option(names = "--local-steps", paramLabel = "K", defaultValue = "100",
        description = "Updates per worker between two averages. Default: ${DEFAULT-VALUE}.")
    int localSteps;

    @Option(names = "--partitions", paramLabel = "P", description = "Workers. Default: one per shard.")
    Integer partitions;

    @Option(names = "--gamma", paramLabel = "G", description = "Discount of the MDP. Default: ${DEFAULT-VALUE}.")
    double gamma;

    @Option(names = "--box", paramLabel = "LOW,HIGH", split = ",",
        description = "The box the logs explored, IntegratedRL's penalty box (Eq. 5). Default: the paper's.")
    List<Double> box;

    @Option(names = "--checkpoint-every-rounds", paramLabel = "C", defaultValue = "10",
        description = "Rounds between checkpoints of the mean. Default: ${DEFAULT-VALUE}.")
    int checkpointEveryRounds;

    @Option(names = "--seed", paramLabel = "S", description = "Root of the seed tree. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin Master master;

    @Override
    public Integer call() {
      Learner l;
      ExperimentScale s;
      try {
        l = Learner.byId(learner);
        s = ExperimentScale.named(scale);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      MtfTask task;
      try {
        task = MtfTask.paper().withDiscount(gamma).withSeed(seed);
        if (box != null) {
          if (box.size() != 2) {
            throw new IllegalArgumentException("--box takes LOW,HIGH, got " + box);
          }
          task = task.withBox(new ExplorationBox(box.get(0), box.get(1)));
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      List<String> files = ShardStore.list(shards, ".mtft");
      TransitionSet first = ShardStore.read(files.get(0));
      int p = partitions == null ? files.size() : partitions;
      Learner.Settings settings = new Learner.Settings(first.schema().stateDim(), first.schema().actionDim(), s.hidden(),
          s.critics(), task, 0, Learner.CriticChoice.networks()).seeded(l.id(), 0);
      DataParallelTraining.Options o;
      try {
        o = new DataParallelTraining.Options(shards, out, l, settings, iterations == null ? s.iterations() : iterations,
            s.batchSize(), localSteps, p, s.cloningIterations(), checkpointEveryRounds);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      DataParallelTraining.Summary r = DataParallelTraining.run(master.session("train"), o).summary();
      spec.commandLine().getOut().printf(Locale.ROOT,
          "trained %s on %d worker(s): %d updates in %d rounds of %d (%.1f s, %.0f updates/s); checkpoint %s%n",
          l.label(), r.partitions(), r.updates(), r.rounds(), r.localSteps(), r.seconds(), r.updatesPerSecond(),
          r.checkpoint());
      return 0;
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Measure data-parallel training on this deployment with the simulator's exact values: the same"
            + " learner and number of updates on one machine without Spark, on one Spark worker and on --workers"
            + " workers; prints seconds per 10,000 updates and J / J* of each (docs/scale-out.md)."
      })
  static final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Working directory (shards, runs).")
    Path out;

    @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
        description = "Networks and batch size: standard, paper, demo, smoke. Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000",
        description = "Updates of each training (over all workers). Default: ${DEFAULT-VALUE}.")
    long iterations;

    @Option(names = "--learner", paramLabel = "NAME", defaultValue = "integrated-rl",
        description = "integrated-rl, ddpg, cql-sac, iql, batchrl-mtf or td3-bc. Default: ${DEFAULT-VALUE}.")
    String learner;

    @Option(names = "--workers", paramLabel = "P", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--local-steps", paramLabel = "K", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int localSteps;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "4000",
        description = "Logged sessions of the simulated Dataset 1. Default: ${DEFAULT-VALUE}.")
    int sessions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "101",
        description = "Simulator and training seed (a tuning seed by default). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin Master master;

    @Override
    public Integer call() {
      ExperimentScale s;
      Learner l;
      try {
        s = ExperimentScale.named(scale);
        l = Learner.byId(learner);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (workers < 2 || localSteps < 1 || sessions < 10 || iterations < workers) {
        throw new ParameterException(spec.commandLine(), "need --workers >= 2, --local-steps >= 1, --sessions >= 10"
            + " and --iterations >= --workers");
      }
      List<ScaleOutBenchmark.Row> rows = ScaleOutBenchmark.run(master.session("bench"), out, l, s, iterations, workers,
          localSteps, sessions, seed);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(Locale.ROOT, "%s, scale %s, %d sessions, %d updates, batch %d, K = %d, seed %d, mtf.threads = %s%n%n",
          l.label(), s.name(), sessions, iterations, s.batchSize(), localSteps, seed,
          System.getProperty("mtf.threads", "(default)"));
      w.println("| training | workers | updates | seconds | s per 10,000 updates | speed-up vs 1 Spark worker | J / J* |");
      w.println("|---|---:|---:|---:|---:|---:|---:|");
      double oneWorker = rows.get(2).secondsPer10k();
      for (ScaleOutBenchmark.Row r : rows) {
        if (r.updates() == 0) {
          w.printf(Locale.ROOT, "| %s | - | 0 | - | - | - | %.4f |%n", r.how(), r.ratio());
        } else {
          w.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.2f | %.4f |%n", r.how(), r.workers(), r.updates(),
              r.seconds(), r.secondsPer10k(), oneWorker / r.secondsPer10k(), r.ratio());
        }
      }
      return 0;
    }
  }
}
