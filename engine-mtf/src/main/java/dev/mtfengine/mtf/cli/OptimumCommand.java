package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.sim.BaselineReport;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.mtf.sim.OptimalSolution;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mtf optimum}: the simulator's exact optimum J* (value iteration over the action grid) next
 * to the simple baselines (one-step greedy, best single static action, best per-type static action,
 * uniform weights), each with J / J* and the gap {@code 100 (J / J* - 1)} percent, and the time each
 * step took. The same computation as {@code SimulatorSummary}'s first part.
 */
@Command(
    name = "optimum",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Print the exact optimum J* and the baselines, with J/J* and the gap.",
      "",
      "J* comes from value iteration over a grid of fusion actions on the simulator's (user type,"
          + " satisfaction) MDP. Baselines: one-step greedy, best single static action, best"
          + " static action per user type, uniform weights; all evaluated exactly.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf optimum",
      "  mtf optimum --seed 2 --show-policy",
      "  mtf optimum --params my-params.json --json result.json"
    })
public final class OptimumCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--divisions",
      paramLabel = "D",
      defaultValue = "10",
      description = "Action grid for value iteration: head weights on the simplex with step 1/D"
          + " (10: 286 actions). Default: ${DEFAULT-VALUE}.")
  int divisions;

  @Option(
      names = "--show-policy",
      description = "Also print V*(u, s) and the optimal raw action per satisfaction level.")
  boolean showPolicy;

  // after the command's own options: declaration order is the order of --help
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    if (divisions < 1) {
      throw new ParameterException(spec.commandLine(), "--divisions must be >= 1, got " + divisions);
    }
    SimulatorParams params = common.params();
    Map<String, Object> doc = common.metadata();
    long t0 = System.nanoTime();
    SessionSimulator sim = new SessionSimulator(params, common.seed());
    long t1 = System.nanoTime();
    ExactConfig config = ExactConfig.defaults().withDivisions(divisions);
    ExactEvaluator exact = new ExactEvaluator(sim, config, common.progress());
    exact.model();
    long t2 = System.nanoTime();
    OptimalSolution opt = exact.optimal();
    long t3 = System.nanoTime();
    BaselineReport report = exact.baselines();
    long t4 = System.nanoTime();

    double jStar = report.optimal();
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("optimal", "optimal (J*)", jStar, "value iteration over the action grid"));
    for (BaselineReport.Baseline b : report.baselines()) {
      rows.add(new Row(b.name(), b.name(), b.value(), b.description()));
    }
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("banks", (t1 - t0) * 1e-9);
    timings.put("tabular_model", (t2 - t1) * 1e-9);
    timings.put("value_iteration", (t3 - t2) * 1e-9);
    timings.put("baselines", (t4 - t3) * 1e-9);
    timings.put("total", (t4 - t0) * 1e-9);

    List<String> typeNames = sim.typeNames();
    if (common.humanOutput()) {
      PrintWriter out = common.out();
      out.printf(Locale.ROOT, "mtf optimum: seed %d, %s, %d grid actions (simplex step 1/%d)%n%n",
          common.seed(), common.paramsSource(), exact.grid().size(), divisions);
      out.printf(Locale.ROOT, "%-22s %10s %8s %9s%n", "policy", "J", "J/J*", "gap");
      for (Row r : rows) {
        out.printf(Locale.ROOT, "%-22s %10.3f %8.4f %8.2f%%%n", r.label, r.value, r.value / jStar,
            gapPercent(r.value, jStar));
      }
      out.println();
      out.println("raw actions are the weights of the heads " + FusionSpec.HEADS);
      for (Row r : rows.subList(1, rows.size())) {
        List<String> perTypeActions = perTypeActions(r.description, typeNames.size());
        if (perTypeActions.isEmpty()) {
          out.printf(Locale.ROOT, "  %-22s %s%n", r.name + ":", r.description);
        } else {
          // one line per type: "(0.0, 0.5, 0.4, 0.1) (0.8, ...)" on one line is unreadable
          out.printf(Locale.ROOT, "  %s%n", r.name + ":");
          for (int u = 0; u < typeNames.size(); u++) {
            out.printf(Locale.ROOT, "    %-20s %s%n", typeNames.get(u), perTypeActions.get(u));
          }
        }
      }
      StringBuilder distinct = new StringBuilder();
      for (int u = 0; u < typeNames.size(); u++) {
        distinct.append(u == 0 ? "" : ", ").append(typeNames.get(u)).append(' ')
            .append(report.distinctOptimalActions()[u]);
      }
      out.println("  distinct optimal actions across satisfaction levels: " + distinct);
      if (showPolicy) {
        printPolicy(out, params, exact, opt, typeNames);
      }
      out.printf(Locale.ROOT, "%ntimings: banks %.2f s, tabular model %.2f s, value iteration %.2f s"
              + " (%d sweeps), baselines %.2f s, total %.2f s%n",
          timings.get("banks"), timings.get("tabular_model"), timings.get("value_iteration"),
          opt.iterations(), timings.get("baselines"), timings.get("total"));
      out.flush();
    }

    Map<String, Object> grid = new LinkedHashMap<>();
    grid.put("simplex_divisions", divisions);
    grid.put("actions", exact.grid().size());
    doc.put("grid", grid);
    doc.put("j_star", jStar);
    List<Map<String, Object>> policies = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", r.name);
      p.put("value", r.value);
      p.put("ratio", r.value / jStar);
      p.put("gap_percent", gapPercent(r.value, jStar));
      p.put("description", r.description);
      policies.add(p);
    }
    doc.put("policies", policies);
    Map<String, Object> perType = new LinkedHashMap<>();
    for (int u = 0; u < typeNames.size(); u++) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("optimal_value", opt.value().perType()[u]);
      t.put("distinct_optimal_actions", report.distinctOptimalActions()[u]);
      perType.put(typeNames.get(u), t);
    }
    doc.put("types", perType);
    Map<String, Object> vi = new LinkedHashMap<>();
    vi.put("sweeps", opt.iterations());
    vi.put("residual", JsonOutput.number(opt.residual()));
    vi.put("tolerance", config.tolerance());
    doc.put("value_iteration", vi);
    doc.put("timings_seconds", timings);
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }

  /**
   * The per-type actions of the "best per-type static" description ({@code "per type raw: (..)
   * (..)"}, one group per type, as {@link dev.mtfengine.mtf.sim.ExactEvaluator#baselines} writes
   * it), or an empty list for any other description.
   */
  static List<String> perTypeActions(String description, int types) {
    if (!description.startsWith("per type raw:")) {
      return List.of();
    }
    List<String> groups = new ArrayList<>();
    Matcher m = Pattern.compile("\\([^)]*\\)").matcher(description);
    while (m.find()) {
      groups.add(m.group());
    }
    return groups.size() == types ? groups : List.of();
  }

  /** {@code 100 (J / J* - 1)}: negative for a policy below the optimum. */
  static double gapPercent(double value, double jStar) {
    return 100.0 * (value / jStar - 1.0);
  }

  private static void printPolicy(PrintWriter out, SimulatorParams params, ExactEvaluator exact,
      OptimalSolution opt, List<String> typeNames) {
    out.println();
    out.println("optimal policy per satisfaction level s = 0.." + (params.satisfactionLevels() - 1)
        + " (raw head weights " + FusionSpec.HEADS + "):");
    for (int u = 0; u < typeNames.size(); u++) {
      StringBuilder values = new StringBuilder();
      for (int s = 0; s < params.satisfactionLevels(); s++) {
        values.append(String.format(Locale.ROOT, " %.0f", opt.value().values()[u][s]));
      }
      out.printf(Locale.ROOT, "  %-16s V*(s):%s%n", typeNames.get(u), values);
      int previous = -1;
      for (int s = 0; s < params.satisfactionLevels(); s++) {
        int a = opt.actionIndex()[u][s];
        // print runs of equal actions once: the policy changes at a few levels only
        if (a != previous) {
          int end = s;
          while (end + 1 < params.satisfactionLevels() && opt.actionIndex()[u][end + 1] == a) {
            end++;
          }
          out.printf(Locale.ROOT, "  %-16s   s %2d..%2d: %s%n", "", s, end, exact.rawString(a));
          previous = a;
        }
      }
    }
  }

  private record Row(String name, String label, double value, String description) {}
}
