package dev.mtfengine.mtf.report;

import dev.mtfengine.mtf.experiment.ExperimentResults;
import dev.mtfengine.mtf.experiment.PaperExperiment.MethodResult;
import dev.mtfengine.mtf.experiment.PaperExperiment.SeedResult;
import dev.mtfengine.mtf.experiment.ProgressiveTraining.RoundRecord;
import dev.mtfengine.mtf.experiment.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * An experiment's results aggregated over seeds: every method's metrics (mean and sample sd), the
 * reference policies, J*, the paper's three findings and the progressive rounds.
 *
 * @param seeds the seeds, in run order
 * @param optimal J* across seeds
 * @param methods in the order of the seeds' method lists
 * @param references J / J* of each reference policy, in the seeds' order
 * @param findings the paper's findings 1 to 3
 * @param rounds J / J* of the progressive method: row 0 is its start (ES), row r is after round r
 */
public record ExperimentSummary(List<Long> seeds, MeanSd optimal, List<MethodSummary> methods,
    Map<String, MeanSd> references, List<Finding> findings, List<RoundSummary> rounds) {
  public static final String ES = "es";
  public static final String PROGRESSIVE = "integrated-rl-d3";
  public static final String CLAIM_1 = "Box-exploration data beats action-noise data for the same learner and budget";
  public static final String CLAIM_2 =
      "IntegratedRL-MTF beats DDPG, CQL+SAC, IQL and BatchRL-MTF trained on action-noise data";
  public static final String CLAIM_3 = "Five progressive rounds beat one round with the same total exploration budget";

  /**
   * J / J* after a progressive round.
   *
   * @param round 0 for the start (the ES baseline), r for after round r
   * @param ratio J / J* across seeds
   * @param improvement the mean's gain over the previous row (NaN for row 0)
   */
  public record RoundSummary(int round, MeanSd ratio, double improvement) {}

  public static ExperimentSummary of(ExperimentResults results) {
    List<SeedResult> seeds = results.seeds();
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("results.json has no seeds: the run has not finished a seed yet");
    }
    Map<String, List<MethodResult>> byId = new LinkedHashMap<>();
    Map<String, List<SeedResult>> seedsById = new LinkedHashMap<>();
    Map<String, List<Double>> references = new LinkedHashMap<>();
    for (SeedResult s : seeds) {
      for (MethodResult m : s.methods()) {
        byId.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m);
        seedsById.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(s);
      }
      s.references().forEach((name, ratio) -> references.computeIfAbsent(name, k -> new ArrayList<>()).add(ratio));
    }
    List<MethodSummary> methods = new ArrayList<>();
    byId.forEach((id, ms) -> methods.add(summarize(ms, seedsById.get(id))));
    Map<String, MeanSd> refs = new LinkedHashMap<>();
    references.forEach((name, ratios) -> refs.put(name, MeanSd.of(ratios.stream().mapToDouble(d -> d).toArray())));
    return new ExperimentSummary(seeds.stream().map(SeedResult::seed).toList(),
        MeanSd.of(seeds.stream().mapToDouble(SeedResult::optimal).toArray()), methods, refs, findings(seeds),
        rounds(seeds));
  }

  /** The method with this id, or null. */
  public MethodSummary method(String id) {
    return methods.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
  }

  /** The chart name of a method: its learner and dataset, e.g. "DDPG (D1)" or "ES". */
  public static String shortLabel(MethodResult m) {
    String label = m.label();
    int cut = label.indexOf(" (Dataset");
    String name = cut < 0 ? label : label.substring(0, cut);
    return m.dataset().equals("-") || cut < 0 ? name : name + " (D" + m.dataset() + ")";
  }

  private static MethodSummary summarize(List<MethodResult> ms, List<SeedResult> seeds) {
    MethodResult first = ms.get(0);
    TreeMap<Long, List<Double>> curve = new TreeMap<>();
    for (int i = 0; i < ms.size(); i++) {
      double optimal = seeds.get(i).optimal();
      for (TrainingRun.CurvePoint p : ms.get(i).curve()) {
        curve.computeIfAbsent(p.iteration(), k -> new ArrayList<>()).add(p.value() / optimal);
      }
    }
    List<TrainingRun.CurvePoint> meanCurve = new ArrayList<>();
    curve.forEach((it, ratios) -> meanCurve.add(
        new TrainingRun.CurvePoint(it, MeanSd.of(ratios.stream().mapToDouble(d -> d).toArray()).mean())));
    return new MethodSummary(first.id(), first.label(), shortLabel(first), across(ms, m -> m.score().value()),
        across(ms, m -> m.score().ratio()), across(ms, m -> m.score().gauc()), across(ms, m -> m.score().ncis()),
        across(ms, m -> m.score().validConsumptionPerUser()), across(ms, m -> m.score().watchTimePerUser()),
        across(ms, MethodResult::seconds), meanCurve);
  }

  private static MeanSd across(List<MethodResult> ms, ToDoubleFunction<MethodResult> metric) {
    return MeanSd.of(ms.stream().mapToDouble(metric).toArray());
  }

  private static List<Finding> findings(List<SeedResult> seeds) {
    List<Finding.Comparison> second = new ArrayList<>();
    for (String baseline : List.of("ddpg-d1", "cql-sac-d1", "iql-d1", "batchrl-mtf-d1")) {
      second.addAll(compare(seeds, PROGRESSIVE, baseline));
    }
    return List.of(Finding.of(1, CLAIM_1, compare(seeds, "integrated-rl-d2", "integrated-rl-d1")),
        Finding.of(2, CLAIM_2, second), Finding.of(3, CLAIM_3, compare(seeds, PROGRESSIVE, "integrated-rl-d2")));
  }

  /** The paired comparison of J / J* over the seeds that have both methods (none if no seed has). */
  static List<Finding.Comparison> compare(List<SeedResult> seeds, String better, String worse) {
    List<Double> differences = new ArrayList<>();
    for (SeedResult s : seeds) {
      MethodResult b = find(s, better);
      MethodResult w = find(s, worse);
      if (b != null && w != null) {
        differences.add(b.score().ratio() - w.score().ratio());
      }
    }
    return differences.isEmpty() ? List.of() : List.of(new Finding.Comparison(better, worse,
        PairedDifference.of(differences.stream().mapToDouble(d -> d).toArray())));
  }

  static MethodResult find(SeedResult seed, String id) {
    return seed.methods().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
  }

  private static List<RoundSummary> rounds(List<SeedResult> seeds) {
    TreeMap<Integer, List<Double>> ratios = new TreeMap<>();
    for (SeedResult s : seeds) {
      if (s.rounds() == null || s.rounds().isEmpty()) {
        continue;
      }
      MethodResult es = find(s, ES);
      if (es != null) {
        ratios.computeIfAbsent(0, k -> new ArrayList<>()).add(es.score().ratio());
      }
      for (RoundRecord r : s.rounds()) {
        Double value = r.metrics() == null ? null : r.metrics().get("value");
        if (value == null) {
          throw new IllegalArgumentException("results.json: seed " + s.seed() + ", round " + r.round()
              + " has no metrics.value (the exact J of its policy); rerun the experiment for that seed");
        }
        ratios.computeIfAbsent(r.round() + 1, k -> new ArrayList<>()).add(value / s.optimal());
      }
    }
    List<RoundSummary> rows = new ArrayList<>();
    double previous = Double.NaN;
    for (Map.Entry<Integer, List<Double>> e : ratios.entrySet()) {
      MeanSd ratio = MeanSd.of(e.getValue().stream().mapToDouble(d -> d).toArray());
      rows.add(new RoundSummary(e.getKey(), ratio, ratio.mean() - previous));
      previous = ratio.mean();
    }
    return rows;
  }
}
