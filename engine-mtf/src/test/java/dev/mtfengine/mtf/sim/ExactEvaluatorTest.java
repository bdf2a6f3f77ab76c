package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Exact evaluation on the default parameters (seed {@link SharedSimulator#SEED}). */
class ExactEvaluatorTest {

  @Test
  void valueIterationEqualsExactEvaluationOfItsOwnArgmaxPolicy() {
    ExactEvaluator exact = SharedSimulator.defaults();
    OptimalSolution opt = exact.optimal();
    PolicyValue evaluated = exact.evaluate(opt.actionIndex());
    for (int u = 0; u < evaluated.values().length; u++) {
      for (int s = 0; s < evaluated.values()[u].length; s++) {
        double vi = opt.value().values()[u][s];
        double solved = evaluated.values()[u][s];
        assertEquals(vi, solved, 1e-9 * Math.abs(solved), "V*(u " + u + ", s " + s + ")");
      }
    }
    assertEquals(opt.value().value(), evaluated.value(), 1e-9 * evaluated.value());
  }

  @Test
  void stationaryPolicyEvaluationMatchesGridEvaluation() {
    ExactEvaluator exact = SharedSimulator.defaults();
    PolicyValue byIndex = exact.evaluate(exact.optimal().actionIndex());
    PolicyValue byActions = exact.evaluate(exact.optimalPolicy());
    assertEquals(byIndex.value(), byActions.value(), 1e-9 * byIndex.value());
  }

  @Test
  void optimumIsAtLeastEveryBaselineAndEveryStaticAction() {
    ExactEvaluator exact = SharedSimulator.defaults();
    double jStar = exact.optimal().value().value();
    BaselineReport report = exact.baselines();
    for (BaselineReport.Baseline b : report.baselines()) {
      assertTrue(b.value() <= jStar * (1 + 1e-12), b.name() + " = " + b.value() + " > J* = " + jStar);
    }
    for (PolicyValue v : exact.staticValues()) {
      assertTrue(v.value() <= jStar * (1 + 1e-12));
    }
  }

  @Test
  void defaultsAreNonTrivial() {
    BaselineReport report = SharedSimulator.defaults().baselines();
    System.out.print(report.table());
    assertTrue(report.baseline("greedy").ratio() <= 0.85, report.table());
    assertTrue(report.baseline("best static").ratio() <= 0.93, report.table());
    assertTrue(report.baseline("best per-type static").ratio() <= 0.98, report.table());
    long typesWhoseOptimumDependsOnS =
        Arrays.stream(report.distinctOptimalActions()).filter(d -> d > 1).count();
    assertTrue(typesWhoseOptimumDependsOnS >= 2, report.table());
  }

  @Test
  void monteCarloAgreesWithExactValueWithinThreeStandardErrors() {
    ExactEvaluator exact = SharedSimulator.defaults();
    MonteCarloEvaluator mc = new MonteCarloEvaluator(SharedSimulator.defaultSimulator());
    // the optimal (s-dependent) policy and one static action
    PolicyValue optimal = exact.evaluate(exact.optimalPolicy());
    MonteCarloResult optimalMc = mc.evaluate(exact.optimalPolicy().asSessionPolicy(),
        ObservationConfig.oracle(), 1_000_000, 20_000, true);
    assertWithinThreeSe(optimal.value(), optimalMc, "optimal");
    StationaryPolicy uniform =
        StationaryPolicy.constant(ActionGrid.uniformAction(SimulatorParams.defaults().fusion()));
    MonteCarloResult uniformMc = mc.evaluate(uniform.asSessionPolicy(),
        ObservationConfig.oracle(), 2_000_000, 20_000, true);
    assertWithinThreeSe(exact.evaluate(uniform).value(), uniformMc, "uniform");
  }

  private static void assertWithinThreeSe(double exact, MonteCarloResult mc, String name) {
    double z = (mc.mean() - exact) / mc.standardError();
    System.out.printf("%s: exact %.3f, Monte Carlo %.3f +- %.3f (%.2f SE)%n", name, exact,
        mc.mean(), mc.standardError(), z);
    assertTrue(Math.abs(z) <= 3.0, name + ": |z| = " + Math.abs(z));
  }

  @Test
  void commonRandomNumbersShrinkTheStandardErrorOfADifference() {
    ExactEvaluator exact = SharedSimulator.defaults();
    MonteCarloEvaluator mc = new MonteCarloEvaluator(SharedSimulator.defaultSimulator());
    SessionPolicy optimal = exact.optimalPolicy().asSessionPolicy();
    SessionPolicy uniform = StationaryPolicy
        .constant(ActionGrid.uniformAction(SimulatorParams.defaults().fusion())).asSessionPolicy();
    MonteCarloResult paired = mc.evaluateDifference(optimal, uniform, ObservationConfig.oracle(),
        0, 4_000, true);
    MonteCarloResult a = mc.evaluate(optimal, ObservationConfig.oracle(), 0, 4_000, true);
    MonteCarloResult b = mc.evaluate(uniform, ObservationConfig.oracle(), 0, 4_000, true);
    double independentSe = Math.hypot(a.standardError(), b.standardError());
    assertEquals(a.mean() - b.mean(), paired.mean(), 1e-9 * Math.abs(a.mean()));
    assertTrue(paired.standardError() < independentSe,
        "paired SE " + paired.standardError() + " vs independent " + independentSe);
  }
}
