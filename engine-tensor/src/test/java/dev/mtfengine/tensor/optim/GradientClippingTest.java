package dev.mtfengine.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  /** Global norm sqrt(3^2 + 4^2 + 12^2) = 13. */
  private static Params grads(DType dtype) {
    return Params.of("a", Tensor.of(new double[] {3, 4}, 2).to(dtype),
        "b", Tensor.of(new double[] {12}, 1).to(dtype));
  }

  @Test
  void smallGradientsAreLeftAlone() {
    Params g = grads(DType.F64);
    GradientClipping.Clipped c = GradientClipping.clipByGlobalNorm(g, 13.5);
    assertSame(g, c.gradients());
    assertEquals(13.0, c.globalNorm(), 0);
    assertTrue(!c.wasClipped(13.5));
  }

  @Test
  void largeGradientsAreScaledToMaxNorm() {
    for (DType dtype : DType.values()) {
      GradientClipping.Clipped c = GradientClipping.clipByGlobalNorm(grads(dtype), 1.0);
      assertEquals(13.0, c.globalNorm(), 0);
      assertTrue(c.wasClipped(1.0));
      double tol = dtype == DType.F64 ? 1e-15 : 1e-7;
      assertEquals(1.0, GradientClipping.globalNorm(c.gradients()), tol);
      // direction kept: each element scaled by 1/13
      assertEquals(3.0 / 13, c.gradients().get("a").getDouble(0), tol);
      assertEquals(12.0 / 13, c.gradients().get("b").getDouble(0), tol);
      assertEquals(dtype, c.gradients().get("a").dtype());
    }
  }

  @Test
  void clearErrors() {
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(grads(DType.F64), 0));
    Params nan = Params.of("w", Tensor.of(new double[] {1, Double.NaN}, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradientClipping.clipByGlobalNorm(nan, 1));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }
}
