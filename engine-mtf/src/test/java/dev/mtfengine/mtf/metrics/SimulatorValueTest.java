package dev.mtfengine.mtf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ActionGrid;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.sim.StationaryPolicy;
import org.junit.jupiter.api.Test;

class SimulatorValueTest {
  @Test
  void exactAndMonteCarloRatiosToTheOptimum() {
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults().withBanksPerType(20), 4);
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults());
    SimulatorValue.ValueRatio optimal = SimulatorValue.exact(exact, exact.optimalPolicy());
    assertEquals(1.0, optimal.ratio(), 1e-6);
    StationaryPolicy uniform = StationaryPolicy.constant(ActionGrid.uniformAction(sim.params().fusion()));
    SimulatorValue.ValueRatio u = SimulatorValue.exact(exact, uniform);
    assertTrue(u.ratio() < 1.0 && u.ratio() > 0.3, u.toString());
    assertEquals(u.value() / u.optimal(), u.ratio(), 0.0);

    SimulatorValue.ValueRatio mc = SimulatorValue.monteCarlo(exact, uniform.asSessionPolicy(),
        ObservationConfig.oracle(), 0, 3000, true);
    assertEquals("monte-carlo", mc.method());
    assertEquals(u.optimal(), mc.optimal(), 0.0);
    assertEquals(u.ratio(), mc.ratio(), 4 * mc.ratioStandardError(), mc + " vs " + u);
  }
}
