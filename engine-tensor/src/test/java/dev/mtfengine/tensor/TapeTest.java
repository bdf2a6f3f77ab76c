package dev.mtfengine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.ops.Ops;
import org.junit.jupiter.api.Test;

class TapeTest {

  @Test
  void gradientOfQuadraticFormMatchesHandDerivation() {
    Tape tape = new Tape();
    Tensor x = tape.watch(Tensor.of(new double[] {1, 2, 3}, 3));
    Tensor w = tape.watch(Tensor.of(new double[] {0.5, -1, 2}, 3));
    // loss = sum(w * x^2)  ->  dx = 2 w x, dw = x^2
    Tensor loss = Ops.sum(Ops.mul(w, Ops.square(x)));
    Gradients g = tape.backward(loss, x, w);
    assertArrayEquals(new double[] {1, -4, 12}, g.of(x).toDoubleArray(), 0);
    assertArrayEquals(new double[] {1, 4, 9}, g.of(w).toDoubleArray(), 0);
  }

  @Test
  void fanOutAccumulates() {
    Tape tape = new Tape();
    Tensor x = tape.watch(Tensor.of(new double[] {3}, 1));
    // loss = x*x + x  ->  d/dx = 2x + 1 = 7
    Tensor loss = Ops.sum(Ops.add(Ops.mul(x, x), x));
    assertEquals(7.0, tape.backward(loss, x).of(x).item(), 0);
  }

  @Test
  void stopGradientAndNoGradCutTheGraph() {
    Tape tape = new Tape();
    Tensor x = tape.watch(Tensor.of(new double[] {2}, 1));
    Tensor loss = Ops.sum(Ops.mul(x, Ops.stopGradient(x)));
    assertEquals(2.0, tape.backward(loss, x).of(x).item(), 0);
    Tensor y = tape.noGrad(() -> Ops.mul(x, x));
    assertFalse(y.isTracked());
    assertTrue(Ops.mul(x, x).isTracked());
  }

  @Test
  void unrelatedLeafGetsZeroGradient() {
    Tape tape = new Tape();
    Tensor x = tape.watch(Tensor.of(new float[] {1, 2}, 2));
    Tensor unused = tape.watch(Tensor.of(new float[] {5, 6, 7}, 3));
    Gradients g = tape.backward(Ops.sum(x), x, unused);
    assertArrayEquals(new float[] {0, 0, 0}, g.of(unused).toFloatArray(), 0);
    assertEquals(DType.F32, g.of(x).dtype());
  }

  @Test
  void matmulBiasReluChainHasTheRightGradientShapes() {
    Tape tape = new Tape();
    Tensor x = Tensor.ones(DType.F32, 4, 3);
    Tensor w = tape.watch(Tensor.full(0.1, DType.F32, 3, 5));
    Tensor b = tape.watch(Tensor.zeros(DType.F32, 5));
    Tensor loss = Ops.mean(Ops.relu(Ops.biasAdd(Ops.matmul(x, w), b)));
    Gradients g = tape.backward(loss, w, b);
    assertEquals(Shape.of(3, 5), g.of(w).shape());
    // every output is 0.3 > 0, d mean / d out = 1/20, dW[i, j] = sum over 4 rows of 1 * 1/20
    assertEquals(0.2, g.of(w).get(0, 0), 1e-7);
    assertEquals(0.2, g.of(b).get(0), 1e-7);
  }

  @Test
  void shapeErrorsNameTheOpAndBothShapes() {
    Tensor a = Tensor.zeros(DType.F32, 2, 3);
    Tensor b = Tensor.zeros(DType.F32, 4);
    TensorShapeException e = assertThrows(TensorShapeException.class, () -> Ops.add(a, b));
    assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]")
        && e.getMessage().contains("[4]"), e.getMessage());
    TensorShapeException m = assertThrows(TensorShapeException.class,
        () -> Ops.matmul(a, Tensor.zeros(DType.F32, 2, 3)));
    assertTrue(m.getMessage().startsWith("matmul: inner dimensions differ"), m.getMessage());
  }
}
