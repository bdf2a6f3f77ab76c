package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.CheckpointGate;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.TrainingRun;
import dev.mtfengine.mtf.log.MtfLogReader;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mtf train}: trains one learner on the user's data, an MTF log CSV or a binary transition
 * file, writing checkpoints and metrics to a run directory (and resuming from it).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Train a fusion policy offline on your logs: an MTF log CSV (converted with the default state"
          + " encoding: user features, request index, recent history) or a transition file (.mtft).",
      "Checkpoints go to --out; rerunning the same command resumes from the latest one. Serve the"
          + " result with FusionPolicy.load(checkpoint) (docs/serving.md).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf train --data runs/box/log.csv --out runs/train",
      "  mtf train --data runs/box/transitions.mtft --learner iql --iterations 20000 --out runs/iql"
    })
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "FILE", required = true,
      description = "Training data: an MTF log CSV, or a transition file written by 'mtf simulate --out'.")
  Path data;

  @Option(names = "--learner", paramLabel = "NAME", defaultValue = "integrated-rl",
      description = "integrated-rl, ddpg, cql-sac, iql, batchrl-mtf or td3-bc. Default: ${DEFAULT-VALUE}.")
  String learner;

  @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
      description = "Network sizes, batch size and iterations: standard, paper, demo, smoke. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--iterations", paramLabel = "N", description = "Override the scale's iterations.")
  Long iterations;

  @Option(names = "--gamma", paramLabel = "G",
      description = "Discount of the MDP. Default: ${DEFAULT-VALUE}.")
  double gamma;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1000",
      description = "Iterations between checkpoints. Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Run directory.")
  Path out;

  @Mixin GateOptions gateOptions;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentScale s = ExperimentCommand.scale(spec, scale);
    Learner l;
    try {
      l = Learner.byId(learner);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--learner: " + e.getMessage());
    }
    if (checkpointEvery < 1 || (iterations != null && iterations < 1)) {
      throw new ParameterException(spec.commandLine(), "--iterations and --checkpoint-every must be >= 1");
    }
    common.requireWritableDirectory("--out", out);
    TransitionSet set = readData(spec, data, 0);
    // refused before training, not after it
    ExplorationPolicy loggingNoise = gateOptions.loggingNoise(spec, set);
    long n = iterations == null ? s.iterations() : iterations;
    MtfTask task;
    try {
      task = common.task(GateOptions.task(gamma, loggingNoise));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--gamma: " + e.getMessage());
    }
    common.err().printf(Locale.ROOT, "train: %s on %s (%s), %d iterations, hidden %s, gamma %s, box [%s, %s]%s, run"
            + " directory %s%n", l.label(), data, set, n, s.hidden(), task.discount(), task.box().lower(),
        task.box().upper(), loggingNoise instanceof BoxExplorationPolicy ? " (--logging)"
            : " (the paper's; --logging box:LOW,HIGH gives your data's)", out);
    SeedTree seeds = task.seeds();
    // the data's action dimension, not the task's fusion's: logs of a formula outside our families train too
    TrainingRun.Result r = TrainingRun.train(l,
        new Learner.Settings(set.schema().stateDim(), set.schema().actionDim(), s.hidden(), s.critics(), task, 0,
            Learner.CriticChoice.networks()).seeded(l.id(), 0),
        set, new TrainingRun.Settings(n, s.batchSize(), checkpointEvery, checkpointEvery, 0, s.cloningIterations(), 0, 0, 0)
            .seeded(seeds, l.id(), 0), null, null,
        out, common.progress(), l.label());
    if (common.humanOutput()) {
      common.out().printf(Locale.ROOT, "trained %s for %d iterations in %.1f s on data %s%n", l.label(), n,
          r.seconds(), set.contentHash());
      common.out().println("checkpoint: " + r.finalCheckpoint());
      common.out().println("metrics:    " + out.resolve("metrics.csv"));
    }
    CheckpointGate.Result gate = null;
    if (!gateOptions.noGate) {
      Path gateData = gateOptions.gateData;
      TransitionSet evaluation = gateData == null ? set : readData(spec, gateData, 0);
      gate = CheckpointGate.run(out, evaluation, gateData != null, loggingNoise,
          seeds.seed(SeedTree.Purpose.GATE, l.id(), 0));
      GateOptions.report(out, gate, common.out(), common.humanOutput());
    }
    java.util.Map<String, Object> doc = common.metadata();
    if (gate != null) {
      doc.put("gate", GateOptions.document(gate));
    }
    doc.put("learner", l.id());
    doc.put("data", data.toString());
    doc.put("data_hash", set.contentHash());
    doc.put("iterations", n);
    doc.put("seconds", r.seconds());
    doc.put("checkpoint", String.valueOf(r.finalCheckpoint()));
    doc.put("metrics", out.resolve("metrics.csv").toString());
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }

  /**
   * A transition file, or an MTF log CSV converted with the default state encoding and rewards;
   * invalid files become a one-line usage error naming the file.
   */
  static TransitionSet readData(CommandSpec spec, Path file, int roundId) {
    if (!Files.isReadable(file)) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + " (missing or not readable)");
    }
    try {
      if (file.getFileName().toString().endsWith(".csv")) {
        return SessionTransitions.toTransitionSet(MtfLogReader.read(file), StateEncoding.defaults(),
            RewardConfig.defaults(), roundId);
      }
      return TransitionFile.read(file);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), file + ": " + ErrorHandlers.oneLine(e.getMessage()));
    }
  }
}
