package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With no regret penalty (rho = 0) and a flat leave hazard (lmin = lmax), showing clickbait costs
 * nothing later and the session length does not depend on satisfaction, so the future matters
 * only through the small zeta term of pC: one-step greedy should be close to optimal.
 */
class DegenerateConfigTest {

  @Test
  void greedyIsNearlyOptimalWithoutRegretAndWithAFlatHazard() {
    SimulatorParams defaults = SimulatorParams.defaults();
    List<UserType> flat = new ArrayList<>();
    for (UserType t : defaults.types()) {
      flat.add(new UserType(t.name(), t.share(), t.clickOffset(), t.clickbaitSensitivity(),
          t.socialSensitivity(), t.likeOffset(), t.shareOffset(), 0, t.drift(),
          t.satisfactionDriver(), 0.1, 0.1, t.leaveMidpoint(), t.startCentre(), t.topicAffinity()));
    }
    SimulatorParams params = defaults.withTypes(flat).withBanksPerType(150);
    ExactEvaluator exact =
        new ExactEvaluator(new SessionSimulator(params, 5), ExactConfig.defaults());
    BaselineReport report = exact.baselines();
    System.out.print("degenerate config:\n" + report.table());
    assertTrue(report.baseline("greedy").ratio() >= 0.99, report.table());
  }
}
