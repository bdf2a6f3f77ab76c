package dev.mtfengine.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import org.junit.jupiter.api.Test;

class SgdTest {

  @Test
  void plainStepIsExactlyThetaMinusLrTimesGradient() {
    double lr = 0.1;
    Params theta = Params.of("w", Tensor.of(new double[] {1, -2, 0.3}, 3));
    Params g = Params.of("w", Tensor.of(new double[] {0.5, 0.25, -4}, 3));
    Params next = new Sgd(Sgd.Config.of(lr)).step(theta, g);
    for (int i = 0; i < 3; i++) {
      double expected = theta.get("w").getDouble(i) - g.get("w").getDouble(i) * lr;
      assertEquals(expected, next.get("w").getDouble(i), 0);
    }
  }

  @Test
  void momentumAccumulatesLikePyTorch() {
    double lr = 0.1;
    double mu = 0.9;
    Params theta = Params.of("w", Tensor.of(new double[] {1}, 1));
    Params g1 = Params.of("w", Tensor.of(new double[] {2}, 1));
    Params g2 = Params.of("w", Tensor.of(new double[] {-1}, 1));
    Sgd sgd = new Sgd(new Sgd.Config(lr, mu));
    Params p1 = sgd.step(theta, g1); // b1 = g1 = 2, theta = 1 - 0.2
    Params p2 = sgd.step(p1, g2); //    b2 = 0.9 * 2 - 1 = 0.8, theta = 0.8 - 0.08
    assertEquals(1 - lr * 2, p1.get("w").item(), 0);
    assertEquals((1 - lr * 2) - (mu * 2 + -1) * lr, p2.get("w").item(), 1e-15);
    assertEquals(2, sgd.state().step());
    assertEquals("momentum/w", sgd.state().moments().names().get(0));
  }

  @Test
  void stateRoundTripContinuesBitIdentically() {
    for (DType dtype : DType.values()) {
      AdamTest.assertRoundTripIsBitIdentical(() -> new Sgd(new Sgd.Config(0.05, 0.9)), dtype);
      AdamTest.assertRoundTripIsBitIdentical(() -> new Sgd(Sgd.Config.of(0.05)), dtype);
    }
  }

  @Test
  void rejectsBadConfig() {
    assertThrows(IllegalArgumentException.class, () -> Sgd.Config.of(-1));
    assertThrows(IllegalArgumentException.class, () -> new Sgd.Config(0.1, 1.0));
  }
}
