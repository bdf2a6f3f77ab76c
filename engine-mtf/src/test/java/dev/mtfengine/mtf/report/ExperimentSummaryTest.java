package dev.mtfengine.mtf.report;

import static dev.mtfengine.mtf.report.ReportFixtures.ratios;
import static dev.mtfengine.mtf.report.ReportFixtures.results;
import static dev.mtfengine.mtf.report.ReportFixtures.seed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mtfengine.mtf.experiment.TrainingRun.CurvePoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentSummaryTest {
  private final ExperimentSummary summary = ExperimentSummary.of(ReportFixtures.threeSeeds());

  @Test
  void methodsKeepTheSeedsOrderAndAggregateEveryMetric() {
    assertEquals(List.of("es", "ddpg-d1", "cql-sac-d1", "batchrl-mtf-d1", "integrated-rl-d1", "integrated-rl-d2",
        "integrated-rl-d3"), summary.methods().stream().map(MethodSummary::id).toList());
    MethodSummary d2 = summary.method("integrated-rl-d2");
    assertEquals(0.82, d2.ratio().mean(), 1e-12);
    assertEquals(0.02, d2.ratio().sd(), 1e-12);
    assertEquals(3, d2.ratio().n());
    // J = ratio * J*: 80, 164, 252
    assertEquals((80 + 164 + 252) / 3.0, d2.value().mean(), 1e-9);
    assertEquals(Math.sqrt((Math.pow(80 - 165.3333333333, 2) + Math.pow(164 - 165.3333333333, 2)
        + Math.pow(252 - 165.3333333333, 2)) / 2), d2.value().sd(), 1e-6);
    assertEquals(0.5 + 0.082, d2.gauc().mean(), 1e-12);
    assertEquals(50 * 0.82, d2.ncis().mean(), 1e-9);
    assertEquals(20 * 0.82, d2.validConsumption().mean(), 1e-9);
    assertEquals(900 * 0.82, d2.watchTime().mean(), 1e-9);
    assertEquals(new MeanSd(2.0, 0.0, 3), d2.trainingSeconds());
    assertEquals("IntegratedRL w/o progressive (D2)", d2.shortLabel());
    assertEquals("BatchRL-MTF (BCQ) (D1)", summary.method("batchrl-mtf-d1").shortLabel());
    assertEquals("ES (baseline policy)", summary.method("es").shortLabel());
    assertNull(summary.method("iql-d1"));
  }

  @Test
  void optimumReferencesAndSeeds() {
    assertEquals(List.of(1L, 2L, 3L), summary.seeds());
    assertEquals(200.0, summary.optimal().mean(), 1e-12);
    assertEquals(100.0, summary.optimal().sd(), 1e-12);
    assertEquals(List.of("greedy", "uniform"), List.copyOf(summary.references().keySet()));
    assertEquals(0.62, summary.references().get("greedy").mean(), 1e-12);
    assertEquals(0.01, summary.references().get("greedy").sd(), 1e-12);
  }

  @Test
  void learningCurveIsTheMeanRatioPerIteration() {
    List<CurvePoint> curve = summary.method("integrated-rl-d2").curve();
    assertEquals(2, curve.size());
    assertEquals(10, curve.get(0).iteration());
    assertEquals(0.81, curve.get(0).value(), 1e-12);
    assertEquals(20, curve.get(1).iteration());
    assertEquals(0.82, curve.get(1).value(), 1e-12);
  }

  @Test
  void findingsFromPairedDifferences() {
    Finding first = summary.findings().get(0);
    assertEquals(ExperimentSummary.CLAIM_1, first.claim());
    PairedDifference d = first.comparisons().get(0).difference();
    assertEquals(0.02, d.mean(), 1e-12);
    assertEquals(0.01 / Math.sqrt(3), d.standardError(), 1e-12);
    assertEquals(PairedDifference.HOLDS, first.verdict());

    Finding second = summary.findings().get(1);
    assertEquals(List.of("ddpg-d1", "cql-sac-d1", "batchrl-mtf-d1"),
        second.comparisons().stream().map(Finding.Comparison::worse).toList()); // no IQL in these results
    assertEquals(PairedDifference.HOLDS, second.verdict());

    Finding third = summary.findings().get(2);
    PairedDifference t = third.comparisons().get(0).difference();
    assertEquals(0.025 / 3, t.mean(), 1e-12);
    double sd = Math.sqrt((Math.pow(0.01 - 0.025 / 3, 2) + Math.pow(-0.005 - 0.025 / 3, 2)
        + Math.pow(0.02 - 0.025 / 3, 2)) / 2);
    assertEquals(sd / Math.sqrt(3), t.standardError(), 1e-12);
    assertEquals(PairedDifference.NOT_SIGNIFICANT, third.verdict());
  }

  @Test
  void aBaselineAheadOnAverageBreaksFindingTwo() {
    ExperimentSummary s = ExperimentSummary.of(results(
        seed(1, 100, ratios("ddpg-d1", 0.70, "iql-d1", 0.83, "integrated-rl-d3", 0.81)),
        seed(2, 100, ratios("ddpg-d1", 0.70, "iql-d1", 0.80, "integrated-rl-d3", 0.81))));
    Finding second = s.findings().get(1);
    assertEquals(2, second.comparisons().size());
    assertEquals(-0.005, second.comparisons().get(1).difference().mean(), 1e-12);
    assertEquals(PairedDifference.DOES_NOT_HOLD, second.verdict());
    assertEquals(Finding.NOT_MEASURED, s.findings().get(0).verdict());
  }

  @Test
  void pairsOnlySeedsThatHaveBothMethods() {
    ExperimentSummary s = ExperimentSummary.of(results(
        seed(1, 100, ratios("integrated-rl-d1", 0.80, "integrated-rl-d2", 0.90)),
        seed(2, 100, ratios("integrated-rl-d2", 0.10)),
        seed(3, 100, ratios("integrated-rl-d1", 0.80, "integrated-rl-d2", 0.82))));
    PairedDifference d = s.findings().get(0).comparisons().get(0).difference();
    assertEquals(2, d.n());
    assertEquals(0.06, d.mean(), 1e-12);
    assertEquals(3, s.method("integrated-rl-d2").ratio().n());
    assertEquals(2, s.method("integrated-rl-d1").ratio().n());
  }

  @Test
  void roundsStartAtEsAndImproveRoundByRound() {
    List<ExperimentSummary.RoundSummary> rounds = summary.rounds();
    assertEquals(List.of(0, 1, 2, 3), rounds.stream().map(ExperimentSummary.RoundSummary::round).toList());
    assertEquals(0.79, rounds.get(0).ratio().mean(), 1e-12); // ES
    assertEquals(0.80333333333333, rounds.get(1).ratio().mean(), 1e-12);
    assertEquals(0.80333333333333 - 0.79, rounds.get(1).improvement(), 1e-12);
    assertEquals(0.81666666666667 - 0.80333333333333, rounds.get(2).improvement(), 1e-12);
    assertEquals(0.82833333333333, rounds.get(3).ratio().mean(), 1e-12);
    assertEquals(Double.NaN, rounds.get(0).improvement());
  }

  @Test
  void noSeedsIsAnErrorThatSaysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentSummary.of(results()));
    assertEquals("results.json has no seeds: the run has not finished a seed yet", e.getMessage());
  }
}
