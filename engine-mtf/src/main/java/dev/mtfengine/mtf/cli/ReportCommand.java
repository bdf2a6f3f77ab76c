package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.ExperimentResults;
import dev.mtfengine.mtf.report.ExperimentReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mtf report}: the HTML report (and optionally the results page) of a finished run directory. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {"Write the HTML report and the results page of a run of 'mtf demo' or 'mtf experiment'.", ""},
    footer = {"", "Examples:", "  mtf report runs/demo", "  mtf report runs/experiment --docs docs/results.md"})
public final class ReportCommand implements Callable<Integer>, MtfCommand.NoJsonDocument {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory (holds results.json).")
  Path run;

  @Option(names = "--html", paramLabel = "FILE", description = "HTML report. Default: RUN_DIR/report.html.")
  Path html;

  @Option(names = "--docs", paramLabel = "FILE",
      description = "Also write the markdown results page, its plots in FILE's folder under results/.")
  Path docs;

  @Option(names = "--also", paramLabel = "RUN_DIR", split = ",",
      description = "Other run directories (e.g. the same experiment with --fusion power-bias) whose policies"
          + " and findings the results page shows after this run's.")
  List<Path> also;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentResults results;
    List<ExperimentResults> others = new java.util.ArrayList<>();
    try {
      results = ExperimentResults.read(run);
      for (Path p : also == null ? List.<Path>of() : also) {
        others.add(ExperimentResults.read(p));
      }
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path target = html == null ? run.resolve("report.html") : html;
    ExperimentReport.writeHtml(results, target);
    common.out().print(ExperimentReport.shortTable(results));
    common.out().println("report: " + target);
    if (docs != null) {
      common.out().println("results page: " + docs + " (plots in "
          + ExperimentCommand.writeResultsPage(results, others, docs) + ")");
    }
    return MtfCommand.EXIT_OK;
  }

  @Override
  public String resultsInstead() {
    return "it reads RUN/results.json, which is the machine-readable form";
  }
}
