package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mtf demo}: the product's main job in a few minutes, with no data and no flags: simulate,
 * explore, train progressively, evaluate against the baselines and the optimum, print a short table
 * and write the HTML report and the run directory. One seed of {@code mtf experiment} at the demo
 * scale.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Simulate, explore, train IntegratedRL progressively, evaluate it against ES, DDPG, CQL+SAC, IQL,"
          + " BatchRL-MTF, TD3+BC and the exact optimum; print a short table and write an HTML report.",
      "Progress on stderr; rerunning resumes in the same run directory.",
      ""
    },
    footer = {"", "Examples:", "  mtf demo", "  mtf demo --out runs/demo-2 --seed 2"})
public final class DemoCommand implements Callable<Integer>, MtfCommand.NoJsonDocument {
  @Spec CommandSpec spec;

  @Option(names = "--scale", paramLabel = "NAME", defaultValue = "demo",
      description = "Sizes (demo, smoke for a seconds-long check, standard, paper). Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo",
      description = "Run directory. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentScale s = ExperimentCommand.scale(spec, scale);
    ExperimentCommand.run(PaperExperiment.Config.defaults(s), List.of(common.seed()), 2, out, null, common,
        "mtf demo --scale " + s.name() + " --seed " + common.seed());
    return MtfCommand.EXIT_OK;
  }

  @Override
  public String resultsInstead() {
    return "its results are in OUT/results.json and OUT/seed-1/seed.json (--out, default runs/demo)";
  }
}
