package dev.mtfengine.rl.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact identities between the estimators, and the bootstrap's determinism. */
class OpeIdentitiesTest {
  static final Bootstrap BOOTSTRAP = new Bootstrap(100, 0.9, 5);

  static WeightedEpisodes sessions(TargetPolicy target) {
    return WeightedEpisodes.of(SyntheticSessions.episodes(50, 3, SyntheticSessions.BEHAVIOUR, 9), target,
        SyntheticSessions.GAMMA);
  }

  static final TargetPolicy OTHER =
      new StochasticTargetPolicy(SyntheticSessions.TARGET.centrePolicy(), SyntheticSessions.TARGET.noise());

  /** A target with density 0 at every logged action: every ratio is 0. */
  static TargetPolicy zeroDensity() {
    return new TargetPolicy() {
      @Override
      public double[] densities(float[][] states, float[][] actions) {
        return new double[states.length];
      }

      @Override
      public String describe() {
        return "zero";
      }
    };
  }

  @Test
  void doublyRobustWithTheZeroModelIsPerDecisionImportanceSampling() {
    WeightedEpisodes d = sessions(OTHER);
    Estimate dr = new DoublyRobust(ValueModel.ZERO).estimate(d, BOOTSTRAP);
    Estimate pdis = new PerDecisionImportanceSampling().estimate(d, BOOTSTRAP);
    assertEquals(pdis.value(), dr.value(), 1e-12);
    assertEquals(pdis.lower(), dr.lower(), 1e-12);
    assertEquals(pdis.upper(), dr.upper(), 1e-12);
  }

  @Test
  void doublyRobustWithZeroWeightsIsTheDirectMethod() {
    WeightedEpisodes d = sessions(zeroDensity());
    ValueModel model = OpeEstimatorStudyTest.wrongModel(SyntheticSessions.TARGET);
    assertEquals(new DirectMethod(model).estimate(d, BOOTSTRAP).value(), new DoublyRobust(model).estimate(d, BOOTSTRAP).value(),
        1e-12);
  }

  @Test
  void doublyRobustWithUnitWeightsAndABellmanConsistentModelIsTheDirectMethod() {
    // The chain's behaviour density is exactly 1/2, so a target of density 1/2 gives rho = 1.
    TargetPolicy uniform = new TargetPolicy() {
      @Override
      public double[] densities(float[][] states, float[][] actions) {
        double[] out = new double[states.length];
        java.util.Arrays.fill(out, 0.5);
        return out;
      }

      @Override
      public String describe() {
        return "uniform";
      }
    };
    List<Episode> terminated = Episodes.from(TabularChain.log(100, 3)).stream().filter(Episode::terminated).toList();
    WeightedEpisodes d = WeightedEpisodes.of(terminated, uniform, TabularChain.GAMMA);
    for (int i = 0; i < d.size(); i++) {
      assertEquals(1.0, d.episodeWeight(i));
    }
    // Any V^, and Q^ = r + gamma V^(s') on the chain's transitions (r alone into the terminal state).
    java.util.function.ToDoubleFunction<float[]> v = s -> 1 + 0.7 * TabularChain.position(s) - 0.1 * Math.pow(TabularChain.position(s), 2);
    ValueModel consistent = ValueModel.of((s, a) -> {
      int p2 = TabularChain.next(TabularChain.position(s), a[0]);
      double r = (float) TabularChain.reward(TabularChain.position(s), a[0]); // the log stores rewards as float
      return r + (TabularChain.terminal(p2) ? 0 : TabularChain.GAMMA * v.applyAsDouble(TabularChain.oneHot(p2)));
    }, v);
    assertEquals(new DirectMethod(consistent).estimate(d, BOOTSTRAP).value(),
        new DoublyRobust(consistent).estimate(d, BOOTSTRAP).value(), 1e-9);
  }

  @Test
  void ncisWithoutCapIsWeightedIsAndWithATinyCapIsTheOnPolicyAverage() {
    WeightedEpisodes d = sessions(OTHER);
    assertEquals(new WeightedPerDecisionImportanceSampling().estimate(d, BOOTSTRAP).value(),
        new PerDecisionNormalisedCappedImportanceSampling(Double.POSITIVE_INFINITY).estimate(d, BOOTSTRAP).value(), 0);
    double onPolicy = 0;
    for (int i = 0; i < d.size(); i++) {
      for (int t = 0; t < d.length(i); t++) {
        onPolicy += d.discountedRewardAt(i, t) / d.size();
      }
    }
    // Every weight here exceeds 1e-12, so capping at it makes all weights equal.
    assertEquals(onPolicy, new PerDecisionNormalisedCappedImportanceSampling(1e-12).estimate(d, BOOTSTRAP).value(), 1e-12);
  }

  @Test
  void targetEqualToBehaviourGivesUnitWeightsAndTheSampleMean() {
    WeightedEpisodes d = sessions(SyntheticSessions.BEHAVIOUR.target());
    double mean = 0;
    for (int i = 0; i < d.size(); i++) {
      assertEquals(1.0, d.episodeWeight(i));
      for (int t = 0; t < d.length(i); t++) {
        mean += d.discountedRewardAt(i, t) / d.size();
      }
    }
    for (OffPolicyEstimator e : List.of(new PerDecisionImportanceSampling(), new WeightedPerDecisionImportanceSampling(),
        new PerDecisionNormalisedCappedImportanceSampling(2))) {
      Estimate est = e.estimate(d, BOOTSTRAP);
      assertEquals(mean, est.value(), 1e-12, e.name());
      assertEquals(d.size(), est.effectiveSampleSize().getAsDouble(), 1e-9);
    }
  }

  @Test
  void bootstrapIsDeterministicPerSeedAndOrdersItsBounds() {
    WeightedEpisodes d = sessions(OTHER);
    Estimate a = new WeightedPerDecisionImportanceSampling().estimate(d, new Bootstrap(300, 0.95, 42));
    Estimate b = new WeightedPerDecisionImportanceSampling().estimate(d, new Bootstrap(300, 0.95, 42));
    Estimate c = new WeightedPerDecisionImportanceSampling().estimate(d, new Bootstrap(300, 0.95, 43));
    assertEquals(a, b);
    assertTrue(a.lower() != c.lower() || a.upper() != c.upper());
    Estimate narrow = new WeightedPerDecisionImportanceSampling().estimate(d, new Bootstrap(300, 0.5, 42));
    assertTrue(a.lower() <= narrow.lower() && narrow.upper() <= a.upper());
    assertTrue(a.intervalContains(a.value()), a.toString());
    assertEquals(50, a.episodes());
  }

  @Test
  void kernelDensityIsTheClippedGaussianWithMassesAtTheBounds() {
    DeterministicPolicy pi = states -> dev.mtfengine.tensor.Tensor.of(new float[] {0.9f}, 1, 1);
    KernelSmoothedTargetPolicy k = new KernelSmoothedTargetPolicy(pi, SyntheticSessions.BOUNDS, 0.2);
    double inside = k.densities(new float[][] {{0f}}, new float[][] {{0.8f}})[0];
    double z = ((double) 0.8f - (double) 0.9f) / 0.2;
    assertEquals(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / 0.2, inside, 1e-9);
    double atHigh = k.densities(new float[][] {{0f}}, new float[][] {{1f}})[0];
    assertEquals(1 - SyntheticSessions.cdf((1 - (double) 0.9f) / 0.2), atHigh, 1e-9); // the mass beyond the bound
  }
}
