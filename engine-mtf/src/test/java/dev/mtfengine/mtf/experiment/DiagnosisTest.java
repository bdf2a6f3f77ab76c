package dev.mtfengine.mtf.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Diagnosis}: the ladder on critics whose answers are known, and its statistics. */
class DiagnosisTest {
  private static final double[] ACTION = {0.2, 0.85, -0.3, -0.6};
  private static ExactEvaluator undiscounted;
  private static ExactEvaluator discounted;
  private static PolicyValue baselineValue;
  private static Diagnosis.Ladder ladder;
  private static OracleActionTable baseline;

  @BeforeAll
  static void simulator() {
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults(), 3);
    undiscounted = new ExactEvaluator(sim, ExactConfig.defaults());
    discounted = new ExactEvaluator(sim, ExactConfig.defaults().withDiscount(0.9));
    baseline = OracleActionTable.of((u, s) -> ACTION, 4, sim.params().satisfactionLevels());
    baselineValue = discounted.evaluate(baseline);
    ladder = new Diagnosis.Ladder(undiscounted, baseline, new Diagnosis.Config(0.9, -0.15, 0.15, 8, 2, 2, 5));
  }

  /** 300 sessions of the baseline with uniform draws in its +-0.15 box, rewards times 0.1. */
  private static TransitionSet boxData() {
    var box = new dev.mtfengine.rl.explore.BoxExplorationPolicy(ActionBounds.symmetric(4), -0.15, 0.15);
    return ExplorationData.collect(undiscounted.simulator(), baseline.asSessionPolicy(), box, 0, 300, 0,
        ExplorationData.scaledRewards(0.1)).transitions();
  }

  @Test
  void theDataRungBracketsTheBaselineFromAbove() {
    Diagnosis.DataRung d = ladder.dataRung();
    assertEquals(undiscounted.evaluate(baseline).value() / undiscounted.optimal().value().value(),
        d.baselineRatio(), 1e-12);
    assertTrue(d.oneStepCeiling() > d.baselineRatio(), d.toString());
    assertEquals(1 + 16 + 8, d.candidatesPerType());
    assertTrue(d.policyIterationsRun() >= 1 && d.policyIterationsRun() <= 2, d.toString());
  }

  @Test
  void anExactCriticRanksPerfectlyAndItsArgmaxIsTheOneStepCeiling() {
    Diagnosis.MethodRung m = ladder.methodRung("exact", new ExactCritic(discounted, baselineValue, 1, ACTION));
    // float32 actions inside the critic against double in the truth: ranks can swap near-ties
    assertEquals(1.0, m.criticRankCorrelation(), 1e-3);
    assertEquals(1.0, m.gradientSignAgreement(), 1e-12);
    assertEquals(ladder.dataRung().oneStepCeiling(), m.criticGreedyRatio(), 1e-4);
    assertEquals(0.0, m.actorAttainment(), 1e-6, "an actor that stays at the baseline reaches none of the gain");
    assertEquals(0.0, m.outsideBoxShare(), 0.0);
  }

  @Test
  void aNegatedCriticIsCaughtAndAnActorOutsideTheBoxIsCounted() {
    double[] outside = ACTION.clone();
    outside[0] += 0.3;
    Diagnosis.MethodRung m = ladder.methodRung("negated", new ExactCritic(discounted, baselineValue, -1, outside));
    assertEquals(-1.0, m.criticRankCorrelation(), 1e-3);
    assertEquals(0.0, m.gradientSignAgreement(), 1e-12);
    assertTrue(m.criticGreedyRatio() < ladder.dataRung().baselineRatio(), m.toString());
    assertEquals(1.0, m.outsideBoxShare(), 1e-12);
  }

  @Test
  void aLearnerWithoutACriticIsRefusedByName() {
    OfflineAlgorithm plain = ExactCritic.withoutCritic();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ladder.methodRung("x", plain));
    assertTrue(e.getMessage().contains("plain"), e.getMessage());
  }

  @Test
  void theLeaveProbabilityTakesMostOfTheTdTargetsNoiseAway() {
    TransitionSet data = boxData();
    Diagnosis.Identification id = ladder.identification(data, 0.1);
    assertEquals(data.size(), id.transitions());
    // the done flag multiplies a bootstrap of tens of units: most of the target's variance
    assertTrue(id.expectedTerminationSd() < 0.6 * id.residualSd(), id.toString());
    assertTrue(id.expectedTerminationSd() > 0, id.toString());
  }

  @Test
  void thePerTypeCeilingIsAnInBoxPolicyThatIgnoresSatisfaction() {
    Diagnosis.DataRung d = ladder.dataRung();
    // one action per type is a policy the per-state greedy one could also be: never above the best
    // per state by more than the one-step approximation allows, never below the worst candidate
    assertTrue(d.perTypeCeiling() > 0 && d.perTypeCeiling() <= d.policyIterationCeiling() + 1e-9, d.toString());
  }

  @Test
  void thePerStateFitKeepsTheBaselineWhenItsBoundIsInfinitelyPessimisticAndOtherwiseMoves() {
    TransitionSet data = boxData();
    Diagnosis.StateFit fit = ladder.stateFit(data, 0.1);
    double baselineRatio = ladder.dataRung().baselineRatio();
    assertTrue(fit.states() > 0 && fit.states() <= 4 * 16, fit.toString());
    // the argmax of a noisy fit moves somewhere: it is a different policy from the baseline
    assertTrue(fit.argmaxRatio() != baselineRatio, fit.toString());
    Diagnosis.Ladder certain = new Diagnosis.Ladder(undiscounted, baseline,
        new Diagnosis.Config(0.9, -0.15, 0.15, 8, 2, 1e9, 5));
    assertEquals(baselineRatio, certain.stateFit(data, 0.1).lowerBoundRatio(), 1e-12,
        "a bound kappa = 1e9 standard errors below the fit is below 0 for every move: mu_bp everywhere");
    Diagnosis.Ladder bold = new Diagnosis.Ladder(undiscounted, baseline,
        new Diagnosis.Config(0.9, -0.15, 0.15, 8, 2, 0, 5));
    Diagnosis.StateFit unbounded = bold.stateFit(data, 0.1);
    assertEquals(unbounded.expectedTerminationArgmaxRatio(), unbounded.lowerBoundRatio(), 1e-12,
        "kappa 0 is the fit itself");
  }

  @Test
  void anActorNetworkFitToTheOneStepArgmaxTakesMostOfItsGain() {
    Diagnosis.DataRung d = ladder.dataRung();
    double ceiling = ladder.actorCeiling(boxData(), List.of(32, 32),
        new dev.mtfengine.rl.algo.BaselineCloning.Config(1500, 128, 1e-3, 3));
    // the greedy table is a per-state policy a [32, 32] network can hold: most of the gain, never more
    // than the data rung's ceiling with room for its continuous interpolation
    assertTrue(ceiling - d.baselineRatio() > 0.5 * (d.oneStepCeiling() - d.baselineRatio()),
        ceiling + " vs " + d);
    assertTrue(ceiling <= d.policyIterationCeiling() + 0.005, ceiling + " vs " + d);
  }

  @Test
  void aBaselineThatVariesWithSatisfactionIsRefused() {
    OracleActionTable varying = OracleActionTable.of((u, s) -> new double[] {s / 20.0, 0, 0, 0}, 4, 16);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Diagnosis.Ladder(undiscounted, varying, Diagnosis.Config.defaults(0.9, -0.15, 0.15)));
    assertTrue(e.getMessage().contains("varies with satisfaction"), e.getMessage());
  }

  @Test
  void thePlaceboPermutesActionsWithinEachStateAndKeepsEverythingElse() {
    TransitionSchema schema = new TransitionSchema(2, ActionBounds.symmetric(1), List.of());
    TransitionSet.Builder b = TransitionSet.builder(schema);
    for (int i = 0; i < 60; i++) {
      float state = i % 3;
      b.add(new Transition(new float[] {state, 1}, new float[] {i / 100f}, i, new float[0], new float[] {0, 1},
          i % 7 == 0, 1.0, new float[] {0}, new float[] {0}, i / 6, i % 6, 0));
    }
    TransitionSet data = b.build();
    TransitionSet placebo = Diagnosis.placebo(data, 17);
    assertEquals(data.size(), placebo.size());
    Map<Float, List<Float>> before = new HashMap<>();
    Map<Float, List<Float>> after = new HashMap<>();
    int moved = 0;
    for (int r = 0; r < data.size(); r++) {
      Transition t = data.get(r);
      Transition p = placebo.get(r);
      assertArrayEquals(t.state(), p.state());
      assertEquals(t.reward(), p.reward());
      assertEquals(t.done(), p.done());
      assertEquals(t.episodeId(), p.episodeId());
      before.computeIfAbsent(t.state()[0], k -> new ArrayList<>()).add(t.action()[0]);
      after.computeIfAbsent(p.state()[0], k -> new ArrayList<>()).add(p.action()[0]);
      moved += t.action()[0] != p.action()[0] ? 1 : 0;
    }
    for (Float s : before.keySet()) {
      List<Float> x = before.get(s);
      List<Float> y = after.get(s);
      x.sort(null);
      y.sort(null);
      assertEquals(x, y, "state " + s + " keeps its actions");
    }
    assertTrue(moved > 30, "most actions move: " + moved);
    assertTrue(Diagnosis.placebo(data, 17).contentEquals(placebo), "same seed, same permutation");
  }

  @Test
  void spearmanUsesRanksWithTiesAveraged() {
    assertEquals(1.0, Diagnosis.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 200, 3000, 40000}), 1e-12);
    assertEquals(-1.0, Diagnosis.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    assertEquals(0.0, Diagnosis.spearman(new double[] {1, 1, 1}, new double[] {3, 2, 1}), 0.0);
    // ranks (0.5, 0.5, 2) against (0, 1, 2): r = 0.866...
    assertEquals(Math.sqrt(3) / 2, Diagnosis.spearman(new double[] {5, 5, 9}, new double[] {1, 2, 3}), 1e-12);
  }
}
