package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import org.junit.jupiter.api.Test;

/** Values of the composites against their textbook formulas; gradients are in property-tests. */
class CompositesTest {

  @Test
  void mseIsTheMeanOfSquaredDifferences() {
    Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor t = Tensor.of(new double[] {1, 0, 3, 1}, 2, 2);
    assertEquals((4 + 9) / 4.0, Composites.mse(p, t).item(), 1e-15);
    assertThrows(TensorShapeException.class, () -> Composites.mse(p, Tensor.zeros(DType.F64, 4)));
  }

  @Test
  void stdIsThePopulationStandardDeviationAlongTheAxis() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 4, 4}, 2, 3);
    Tensor rows = Composites.std(x, 1);
    assertEquals(Shape.of(2), rows.shape());
    assertEquals(Math.sqrt(2.0 / 3.0), rows.get(0), 1e-15);
    assertEquals(0.0, rows.get(1), 0);
    Tensor cols = Composites.std(x, 0);
    assertEquals(1.5, cols.get(0), 1e-15);
    assertEquals(1.0, cols.get(1), 1e-15);
    assertEquals(0.5, cols.get(2), 1e-15);
  }

  @Test
  void stdOfAConstantRowHasNaNGradientWithoutEpsAndAFiniteOneWithIt() {
    Tape tape = new Tape();
    Tensor x = tape.watch(Tensor.of(new double[] {2, 2, 2}, 3));
    Tensor g0 = tape.backward(Ops.sum(Composites.std(x, 0)), x).of(x);
    assertTrue(Double.isNaN(g0.get(0)), "documented: sqrt'(0) is infinite");
    Tensor g1 = tape.backward(Ops.sum(Composites.std(x, 0, 1e-8)), x).of(x);
    assertEquals(-1, g1.firstNonFinite());
  }

  @Test
  void gaussianLogDensityMatchesTheFormula() {
    double x = 0.3;
    double mu = -0.2;
    double logStd = 0.4;
    double sigma = Math.exp(logStd);
    double expected = -0.5 * Math.pow((x - mu) / sigma, 2) - logStd - 0.5 * Math.log(2 * Math.PI);
    Tensor xs = Tensor.of(new double[] {x, x}, 1, 2);
    Tensor mus = Tensor.of(new double[] {mu, mu}, 1, 2);
    Tensor ls = Tensor.of(new double[] {logStd}, 1);
    assertEquals(expected, Composites.gaussianLogDensity(xs, mus, ls).get(0, 1), 1e-14);
    assertEquals(2 * expected, Composites.gaussianLogDensitySum(xs, mus, ls).get(0), 1e-14);
  }

  @Test
  void tanhSquashCorrectionIsLogOneMinusTanhSquaredAndStaysFinite() {
    double[] u = {-3, -0.5, 0, 0.7, 2.5};
    double expected = 0;
    for (double v : u) {
      expected += Math.log(1 - Math.tanh(v) * Math.tanh(v));
    }
    assertEquals(expected, Composites.tanhSquashCorrection(Tensor.of(u, 1, 5)).get(0), 1e-12);
    // Naively tanh(30)^2 == 1 and the log is -inf; the identity gives 2 (ln 2 - 30 - ~0).
    Tensor far = Composites.tanhSquashCorrection(Tensor.of(new float[] {30f}, 1));
    assertEquals(2 * (Math.log(2) - 30), far.item(), 1e-4);
  }

  @Test
  void logSumExpDoesNotOverflowAndHasSoftmaxGradient() {
    Tensor x = Tensor.of(new double[] {1000, 1000 + Math.log(3)}, 1, 2);
    assertEquals(1000 + Math.log(4), Composites.logSumExp(x, 1).get(0), 1e-12);
    Tape tape = new Tape();
    Tensor w = tape.watch(x);
    Tensor g = tape.backward(Ops.sum(Composites.logSumExp(w, -1)), w).of(w);
    assertEquals(0.25, g.get(0, 0), 1e-12);
    assertEquals(0.75, g.get(0, 1), 1e-12);
  }
}
