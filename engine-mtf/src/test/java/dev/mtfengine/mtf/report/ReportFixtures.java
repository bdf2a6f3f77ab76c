package dev.mtfengine.mtf.report;

import dev.mtfengine.mtf.experiment.ExperimentResults;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import dev.mtfengine.mtf.experiment.PaperExperiment.MethodResult;
import dev.mtfengine.mtf.experiment.PaperExperiment.SeedResult;
import dev.mtfengine.mtf.experiment.PolicyEvaluator;
import dev.mtfengine.mtf.experiment.ProgressiveTraining.RoundRecord;
import dev.mtfengine.mtf.experiment.TrainingRun.CurvePoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made experiment results with chosen J / J* per method and seed. */
final class ReportFixtures {
  static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    String d1 = " (Dataset 1: ES + N(0, 0.2^2))";
    LABELS.put("es", "ES (baseline policy)");
    LABELS.put("ddpg-d1", "DDPG" + d1);
    LABELS.put("cql-sac-d1", "CQL+SAC" + d1);
    LABELS.put("iql-d1", "IQL" + d1);
    LABELS.put("batchrl-mtf-d1", "BatchRL-MTF (BCQ)" + d1);
    LABELS.put("integrated-rl-d1", "IntegratedRL-MTF" + d1);
    LABELS.put("integrated-rl-d2", "IntegratedRL w/o progressive (Dataset 2: ES + box U(-0.15, 0.15))");
    LABELS.put("integrated-rl-d3", "IntegratedRL (Dataset 3: 5 progressive rounds of box U(-0.15, 0.15))");
  }

  private ReportFixtures() {}

  /**
   * A seed whose methods have the given J / J* (in the map's order). Other metrics derive from
   * the ratio; actions are ES's 0.1 plus {@code ratio - 0.8}; curves have points at iterations 10
   * and 20 (ratio - 0.01, ratio); the progressive rounds end at {@code roundRatios}.
   */
  static SeedResult seed(long seed, double optimal, Map<String, Double> ratios, double... roundRatios) {
    List<MethodResult> methods = new ArrayList<>();
    ratios.forEach((id, ratio) -> methods.add(method(id, LABELS.getOrDefault(id, id + " (Dataset 1: x)"), ratio,
        optimal)));
    List<RoundRecord> rounds = new ArrayList<>();
    for (int r = 0; r < roundRatios.length; r++) {
      rounds.add(new RoundRecord(r, r == 0 ? "none" : "round-" + (r - 1) + "/training/checkpoint-" + r,
          r == 0 ? "ES baseline" : "round " + (r - 1) + " policy", "abcdef0123456789abcdef" + r, 10 + r,
          "fedcba9876543210fedcba" + r, 10L * (r + 1), 12L * r, 12L * (r + 1),
          "round-" + r + "/training/checkpoint-" + (r + 1), List.of(), Map.of("value", roundRatios[r] * optimal),
          null, 1.0));
    }
    Map<String, Double> references = new LinkedHashMap<>();
    references.put("greedy", 0.6 + seed * 0.01);
    references.put("uniform", 0.8);
    return new SeedResult(seed, optimal, references, methods, rounds, 10.0);
  }

  static MethodResult method(String id, String label, double ratio, double optimal) {
    PolicyEvaluator.Score score = new PolicyEvaluator.Score(ratio * optimal, ratio, 0.5 + ratio / 10, 50 * ratio, 3,
        20 * ratio, 900 * ratio);
    double[][][] actions = new double[2][3][4];
    for (double[][] u : actions) {
      for (double[] s : u) {
        java.util.Arrays.fill(s, id.equals("es") ? 0.1 : 0.1 + (ratio - 0.8));
      }
    }
    List<CurvePoint> curve = id.equals("es") ? List.of()
        : List.of(new CurvePoint(10, (ratio - 0.01) * optimal), new CurvePoint(20, ratio * optimal));
    String dataset = id.equals("es") ? "-" : id.substring(id.length() - 1);
    return new MethodResult(id, label, id.replaceAll("-d\\d$", ""), dataset, score, curve, actions,
        id.equals("es") ? 0 : 2.0);
  }

  static ExperimentResults results(SeedResult... seeds) {
    return new ExperimentResults("mtf experiment --seeds " + seeds.length, ExperimentScale.smoke(),
        PaperExperiment.Config.defaults(ExperimentScale.smoke()), "LOG_LINEAR, MULTIPLICATIVE map", "scalar",
        List.of(seeds), 123.4);
  }

  static Map<String, Double> ratios(Object... idsAndRatios) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < idsAndRatios.length; i += 2) {
      m.put((String) idsAndRatios[i], ((Number) idsAndRatios[i + 1]).doubleValue());
    }
    return m;
  }

  /**
   * Three seeds: finding 1 holds (d2 - d1 = 0.01, 0.02, 0.03), finding 2 holds against the three
   * baselines present (IQL is left out), finding 3 is positive but not significant (d3 - d2 =
   * 0.01, -0.005, 0.02).
   */
  static ExperimentResults threeSeeds() {
    return results(
        seed(1, 100, ratios("es", 0.78, "ddpg-d1", 0.70, "cql-sac-d1", 0.71, "batchrl-mtf-d1", 0.72,
            "integrated-rl-d1", 0.79, "integrated-rl-d2", 0.80, "integrated-rl-d3", 0.81), 0.79, 0.80, 0.81),
        seed(2, 200, ratios("es", 0.79, "ddpg-d1", 0.71, "cql-sac-d1", 0.72, "batchrl-mtf-d1", 0.73,
            "integrated-rl-d1", 0.80, "integrated-rl-d2", 0.82, "integrated-rl-d3", 0.815), 0.80, 0.81, 0.815),
        seed(3, 300, ratios("es", 0.80, "ddpg-d1", 0.72, "cql-sac-d1", 0.73, "batchrl-mtf-d1", 0.74,
            "integrated-rl-d1", 0.81, "integrated-rl-d2", 0.84, "integrated-rl-d3", 0.86), 0.82, 0.84, 0.86));
  }
}
