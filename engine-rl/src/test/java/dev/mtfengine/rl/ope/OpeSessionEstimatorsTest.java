package dev.mtfengine.rl.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.MixturePolicy;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session-level estimators (trajectory IS, WIS, the paper's NCIS), the matched smoothing rule
 * and the per-state quadratic FQE.
 */
class OpeSessionEstimatorsTest {
  static final Bootstrap BOOTSTRAP = new Bootstrap(100, 0.9, 5);
  static final TargetPolicy OTHER =
      new StochasticTargetPolicy(SyntheticSessions.TARGET.centrePolicy(), SyntheticSessions.TARGET.noise());

  static WeightedEpisodes sessions(TargetPolicy target, int horizon) {
    return WeightedEpisodes.of(SyntheticSessions.episodes(60, horizon, SyntheticSessions.BEHAVIOUR, 9), target,
        SyntheticSessions.GAMMA);
  }

  @Test
  void trajectoryImportanceSamplingIsTheMeanOfWeightedReturns() {
    WeightedEpisodes d = sessions(OTHER, 3);
    double expected = 0;
    for (int i = 0; i < d.size(); i++) {
      expected += d.episodeWeight(i) * d.episodeReturn(i);
    }
    assertEquals(expected / d.size(), new ImportanceSampling().estimate(d, BOOTSTRAP).value(), 1e-12);
  }

  @Test
  void ncisWithoutACapIsWeightedImportanceSamplingAndWithinTheReturns() {
    WeightedEpisodes d = sessions(OTHER, 3);
    Estimate wis = NormalisedCappedImportanceSampling.weighted().estimate(d, BOOTSTRAP);
    Estimate ncis = new NormalisedCappedImportanceSampling(Double.POSITIVE_INFINITY).estimate(d, BOOTSTRAP);
    assertEquals("wis", wis.estimator());
    assertEquals("ncis", ncis.estimator());
    assertEquals(wis.value(), ncis.value(), 1e-12);
    double num = 0;
    double den = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < d.size(); i++) {
      num += d.episodeWeight(i) * d.episodeReturn(i);
      den += d.episodeWeight(i);
      min = Math.min(min, d.episodeReturn(i));
      max = Math.max(max, d.episodeReturn(i));
    }
    assertEquals(num / den, wis.value(), 1e-9);
    for (Estimate e : List.of(wis, new NormalisedCappedImportanceSampling(0.5).estimate(d, BOOTSTRAP))) {
      assertTrue(e.value() >= min && e.value() <= max && e.lower() >= min && e.upper() <= max, e.toString());
    }
  }

  @Test
  void aCapBelowEveryWeightGivesTheBehavioursMeanReturn() {
    WeightedEpisodes d = sessions(OTHER, 3);
    double mean = 0;
    for (int i = 0; i < d.size(); i++) {
      mean += d.episodeReturn(i);
    }
    assertEquals(mean / d.size(), new NormalisedCappedImportanceSampling(1e-300).estimate(d, BOOTSTRAP).value(), 1e-9);
  }

  @Test
  void longSessionsWhoseWeightsUnderflowStillGiveTheSelfNormalisedEstimate() {
    // 400 steps: every session weight is far below the smallest double, their ratios are not
    WeightedEpisodes d = sessions(new KernelSmoothedTargetPolicy(SyntheticSessions.TARGET.centrePolicy(),
        SyntheticSessions.BOUNDS, 0.05), 400);
    assertEquals(0.0, d.episodeWeight(0), "the product underflows");
    double[] w = d.relativeEpisodeWeights(Double.POSITIVE_INFINITY);
    double num = 0;
    double den = 0;
    for (int i = 0; i < d.size(); i++) {
      num += w[i] * d.episodeReturn(i);
      den += w[i];
    }
    assertTrue(den >= 1, "the largest relative weight is 1");
    assertEquals(num / den, NormalisedCappedImportanceSampling.weighted().estimate(d, BOOTSTRAP).value(), 1e-12);
    assertTrue(d.effectiveSampleSize(Double.POSITIVE_INFINITY) >= 1);
  }

  @Test
  void noCoverageIsRefusedWithTheTargetNamed() {
    WeightedEpisodes d = sessions(OpeIdentitiesTest.zeroDensity(), 2);
    String m = assertThrows(IllegalArgumentException.class,
        () -> new NormalisedCappedImportanceSampling(10).estimate(d, BOOTSTRAP)).getMessage();
    assertTrue(m.contains("ncis") && m.contains("zero") && m.contains("weight 0"), m);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new NormalisedCappedImportanceSampling(0))
        .getMessage().contains("cap"));
  }

  @Test
  void matchedSmoothingGivesTheLoggersOwnCentreRatiosOfExactlyOne() {
    ActionBounds bounds = ActionBounds.symmetric(3);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(4);
    for (ExplorationPolicy logger : List.of(new GaussianNoisePolicy(bounds, 0.2),
        new BoxExplorationPolicy(bounds, -0.15, 0.15))) {
      float[] centre = {0.9f, -0.95f, 0.1f}; // near the bounds, so some actions are clipped onto them
      DeterministicPolicy baseline = s -> Tensor.of(repeat(centre, s.dim(0)), s.dim(0), 3);
      TargetPolicy smoothed = MatchedSmoothing.LOGGING.smooth(baseline, logger);
      for (int t = 0; t < 200; t++) {
        ExploredAction a = logger.sample(centre, rng);
        double pi = smoothed.densities(new float[][] {{0f}}, new float[][] {a.action()})[0];
        assertEquals(1.0, pi / a.density(), 0.0, logger.describe() + " at " + java.util.Arrays.toString(a.action()));
      }
    }
  }

  @Test
  void matchedSmoothingScalesTheLoggersNoiseAndRefusesOtherLoggers() {
    ActionBounds bounds = ActionBounds.symmetric(2);
    MatchedSmoothing half = new MatchedSmoothing(0.5);
    assertEquals(0.1, ((GaussianNoisePolicy) half.noise(new GaussianNoisePolicy(bounds, 0.2))).sigma(), 1e-15);
    BoxExplorationPolicy box = (BoxExplorationPolicy) half.noise(new BoxExplorationPolicy(bounds, -0.2, 0.1));
    assertEquals(-0.1, box.lowerB(), 1e-15);
    assertEquals(0.05, box.upperB(), 1e-15);
    ExplorationPolicy mixture = new MixturePolicy(0.5, new GaussianNoisePolicy(bounds, 0.2));
    String m = assertThrows(IllegalArgumentException.class, () -> half.noise(mixture)).getMessage();
    assertTrue(m.contains("KernelSmoothedTargetPolicy"), m);
    assertThrows(IllegalArgumentException.class, () -> new MatchedSmoothing(0));
  }

  // --- the per-state quadratic FQE on a chain whose Q is exactly quadratic in the action ---

  /** Positions 0..3 (one-hot), then terminal; r = 1 - (a - c_p)^2 whatever the next state; the target plays 0.2 p - 0.3. */
  static final float[] BEST = {0.5f, -0.4f, 0.1f, 0.8f};

  static float[] oneHot(int p) {
    float[] s = new float[BEST.length];
    s[p] = 1;
    return s;
  }

  static float targetAction(int p) {
    return 0.2f * p - 0.3f;
  }

  static final DeterministicPolicy CHAIN_TARGET = s -> {
    int n = s.dim(0);
    float[] x = s.toFloatArray();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < BEST.length; p++) {
        if (x[i * BEST.length + p] == 1f) {
          out[i] = targetAction(p);
        }
      }
    }
    return Tensor.of(out, n, 1);
  };

  static double reward(int p, double a) {
    return 1 - (a - BEST[p]) * (a - BEST[p]);
  }

  static TransitionSet chain(int sessions) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(8);
    BoxExplorationPolicy behaviour = new BoxExplorationPolicy(ActionBounds.symmetric(1), -1, 1);
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(BEST.length, ActionBounds.symmetric(1),
        List.of()));
    float[] zero = {0f};
    for (int e = 0; e < sessions; e++) {
      for (int p = 0; p < BEST.length; p++) {
        ExploredAction a = behaviour.sample(zero, rng);
        boolean last = p == BEST.length - 1;
        b.add(new Transition(oneHot(p), a.action(), (float) reward(p, a.action()[0]), new float[0],
            last ? new float[BEST.length] : oneHot(p + 1), last, a.density(), zero, zero, e, p, 0));
      }
    }
    return b.build();
  }

  @Test
  void stateTableFqeRecoversAQuadraticChainExactly() {
    TransitionSet data = chain(40);
    StateTableFittedQEvaluation.Model m = new StateTableFittedQEvaluation(
        new StateTableFittedQEvaluation.Config(1.0, 0.0, 100, 1e-12)).fit(data, CHAIN_TARGET);
    double exact = 0;
    for (int p = BEST.length - 1; p >= 0; p--) {
      exact += reward(p, targetAction(p));
      assertEquals(exact, m.v(oneHot(p)), 1e-4, "V at position " + p); // rewards are stored as float
    }
    assertEquals(BEST.length, m.states());
    assertTrue(m.iterations() <= BEST.length + 2, "one iteration per step of the chain, then settled: " + m.iterations());
    Estimate dm = new DirectMethod(m).estimate(Episodes.from(data), BOOTSTRAP);
    assertEquals(exact, dm.value(), 1e-4);
    assertEquals(reward(1, 0.9) + m.v(oneHot(2)), m.q(oneHot(1), new float[] {0.9f}), 1e-4);
  }

  @Test
  void stateTableFqeRefusesUnknownStatesAndContinuousLogs() {
    TransitionSet data = chain(5);
    StateTableFittedQEvaluation fqe = new StateTableFittedQEvaluation(StateTableFittedQEvaluation.Config.defaults(1.0));
    StateTableFittedQEvaluation.Model m = fqe.fit(data, CHAIN_TARGET);
    String unknown = assertThrows(IllegalArgumentException.class, () -> m.v(new float[] {0, 0, 0, 0})).getMessage();
    assertTrue(unknown.contains("not in the fitted log"), unknown);
    List<Transition> rows = new ArrayList<>();
    float[] zero = {0f};
    for (int i = 0; i <= StateTableFittedQEvaluation.MAX_STATES; i++) {
      rows.add(new Transition(new float[] {i}, zero, 0f, new float[0], new float[] {i}, true, 0.5, zero, zero, i, 0, 0));
    }
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(1, ActionBounds.symmetric(1), List.of()));
    rows.forEach(b::add);
    TransitionSet continuous = b.build();
    String many = assertThrows(IllegalArgumentException.class,
        () -> fqe.fit(continuous, s -> Tensor.of(new float[s.dim(0)], s.dim(0), 1))).getMessage();
    assertTrue(many.contains("20000") && many.contains("FittedQEvaluation"), many);
    assertThrows(IllegalArgumentException.class, () -> new StateTableFittedQEvaluation.Config(1.5, 0, 1, 0));
  }

  private static float[] repeat(float[] row, int n) {
    float[] out = new float[row.length * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(row, 0, out, i * row.length, row.length);
    }
    return out;
  }
}
