package dev.mtfengine.rl.ope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fitted Q evaluation on the one-hot chain, whose exact values are known. */
class OpeFqeTest {
  static final FittedQEvaluation.Config CONFIG =
      new FittedQEvaluation.Config(List.of(32, 32), TabularChain.GAMMA, 2e-3, 1500, 64, 100, DType.F32, 11);
  static TransitionSet data;
  static FittedQEvaluation.Model model;

  @BeforeAll
  static void fit() {
    data = TabularChain.log(300, 5);
    model = new FittedQEvaluation(CONFIG).fit(data, TabularChain.target());
  }

  @Test
  void matchesTheExactValueOfTheChain() {
    Estimate e = new DirectMethod(model).estimate(Episodes.from(data), Bootstrap.defaults(1));
    double exact = TabularChain.targetValue(0);
    System.out.printf("[ope fqe] exact %.5f fqe %.5f (%.2f%%), final loss %.2e%n", exact, e.value(),
        100 * (e.value() - exact) / exact, model.finalLoss());
    assertEquals(exact, e.value(), 0.03 * exact);
    for (int p = 0; p < TabularChain.POSITIONS - 1; p++) {
      float[] s = TabularChain.oneHot(p);
      assertEquals(TabularChain.targetValue(p), model.v(s), 0.05 * TabularChain.targetValue(p), "V at position " + p);
      assertEquals(TabularChain.targetQ(p, 0.5f), model.q(s, new float[] {0.5f}), 0.05 * TabularChain.targetQ(p, 0.5f));
    }
  }

  @Test
  void sameSeedSameBits() {
    FittedQEvaluation.Config short_ = new FittedQEvaluation.Config(List.of(16), TabularChain.GAMMA, 1e-3, 50, 32, 10,
        DType.F32, 3);
    FittedQEvaluation.Model a = new FittedQEvaluation(short_).fit(data, TabularChain.target());
    FittedQEvaluation.Model b = new FittedQEvaluation(short_).fit(data, TabularChain.target());
    assertTrue(a.params().bitEquals(b.params()));
  }

  @Test
  void servesAsTheDoublyRobustModel() {
    // The chain's behaviour is uniform (density 1/2); a target playing 0.5 smoothed with h = 0.1.
    KernelSmoothedTargetPolicy target = new KernelSmoothedTargetPolicy(TabularChain.target(), TabularChain.BOUNDS, 0.1);
    WeightedEpisodes d = WeightedEpisodes.of(Episodes.from(data), target, TabularChain.GAMMA);
    Estimate dr = new DoublyRobust(model).estimate(d, new Bootstrap(500, 0.95, 2));
    Estimate pdis = new PerDecisionImportanceSampling().estimate(d, new Bootstrap(500, 0.95, 2));
    System.out.println("[ope fqe] " + dr + " | " + pdis);
    // The smoothed policy's actions stay right of 0 except with probability Phi(-5), so its value is
    // the chain's up to the 0.3 a reward term, whose mean is unchanged by symmetric smoothing.
    double exact = TabularChain.targetValue(0);
    assertTrue(dr.intervalContains(exact) || Math.abs(dr.value() - exact) < 0.03 * exact, dr.toString());
    assertTrue(dr.upper() - dr.lower() < pdis.upper() - pdis.lower(), "a good model narrows the interval");
  }

  @Test
  void rejectsBadConfigAndWidths() {
    assertThrows(IllegalArgumentException.class,
        () -> new FittedQEvaluation.Config(List.of(8), 1.5, 1e-3, 10, 8, 2, DType.F32, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new FittedQEvaluation.Config(List.of(8), 0.9, 1e-3, 0, 8, 2, DType.F32, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.v(new float[] {1, 0}));
    assertTrue(e.getMessage().contains("fitted on 5"), e.getMessage());
  }
}
