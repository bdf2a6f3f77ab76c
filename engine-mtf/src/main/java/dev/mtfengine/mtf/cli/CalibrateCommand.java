package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.CalibrationReport;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code mtf calibrate}: runs sessions under a behaviour policy and prints the simulator's
 * engagement rates (ranked click rate, P(long view | click), like and share rates, random-exposure
 * click rate, requests per session) next to the KuaiRand aggregates of the simulator spec, so a
 * parameter file can be checked against the shape of real traffic ({@link CalibrationReport}).
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Print the simulator's rates next to the KuaiRand aggregates.",
      "",
      "Runs sessions under a behaviour policy and reports the ranked click rate, P(long view |"
          + " click), like and share rates, the random-exposure click rate and requests per"
          + " session beside the KuaiRand targets of the simulator spec.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf calibrate",
      "  mtf calibrate --policy optimal --sessions 50000",
      "  mtf calibrate --params my-params.json --json"
    })
public final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sessions",
      paramLabel = "N",
      defaultValue = "20000",
      description = "Sessions to simulate (episodes 0..N-1). Default: ${DEFAULT-VALUE}.")
  int sessions;

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      defaultValue = "uniform",
      description = "Behaviour policy: uniform, greedy, optimal or static (greedy, optimal and"
          + " static without --weights build the exact model first). Default: ${DEFAULT-VALUE}.")
  BaselinePolicy.Kind policy;

  @Option(
      names = "--weights",
      paramLabel = "W",
      split = ",",
      description = "Raw head weights (click,long_view,like,share) for --policy static.")
  double[] weights;

  @Option(
      names = "--divisions",
      paramLabel = "D",
      defaultValue = "10",
      description = "Action grid of the exact model (simplex step 1/D). Default: ${DEFAULT-VALUE}.")
  int divisions;

  // after the command's own options: declaration order is the order of --help
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    if (sessions < 2) {
      throw new ParameterException(spec.commandLine(), "--sessions must be >= 2, got " + sessions);
    }
    if (divisions < 1) {
      throw new ParameterException(spec.commandLine(), "--divisions must be >= 1, got " + divisions);
    }
    if (weights != null && policy != BaselinePolicy.Kind.STATIC) {
      throw new ParameterException(spec.commandLine(), "--weights applies to --policy static only");
    }
    SimulatorParams params = common.params();
    Map<String, Object> doc = common.metadata();
    Progress progress = common.progress();
    long t0 = System.nanoTime();
    SessionSimulator sim = new SessionSimulator(params, common.seed());
    long t1 = System.nanoTime();
    BaselinePolicy behaviour;
    try {
      behaviour = BaselinePolicy.resolve(policy, weights, sim, () -> new ExactEvaluator(sim, ExactConfig.defaults().withDivisions(divisions), progress));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--weights: " + e.getMessage(), e);
    }
    long t2 = System.nanoTime();
    CalibrationReport report = CalibrationReport.measure(sim, behaviour.policy(),
        behaviour.description(), ObservationConfig.oracle(), sessions, true, progress);
    long t3 = System.nanoTime();

    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("banks", (t1 - t0) * 1e-9);
    timings.put("policy", (t2 - t1) * 1e-9);
    timings.put("sessions", (t3 - t2) * 1e-9);
    timings.put("total", (t3 - t0) * 1e-9);
    if (common.humanOutput()) {
      PrintWriter out = common.out();
      out.printf(Locale.ROOT, "mtf calibrate: seed %d, %s, %d sessions under %s%n%n",
          common.seed(), common.paramsSource(), sessions, behaviour.description());
      out.printf(Locale.ROOT, "%-28s %10s %10s%n", "aggregate", "simulated", "KuaiRand");
      for (CalibrationReport.Row r : report.rows()) {
        out.printf(Locale.ROOT, "%-28s %10.4f %10s%n", r.name(), r.simulated(), r.kuaiRand());
      }
      out.printf(Locale.ROOT, "%nKuaiRand (CC BY-SA 4.0) aggregates from the simulator spec. Rates"
          + " are per shown item;%nthe random-exposure rate is the mean true click probability"
          + " over all candidates.%n");
      out.printf(Locale.ROOT, "timings: banks %.2f s, policy %.2f s, sessions %.2f s (%.0f/s),"
              + " total %.2f s%n", timings.get("banks"), timings.get("policy"),
          timings.get("sessions"), sessions / timings.get("sessions"), timings.get("total"));
      out.flush();
    }
    doc.put("policy", policy.name().toLowerCase(Locale.ROOT));
    doc.put("policy_description", behaviour.description());
    doc.put("sessions", sessions);
    List<Map<String, Object>> rates = new ArrayList<>();
    for (CalibrationReport.Row r : report.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("simulated", JsonOutput.number(r.simulated()));
      row.put("kuairand", r.kuaiRand());
      rates.add(row);
    }
    doc.put("rates", rates);
    doc.put("timings_seconds", timings);
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }
}
