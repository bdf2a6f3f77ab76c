package dev.mtfengine.mtf.report;

import dev.mtfengine.mtf.experiment.ExperimentResults;
import dev.mtfengine.mtf.experiment.PaperExperiment.MethodResult;
import dev.mtfengine.mtf.experiment.PaperExperiment.SeedResult;
import dev.mtfengine.mtf.experiment.TrainingRun;
import java.util.ArrayList;
import java.util.List;

/** The report's charts, drawn from the results and their summary; a chart without data is left out. */
final class ReportCharts {
  /** The methods whose actions are compared with ES's: box data, noise data, the paper's DDPG. */
  static final List<String> OFFSET_METHODS = List.of("integrated-rl-d2", "integrated-rl-d1", "ddpg-d1");

  private ReportCharts() {}

  /** A chart and the file name it gets next to the Markdown report. */
  record Chart(String file, String title, String svg) {}

  static List<Chart> all(ExperimentResults results, ExperimentSummary summary) {
    List<Chart> charts = new ArrayList<>();
    learningCurves(summary, charts);
    ratioBars(summary, charts);
    actionOffsets(results, charts);
    rounds(summary, charts);
    return charts;
  }

  /** Series follow the methods' order, ES as a dashed level, so a method has its bar chart colour. */
  private static void learningCurves(ExperimentSummary summary, List<Chart> charts) {
    List<MethodSummary> trained = summary.methods().stream().filter(m -> !m.curve().isEmpty()).toList();
    if (trained.isEmpty()) {
      return;
    }
    double first = trained.stream().mapToDouble(m -> m.curve().get(0).iteration()).min().orElseThrow();
    double last = trained.stream().mapToDouble(m -> m.curve().get(m.curve().size() - 1).iteration()).max().orElseThrow();
    List<SvgChart.Series> series = new ArrayList<>();
    for (MethodSummary m : summary.methods()) {
      if (m.id().equals(ExperimentSummary.ES)) {
        double r = m.ratio().mean();
        series.add(new SvgChart.Series(m.shortLabel(), new double[] {first, last}, new double[] {r, r}, true));
      } else if (!m.curve().isEmpty()) {
        series.add(new SvgChart.Series(m.shortLabel(), m.curve().stream().mapToDouble(p -> p.iteration()).toArray(),
            m.curve().stream().mapToDouble(TrainingRun.CurvePoint::value).toArray(), false));
      }
    }
    String title = "Learning curves: J/J* during training (mean over seeds)";
    charts.add(new Chart("learning-curves.svg", title, SvgChart.line(title, "iteration", "J / J*", series)));
  }

  private static void ratioBars(ExperimentSummary summary, List<Chart> charts) {
    List<SvgChart.Bar> bars = summary.methods().stream()
        .map(m -> new SvgChart.Bar(m.shortLabel(), m.ratio().mean(), m.ratio().sd())).toList();
    String title = "J/J* per policy (mean \u00b1 sd over seeds)";
    charts.add(new Chart("ratio-per-policy.svg", title, SvgChart.bars(title, "J / J*", bars, 4)));
  }

  private static void actionOffsets(ExperimentResults results, List<Chart> charts) {
    List<SvgChart.Sample> samples = new ArrayList<>();
    for (String id : OFFSET_METHODS) {
      List<Double> offsets = new ArrayList<>();
      String name = id;
      for (SeedResult s : results.seeds()) {
        MethodResult m = ExperimentSummary.find(s, id);
        MethodResult es = ExperimentSummary.find(s, ExperimentSummary.ES);
        if (m == null || es == null || m.actions() == null || es.actions() == null) {
          continue;
        }
        name = ExperimentSummary.shortLabel(m);
        addOffsets(s.seed(), id, m.actions(), es.actions(), offsets);
      }
      if (!offsets.isEmpty()) {
        samples.add(new SvgChart.Sample(name, offsets.stream().mapToDouble(d -> d).toArray()));
      }
    }
    if (samples.isEmpty()) {
      return;
    }
    double lower = results.config().boxLower();
    double upper = results.config().boxUpper();
    String title = "Action offsets from ES (all users, satisfaction levels and weights)";
    charts.add(new Chart("action-offsets.svg", title, SvgChart.histogram(title, "method action - ES action",
        samples, (upper - lower) / 10, List.of(new SvgChart.Marker(lower, "box " + Text.num(lower, 2)),
            new SvgChart.Marker(upper, "box " + Text.num(upper, 2))))));
  }

  private static void addOffsets(long seed, String id, double[][][] actions, double[][][] es, List<Double> out) {
    for (int u = 0; u < actions.length; u++) {
      for (int s = 0; s < actions[u].length; s++) {
        if (u >= es.length || s >= es[u].length || actions[u][s].length != es[u][s].length) {
          throw new IllegalArgumentException("results.json: seed " + seed + ": the actions of " + id
              + " and of es differ in shape at (u " + u + ", s " + s + "); the results are inconsistent, rerun the seed");
        }
        for (int k = 0; k < actions[u][s].length; k++) {
          out.add(actions[u][s][k] - es[u][s][k]);
        }
      }
    }
  }

  private static void rounds(ExperimentSummary summary, List<Chart> charts) {
    List<ExperimentSummary.RoundSummary> rounds = summary.rounds();
    if (rounds.isEmpty()) {
      return;
    }
    MethodSummary progressive = summary.method(ExperimentSummary.PROGRESSIVE);
    String name = progressive == null ? ExperimentSummary.PROGRESSIVE : progressive.shortLabel();
    String title = "Progressive rounds: J/J* after each round (mean over seeds)";
    charts.add(new Chart("rounds.svg", title, SvgChart.line(title, "round (0 = ES baseline)", "J / J*",
        List.of(new SvgChart.Series(name, rounds.stream().mapToDouble(ExperimentSummary.RoundSummary::round).toArray(),
            rounds.stream().mapToDouble(r -> r.ratio().mean()).toArray(), false)))));
  }
}
