package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;
import org.junit.jupiter.api.Test;

class BoxPenaltyTest {
  static final double LB = -0.15;
  static final double UB = 0.15;
  static final double BETA = 0.3;

  private static double penalty(double a, double mu) {
    return BoxPenalty.penalty(Tensor.of(new double[] {a}, 1, 1), Tensor.of(new double[] {mu}, 1, 1), LB, UB, BETA).item();
  }

  @Test
  void zeroInsideTheBoxAndEquationFiveOutside() {
    assertEquals(0.0, penalty(0.1, 0.0));
    assertEquals(0.0, penalty(-0.15, 0.0));
    assertEquals(0.0, penalty(0.35, 0.2));
    double w = BETA * (UB - LB);
    assertEquals(Math.exp((0.25 - 0.15) / w), penalty(0.25, 0.0), 1e-12);
    assertEquals(Math.exp((-0.15 - -0.4) / w), penalty(-0.4, 0.0), 1e-12);
  }

  @Test
  void sumsOverDimensionsAndGradientMatchesEquationFive() {
    Tape tape = new Tape();
    Tensor a = tape.watch(Tensor.of(new double[] {0.3, 0.0, -0.5, 0.05}, 2, 2));
    Tensor mu = Tensor.of(new double[] {0.0, 0.0, 0.0, 0.0}, 2, 2);
    Tensor d = BoxPenalty.penalty(a, mu, LB, UB, BETA);
    double w = BETA * (UB - LB);
    assertEquals(Math.exp(0.15 / w), d.get(0, 0), 1e-12);
    assertEquals(Math.exp(0.35 / w), d.get(1, 0), 1e-12);
    Tensor g = tape.backward(Ops.sum(d), a).of(a);
    assertEquals(Math.exp(0.15 / w) / w, g.get(0, 0), 1e-9);
    assertEquals(0.0, g.get(0, 1));
    assertEquals(-Math.exp(0.35 / w) / w, g.get(1, 0), 1e-9);
    assertEquals(0.0, g.get(1, 1));
  }

  @Test
  void phiIsOneInsideAndDecaysWithTheOvershoot() {
    Tensor mu = Tensor.of(new double[] {0, 0}, 1, 2);
    assertEquals(1.0, BoxPenalty.phi(Tensor.of(new double[] {0.1, -0.1}, 1, 2), mu, LB, UB, BETA).item());
    double w = BETA * (UB - LB);
    assertEquals(Math.exp(-(0.1 + 0.05) / w),
        BoxPenalty.phi(Tensor.of(new double[] {0.25, -0.2}, 1, 2), mu, LB, UB, BETA).item(), 1e-12);
  }
}
