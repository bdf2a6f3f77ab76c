package dev.mtfengine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void factoriesCopyTheirInputAndKeepTheShape() {
    float[] data = {1, 2, 3, 4, 5, 6};
    Tensor t = Tensor.of(data, 2, 3);
    data[0] = 99;
    assertEquals(1.0, t.get(0, 0));
    assertEquals(6.0, t.get(1, 2));
    assertEquals(Shape.of(2, 3), t.shape());
    assertEquals(DType.F32, t.dtype());
    assertEquals(DType.F64, Tensor.of(new double[][] {{1, 2}, {3, 4}}).dtype());
    assertEquals(4.5, Tensor.scalar(4.5, DType.F64).item());
  }

  @Test
  void accessorsReturnCopies() {
    Tensor t = Tensor.of(new float[] {1, 2}, 2);
    t.toFloatArray()[0] = 42;
    assertEquals(1.0, t.getDouble(0));
  }

  @Test
  void badShapesAreRejectedWithTheShapeInTheMessage() {
    TensorShapeException e =
        assertThrows(TensorShapeException.class, () -> Tensor.of(new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    assertThrows(TensorShapeException.class, () -> Shape.of(1, 2, 3, 4));
    assertThrows(TensorShapeException.class, () -> Shape.of(-1));
    assertThrows(TensorShapeException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
    assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(DType.F32, 2).get(2));
  }

  @Test
  void seededInitialisersAreReproducible() {
    Tensor a = Tensor.randn(new Xoshiro256StarStar(5), DType.F32, 4, 4);
    Tensor b = Tensor.randn(new Xoshiro256StarStar(5), DType.F32, 4, 4);
    assertTrue(a.bitEquals(b));
    Tensor u = Tensor.uniform(new Xoshiro256StarStar(5), -0.5, 0.5, DType.F64, 100);
    for (double v : u.toDoubleArray()) {
      assertTrue(v >= -0.5 && v < 0.5);
    }
    assertFalse(a.bitEquals(Tensor.randn(new Xoshiro256StarStar(6), DType.F32, 4, 4)));
  }

  @Test
  void ejmlViewsRoundTrip() {
    Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    DMatrixRMaj m = t.toDMatrix();
    assertEquals(6.0, m.get(1, 2));
    assertTrue(Tensor.from(m).bitEquals(t));
    FMatrixRMaj f = t.to(DType.F32).toFMatrix();
    assertEquals(2, f.numRows);
    assertThrows(TensorShapeException.class, () -> t.toFMatrix());
  }

  @Test
  void conversionRoundsAndDetaches() {
    Tensor t = Tensor.of(new double[] {0.1}, 1);
    assertEquals((float) 0.1, t.to(DType.F32).toFloatArray()[0]);
    Tape tape = new Tape();
    assertFalse(tape.watch(t).to(DType.F32).isTracked());
    assertEquals(-1, t.firstNonFinite());
    assertEquals(1, Tensor.of(new double[] {0, Double.NaN}, 2).firstNonFinite());
  }

  @Test
  void rawAccessChecksTheDtype() {
    Tensor t = Tensor.zeros(DType.F64, 2);
    assertThrows(TensorShapeException.class, t::rawF32);
    assertArrayEquals(new double[] {0, 0}, t.rawF64());
  }
}
