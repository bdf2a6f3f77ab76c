package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.OpeCheck;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import dev.mtfengine.mtf.report.OpeAccuracy;
import dev.mtfengine.rl.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mtf ope-check}: every off-policy estimator against the simulator's exact value, over a
 * panel of policies, two logging policies and several log sizes ({@link OpeCheck}); prints the
 * summary and, with {@code --docs}, writes docs/ope-accuracy.md and its charts.
 */
@Command(
    name = "ope-check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Check the off-policy estimators (IS, WIS, NCIS, PDIS, WPDIS, per-decision NCIS, FQE, DR, MTF-GAUC)"
          + " against the simulator's exact J: bias, RMSE, rank correlation, interval coverage, effective"
          + " sample size, on logs of ES with Gaussian noise and with the box.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf ope-check --seeds 3 --out runs/ope-check --docs docs/ope-accuracy.md",
      "  mtf ope-check --seed 101 --seeds 1 --bandwidths 0.5,1,1.5 --out runs/ope-tune"
    })
public final class OpeCheckCommand implements Callable<Integer>, MtfCommand.NoJsonDocument {
  @Spec CommandSpec spec;

  @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
      description = "Sizes of the learners and logs: standard, smoke, paper. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
      description = "Number of seeds, starting at --seed. Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--sizes", paramLabel = "LIST", split = ",",
      description = "Test log sizes in sessions. Default: 500 and the scale's test set.")
  List<Integer> sizes;

  @Option(names = "--bandwidths", paramLabel = "LIST", split = ",",
      description = "Smoothing multipliers k: a policy is smoothed by the logging noise scaled by k. Default: "
          + OpeCheck.DEFAULT_BANDWIDTH_MULTIPLIER + ".")
  List<Double> bandwidths;

  @Option(names = "--cap", paramLabel = "C", defaultValue = "100",
      description = "Cap of both NCIS readings. Default: ${DEFAULT-VALUE}.")
  double cap;

  @Option(names = "--resamples", paramLabel = "B", defaultValue = "200",
      description = "Bootstrap resamples per estimate. Default: ${DEFAULT-VALUE}.")
  int resamples;

  @Option(names = "--learners", paramLabel = "LIST", split = ",",
      description = "Learners whose training snapshots join the panel. Default: all of integrated-rl, ddpg,"
          + " cql-sac, iql, batchrl-mtf, td3-bc.")
  List<String> learners;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Jobs side by side (the results do not depend on it). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/ope-check",
      description = "Run directory (seed-N/ope-rows.json; a rerun reads finished seeds back). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--docs", paramLabel = "FILE",
      description = "Also write the accuracy page (markdown) here, its charts beside it under ope-accuracy/.")
  Path docs;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentScale s = ExperimentCommand.scale(spec, scale);
    if (seeds < 1 || workers < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds and --workers must be >= 1");
    }
    PaperExperiment.Config experiment = PaperExperiment.Config.defaults(s);
    // every learner by default, in the enum's order (the order of the panel's rows)
    List<Learner> chosen = new ArrayList<>(learners == null ? List.of(Learner.values()) : List.of());
    for (String id : learners == null ? List.<String>of() : learners) {
      try {
        chosen.add(Learner.byId(id));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--learners: " + e.getMessage());
      }
    }
    experiment = experiment.withLearners(chosen);
    OpeCheck.Config d = OpeCheck.Config.defaults(experiment);
    OpeCheck.Config config;
    try {
      config = new OpeCheck.Config(experiment, sizes == null ? d.sizes() : sizes,
          bandwidths == null ? d.bandwidthMultipliers() : bandwidths, cap, resamples, d.snapshots(),
          d.perturbations(), d.fqeIterations(), d.fqeTargetEvery());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), ErrorHandlers.oneLine(e.getMessage()));
    }
    common.requireWritableDirectory("--out", out);
    OpeCheck check = new OpeCheck(config, common.params(), workers);
    List<OpeCheck.Row> rows = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      long seed = common.seed() + i;
      rows.addAll(check.runSeed(seed, out.resolve("seed-" + seed), common.progress()));
    }
    String command = "mtf ope-check --scale " + scale + " --seed " + common.seed() + " --seeds " + seeds
        + (sizes == null ? "" : " --sizes " + join(sizes)) + (bandwidths == null ? "" : " --bandwidths " + join(bandwidths))
        + (cap == 100 ? "" : " --cap " + cap) + (resamples == 200 ? "" : " --resamples " + resamples)
        + (learners == null ? "" : " --learners " + String.join(",", learners));
    PrintWriter o = common.out();
    List<OpeAccuracy.Summary> summaries = OpeAccuracy.summarise(rows);
    o.println();
    o.printf(Locale.ROOT, "%-8s %6s  %-22s %10s %9s %9s %8s %9s %8s %7s%n", "log", "n", "estimator", "bias", "RMSE/J",
        "Spearman", "Kendall", "learners", "coverage", "ES err");
    for (OpeAccuracy.Summary x : summaries) {
      o.printf(Locale.ROOT, "%-8s %6d  %-22s %10.2f %8.1f%% %9.3f %8.3f %9.3f %8.2f %+6.1f%%%n", x.logging(),
          x.sessions(), OpeAccuracy.label(x), x.bias(), 100 * x.relativeRmse(), x.spearman(), x.kendall(),
          x.learnerSpearman(), x.coverage(), 100 * x.esRelativeError());
    }
    for (OpeAccuracy.GateSummary g : OpeAccuracy.gate(rows)) {
      o.printf(Locale.ROOT, "gate, %s log of %d sessions: %d decisions; %d of %d worse policies deployed (%.1f%%);"
              + " %d of %d better ones deployed%n", g.logging(), g.sessions(), g.policies(), g.falseDeploys(), g.worse(),
          100 * g.falseDeployRate(), g.betterDeployed(), g.better());
    }
    if (docs != null) {
      Path folder = docs.toAbsolutePath().getParent().resolve("ope-accuracy");
      List<String> charts = new ArrayList<>();
      int largest = config.sizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
      for (String logging : List.of("noise", "box")) {
        String name = "estimate-vs-truth-" + logging + ".svg";
        AtomicFiles.writeString(folder.resolve(name), OpeAccuracy.chart(rows, logging, largest,
            List.of("ncis", "wpdis", "fqe-table", "dr-table")));
        charts.add("ope-accuracy/" + name);
      }
      AtomicFiles.writeString(docs, OpeAccuracy.markdown(rows, command, charts));
      o.println();
      o.println("accuracy page: " + docs + " (charts in " + folder + ")");
    }
    o.println("run directory: " + out);
    o.flush();
    return MtfCommand.EXIT_OK;
  }

  private static String join(List<?> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  @Override
  public String resultsInstead() {
    return "its rows are in OUT/seed-N/ope-rows.json (--out)";
  }
}
