package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.CheckpointGate;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import dev.mtfengine.mtf.experiment.ProgressiveTraining;
import dev.mtfengine.mtf.experiment.TrainingRun;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mtf progressive}: progressive training of IntegratedRL, either on the simulator (deploy
 * the current policy with box exploration, train, promote; round by round, each valued exactly) or
 * on the user's logs, one MTF log CSV per round. Every round writes its data, checkpoints and
 * lineage under {@code --out}; rerunning resumes.
 */
@Command(
    name = "progressive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Progressive training of IntegratedRL: rounds of explore, train (warm start, pooled data), promote.",
      "Without --logs the rounds run on the simulator, starting from the ES baseline; with --logs each"
          + " file is one round of your own logs (the MTF log CSV of docs/data-format.md).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf progressive --out runs/progressive",
      "  mtf progressive --logs round0.csv,round1.csv --out runs/mine",
      "  mtf progressive --scale smoke --out /tmp/p"
    })
public final class ProgressiveCommand implements Callable<Integer>, MtfCommand.NoJsonDocument {
  @Spec CommandSpec spec;

  @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
      description = "Network sizes, iterations (split over the rounds) and sessions (split over the rounds):"
          + " standard, paper, demo, smoke. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
      description = "Simulator rounds (with --logs: one per file). Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--logs", paramLabel = "CSV", split = ",",
      description = "Train on these logs, one file per round, in order, instead of the simulator.")
  List<Path> logs;

  @Option(names = "--no-pool", description = "Train each round on its own data only (default: all rounds so far).")
  boolean noPool;

  @Option(names = "--cold-start", description = "Start each round from fresh networks (default: warm start).")
  boolean coldStart;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/progressive",
      description = "Run directory. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Mixin GateOptions gateOptions;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentScale s = ExperimentCommand.scale(spec, scale);
    if (rounds < 1) {
      throw new ParameterException(spec.commandLine(), "--rounds must be >= 1, got " + rounds);
    }
    if (logs != null) {
      common.requireReadableFiles("--logs", logs); // every round's file, before the first round trains
    }
    common.requireWritableDirectory("--out", out);
    PrintWriter o = common.out();
    List<ProgressiveTraining.RoundRecord> records;
    if (logs == null) {
      if (noPool || coldStart || gateOptions.given()) {
        throw new ParameterException(spec.commandLine(), "--no-pool, --cold-start and the gate's options apply to --logs runs; the"
            + " simulator run follows the paper's defaults (pooled, warm start), as 'mtf experiment' does");
      }
      PaperExperiment.Config c = PaperExperiment.Config.defaults(s).withRounds(rounds);
      PaperExperiment.ProgressiveOutcome r = new PaperExperiment(c, common.params(), 1)
          .progressiveOnly(common.seed(), out, common.progress());
      records = r.result().rounds();
      o.printf(Locale.ROOT, "J* = %.3f; ES baseline J = %.3f (J/J* %.4f)%n", r.optimal(), r.esValue(),
          r.esValue() / r.optimal());
      o.printf(Locale.ROOT, "%-6s %10s %8s %10s  %s%n", "round", "J", "J/J*", "rows", "checkpoint");
      for (ProgressiveTraining.RoundRecord rr : records) {
        double j = rr.metrics().get("value");
        o.printf(Locale.ROOT, "%-6d %10.3f %8.4f %10d  %s%n", rr.round(), j, j / r.optimal(), rr.trainingRows(),
            out.resolve(rr.checkpoint()));
      }
    } else {
      // --logging is refused before the rounds train, not after them
      ExplorationPolicy loggingNoise = gateOptions.logging == null ? null
          : gateOptions.loggingNoise(spec, TrainCommand.readData(spec, logs.get(0), 0));
      MtfTask task = common.task(GateOptions.task(MtfTask.paper().discount(), loggingNoise));
      records = fromLogs(s, task).rounds();
      o.printf(Locale.ROOT, "%-6s %10s %-18s %s%n", "round", "rows", "data hash", "checkpoint");
      for (ProgressiveTraining.RoundRecord rr : records) {
        o.printf(Locale.ROOT, "%-6d %10d %-18s %s%n", rr.round(), rr.trainingRows(),
            rr.trainingDataHash().substring(0, Math.min(16, rr.trainingDataHash().length())),
            out.resolve(rr.checkpoint()));
      }
      if (!gateOptions.noGate) {
        // the last round's checkpoints, against the baseline that logged the last round's data
        int last = logs.size() - 1;
        Path gateData = gateOptions.gateData;
        TransitionSet evaluation = TrainCommand.readData(spec, gateData == null ? logs.get(last) : gateData, last);
        CheckpointGate.Result gate = CheckpointGate.run(out.resolve("round-" + last).resolve("training"), evaluation,
            gateData != null, loggingNoise,
            task.seeds().seed(SeedTree.Purpose.GATE, "integrated-rl-logs", last));
        GateOptions.report(out, gate, o, true);
      }
    }
    o.println("lineage: " + out.resolve("round-N/" + ProgressiveTraining.ROUND_FILE));
    return MtfCommand.EXIT_OK;
  }

  private ProgressiveTraining.Result fromLogs(ExperimentScale s, MtfTask task) {
    for (Path p : logs) {
      if (!Files.isReadable(p)) {
        throw new ParameterException(spec.commandLine(), "--logs: cannot read " + p);
      }
    }
    TransitionSet first = TrainCommand.readData(spec, logs.get(0), 0);
    int stateDim = first.schema().stateDim();
    int actionDim = first.schema().actionDim();
    Learner.Settings ls = new Learner.Settings(stateDim, actionDim, s.hidden(), s.critics(), task, common.seed(),
        Learner.CriticChoice.networks());
    ProgressiveTraining.RoundSource source = (round, current) -> new ProgressiveTraining.RoundData(
        round == 0 ? first : TrainCommand.readData(spec, logs.get(round), round),
        "logged baseline of " + logs.get(round));
    return ProgressiveTraining.run(Learner.INTEGRATED_RL, ls, "integrated-rl-logs",
        new ProgressiveTraining.Config(logs.size(), !noPool, !coldStart, Math.max(1, s.iterations() / logs.size())),
        source, new TrainingRun.Settings(s.iterations(), s.batchSize(), s.evaluateEvery(), s.evaluateEvery(),
            0, s.cloningIterations(), 0, 0, 0),
        null, b -> Map.of(), null, out, common.progress(), "IntegratedRL");
  }

  @Override
  public String resultsInstead() {
    return "every round writes OUT/round-r/round.json and its metrics.csv (--out)";
  }
}
