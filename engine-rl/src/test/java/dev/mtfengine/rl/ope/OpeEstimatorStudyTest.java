package dev.mtfengine.rl.ope;

import static dev.mtfengine.rl.ope.SyntheticSessions.BEHAVIOUR;
import static dev.mtfengine.rl.ope.SyntheticSessions.GAMMA;
import static dev.mtfengine.rl.ope.SyntheticSessions.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ope.SyntheticSessions.Policy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulation study against the truth of {@link SyntheticSessions}: for each estimator, R datasets
 * of n sessions, each estimated with a 90% bootstrap interval; bias is the mean estimate minus the
 * true value, judged against the standard error of that mean over datasets, and coverage is the
 * share of intervals containing the truth (its own standard error is about 0.02 at R = 200). The
 * measured numbers are printed and recorded in docs/algorithms/ope.md.
 */
class OpeEstimatorStudyTest {
  static final int DATASETS = 200;
  static final int SESSIONS = 200;
  static final int HORIZON = 3;
  static final double LEVEL = 0.9;
  static final double NCIS_CAP = 2;
  static final double[] BANDWIDTHS = {0.05, 0.1, 0.2};

  /** One estimator's results over the datasets. */
  record Study(String name, double truth, double mean, double standardError, double coverage, double containsPoint) {
    double bias() {
      return mean - truth;
    }

    /** Bias in units of the standard error of the mean over datasets. */
    double z() {
      return bias() / standardError;
    }

    @Override
    public String toString() {
      return String.format("%-22s truth %.5f mean %.5f bias %+.5f (%+.2f SE, SE %.5f) coverage %.3f", name, truth, mean,
          bias(), z(), standardError, coverage);
    }
  }

  static Map<String, Study> results = new LinkedHashMap<>();

  /** One estimator's estimates over the datasets, in dataset order. */
  static final class Runs {
    final String name;
    final double truth;
    final List<Estimate> estimates = new ArrayList<>();

    Runs(String name, double truth) {
      this.name = name;
      this.truth = truth;
    }

    void add(OffPolicyEstimator estimator, WeightedEpisodes d, int dataset) {
      estimates.add(estimator.estimate(d, new Bootstrap(200, LEVEL, 77 + dataset)));
    }

    Study summarise() {
      int r = estimates.size();
      double mean = estimates.stream().mapToDouble(Estimate::value).average().orElseThrow();
      double var = estimates.stream().mapToDouble(e -> (e.value() - mean) * (e.value() - mean)).sum() / (r - 1);
      double covered = estimates.stream().filter(e -> e.intervalContains(truth)).count() / (double) r;
      double containsPoint = estimates.stream().filter(e -> e.intervalContains(e.value())).count() / (double) r;
      Study s = new Study(name, truth, mean, Math.sqrt(var / r), covered, containsPoint);
      results.put(name, s);
      System.out.println("[ope study] " + s);
      return s;
    }
  }

  /** DR's model: deliberately wrong (scaled and shifted one-step reward, no future), with V^ = E_pi Q^ exact. */
  static ValueModel wrongModel(Policy target) {
    return ValueModel.of((s, a) -> 0.8 * SyntheticSessions.reward(s[0], a[0]) + 0.1,
        s -> 0.8 * SyntheticSessions.expectedReward(target, s[0]) + 0.1);
  }

  /** The exact model of a policy in the simulator: Q = r + future, V = E_pi r + future (states are i.i.d.). */
  static ValueModel exactModel(Policy target, int horizon) {
    double future = SyntheticSessions.stepValue(target) * (SyntheticSessions.discountSum(horizon) - 1);
    return ValueModel.of((s, a) -> SyntheticSessions.reward(s[0], a[0]) + future,
        s -> SyntheticSessions.expectedReward(target, s[0]) + future);
  }

  @BeforeAll
  static void runStudies() {
    double offPolicy = SyntheticSessions.value(TARGET, HORIZON);
    TargetPolicy same = BEHAVIOUR.target();
    TargetPolicy other = new StochasticTargetPolicy(TARGET.centrePolicy(), TARGET.noise());
    Runs onPolicyPdis = new Runs("pdis target=behaviour", SyntheticSessions.value(BEHAVIOUR, HORIZON));
    Map<OffPolicyEstimator, Runs> offPolicyRuns = new LinkedHashMap<>();
    offPolicyRuns.put(new PerDecisionImportanceSampling(), new Runs("pdis", offPolicy));
    offPolicyRuns.put(new WeightedPerDecisionImportanceSampling(), new Runs("wpdis", offPolicy));
    offPolicyRuns.put(new PerDecisionNormalisedCappedImportanceSampling(NCIS_CAP), new Runs("pdncis c=" + NCIS_CAP, offPolicy));
    offPolicyRuns.put(new DoublyRobust(wrongModel(TARGET)), new Runs("dr wrong model", offPolicy));
    offPolicyRuns.put(new DirectMethod(exactModel(TARGET, HORIZON)), new Runs("dm exact model", offPolicy));
    // Kernel smoothing of the deterministic policy a = 0.3 x + 0.2 on one-step sessions: unbiased for
    // the smoothed policy (a clipped Gaussian of sigma h around pi), whose value approaches pi's.
    Map<KernelSmoothedTargetPolicy, Runs> kernelRuns = new LinkedHashMap<>();
    for (double h : BANDWIDTHS) {
      kernelRuns.put(new KernelSmoothedTargetPolicy(TARGET.centrePolicy(), SyntheticSessions.BOUNDS, h),
          new Runs("pdis kernel h=" + h, SyntheticSessions.value(new Policy(TARGET.slope(), TARGET.offset(), h), 1)));
    }
    for (int dataset = 0; dataset < DATASETS; dataset++) {
      int k = dataset;
      // Every estimator sees the same datasets (common random numbers), each weighted once per target.
      List<Episode> sessions = SyntheticSessions.episodes(SESSIONS, HORIZON, BEHAVIOUR, 1000 + k);
      onPolicyPdis.add(new PerDecisionImportanceSampling(), WeightedEpisodes.of(sessions, same, GAMMA), k);
      WeightedEpisodes weighted = WeightedEpisodes.of(sessions, other, GAMMA);
      offPolicyRuns.forEach((estimator, runs) -> runs.add(estimator, weighted, k));
      List<Episode> bandit = SyntheticSessions.episodes(SESSIONS, 1, BEHAVIOUR, 5000 + k);
      kernelRuns.forEach((kernel, runs) -> runs.add(new PerDecisionImportanceSampling(),
          WeightedEpisodes.of(bandit, kernel, GAMMA), k));
    }
    onPolicyPdis.summarise();
    offPolicyRuns.values().forEach(Runs::summarise);
    kernelRuns.values().forEach(Runs::summarise);
    System.out.printf("[ope study] deterministic target value (1 step) %.5f%n", SyntheticSessions.deterministicStepValue(TARGET));
  }

  @Test
  void closedFormTruthMatchesQuadrature() {
    for (Policy p : List.of(BEHAVIOUR, TARGET, new Policy(1.5, 0.4, 0.7))) {
      for (double x : new double[] {-1, -0.3, 0.2, 0.9}) {
        assertEquals(SyntheticSessions.expectation(p, x, a -> SyntheticSessions.reward(x, a)),
            SyntheticSessions.expectedReward(p, x), 1e-6);
      }
    }
  }

  @Test
  void importanceSamplingIsUnbiasedForTheBehaviourAndForAnotherStochasticTarget() {
    for (String name : List.of("pdis target=behaviour", "pdis", "dr wrong model", "dm exact model")) {
      Study s = results.get(name);
      assertTrue(Math.abs(s.z()) < 3, s.toString());
    }
  }

  @Test
  void weightedIsHasSmallBiasAndCappingTradesBiasForVariance() {
    // WPDIS is biased for finite n (O(1/n)); with n = 200 the bias must be far below the spread of one estimate.
    Study wpdis = results.get("wpdis");
    double oneEstimateSd = wpdis.standardError() * Math.sqrt(DATASETS);
    assertTrue(Math.abs(wpdis.bias()) < 0.25 * oneEstimateSd, wpdis.toString());
    // Capping is a deliberate bias (measured +0.011 at c = 2, about 0.5% of the value) bought with a
    // smaller spread; the bias stays small next to the value.
    Study ncis = results.get("pdncis c=" + NCIS_CAP);
    assertTrue(ncis.standardError() < wpdis.standardError(), ncis + " vs " + wpdis);
    assertTrue(Math.abs(ncis.bias()) < 0.02 * Math.abs(ncis.truth()), ncis.toString());
  }

  @Test
  void kernelSmoothedWeightsAreUnbiasedForTheSmoothedPolicyAndApproachTheDeterministicValue() {
    double deterministic = SyntheticSessions.deterministicStepValue(TARGET);
    double previousGap = Double.POSITIVE_INFINITY;
    for (double h : new double[] {0.2, 0.1, 0.05}) {
      Study s = results.get("pdis kernel h=" + h);
      assertTrue(Math.abs(s.z()) < 3, s.toString());
      double gap = Math.abs(s.truth() - deterministic);
      assertTrue(gap < previousGap, "smoothing bias shrinks with h: " + gap + " at h = " + h);
      previousGap = gap;
    }
  }

  @Test
  void bootstrapCoverageOfTheTruthIsNearNominal() {
    List<String> failures = new ArrayList<>();
    for (Study s : results.values()) {
      if (s.name().startsWith("pdncis")) {
        continue; // capped: its interval is centred on a biased value by design
      }
      // 90% nominal; R = 200 gives a standard error of about 0.021, and percentile intervals of
      // skewed importance-weighted means under-cover somewhat at n = 200.
      if (s.coverage() < 0.80 || s.coverage() > 0.97) {
        failures.add(s.toString());
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void bootstrapIntervalContainsThePointEstimate() {
    for (Study s : results.values()) {
      assertEquals(1.0, s.containsPoint(), s.toString());
    }
  }
}
