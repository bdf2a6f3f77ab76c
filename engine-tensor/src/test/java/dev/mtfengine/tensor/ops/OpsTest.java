package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import org.junit.jupiter.api.Test;

/** Forward values of every primitive on small hand-checked inputs, in both dtypes. */
class OpsTest {

  private static Tensor d(double[] v, int... dims) {
    return Tensor.of(v, dims);
  }

  private static void assertValues(double[] expected, Tensor t) {
    assertArrayEquals(expected, t.toDoubleArray(), 1e-12, t.toString());
  }

  @Test
  void arithmeticBroadcastsRowsAndEnsembles() {
    Tensor m = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor row = d(new double[] {10, 20, 30}, 3);
    assertValues(new double[] {11, 22, 33, 14, 25, 36}, Ops.add(m, row));
    assertValues(new double[] {-9, -18, -27, -6, -15, -24}, Ops.sub(m, row));
    assertValues(new double[] {10, 40, 90, 40, 100, 180}, Ops.mul(m, row));
    assertValues(new double[] {0.5, 1, 1.5, 2, 2.5, 3}, Ops.div(m, 2.0));
    Tensor col = d(new double[] {1, -1}, 2, 1);
    assertValues(new double[] {2, 3, 4, 3, 4, 5}, Ops.add(m, col));
    Tensor ens = Ops.add(Tensor.zeros(DType.F64, 2, 2, 3), m);
    assertEquals(Shape.of(2, 2, 3), ens.shape());
    assertEquals(6.0, ens.get(1, 1, 2));
    assertValues(new double[] {1, 2, 1, 4}, Ops.minimum(d(new double[] {1, 2, 3, 4}, 4), d(new double[] {5, 6, 1, 8}, 4)));
    assertValues(new double[] {5, 6, 3, 8}, Ops.maximum(d(new double[] {1, 2, 3, 4}, 4), d(new double[] {5, 6, 1, 8}, 4)));
  }

  @Test
  void unaryFunctions() {
    Tensor x = d(new double[] {-2, -0.5, 0, 1.5}, 4);
    assertValues(new double[] {2, 0.5, -0.0, -1.5}, Ops.neg(x));
    assertValues(new double[] {2, 0.5, 0, 1.5}, Ops.abs(x));
    assertValues(new double[] {0, 0, 0, 1.5}, Ops.relu(x));
    assertValues(new double[] {4, 0.25, 0, 2.25}, Ops.square(x));
    assertValues(new double[] {-1, -0.5, 0, 1}, Ops.clamp(x, -1, 1));
    assertValues(new double[] {Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1.5)}, Ops.tanh(x));
    assertValues(new double[] {1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-1.5))}, Ops.sigmoid(x));
    assertValues(new double[] {Math.log1p(Math.exp(-2)), Math.log1p(Math.exp(-0.5)), Math.log(2), Math.log1p(Math.exp(1.5))}, Ops.softplus(x));
    Tensor p = d(new double[] {1, 4, 0.25}, 3);
    assertValues(new double[] {1, 2, 0.5}, Ops.sqrt(p));
    assertValues(new double[] {0, Math.log(4), Math.log(0.25)}, Ops.log(p));
    assertValues(new double[] {Math.E, Math.exp(4), Math.exp(0.25)}, Ops.exp(p));
  }

  @Test
  void softplusAndSigmoidAreStableForLargeInputs() {
    Tensor x = d(new double[] {-800, 800}, 2);
    assertValues(new double[] {0, 800}, Ops.softplus(x));
    assertValues(new double[] {0, 1}, Ops.sigmoid(x));
  }

  @Test
  void selectPicksByMask() {
    Tensor mask = d(new double[] {1, 0, 1}, 3);
    assertValues(new double[] {1, 20, 3}, Ops.select(mask, d(new double[] {1, 2, 3}, 3), d(new double[] {10, 20, 30}, 3)));
  }

  @Test
  void matmulAllTransposeVariantsAndEnsembles() {
    Tensor a = d(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [2, 3]
    Tensor b = d(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);   // [3, 2]
    double[] ab = {4, 5, 10, 11};
    assertValues(ab, Ops.matmul(a, b));
    Tensor at = d(new double[] {1, 4, 2, 5, 3, 6}, 3, 2); // a^T stored
    Tensor bt = d(new double[] {1, 0, 1, 0, 1, 1}, 2, 3); // b^T stored
    assertValues(ab, Ops.matmul(at, b, true, false));
    assertValues(ab, Ops.matmul(a, bt, false, true));
    assertValues(ab, Ops.matmul(at, bt, true, true));
    Tensor a3 = Ops.broadcastEnsemble(a, 2);
    Tensor b3 = Ops.concat(Ops.reshape(b, 1, 3, 2), Ops.reshape(Ops.mul(b, 2.0), 1, 3, 2));
    assertEquals(Shape.of(1, 3, 4), b3.shape());
    Tensor b3m = Ops.reshape(Tensor.of(new double[] {1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2}, 12), 2, 3, 2);
    assertValues(new double[] {4, 5, 10, 11, 8, 10, 20, 22}, Ops.matmul(a3, b3m));
  }

  @Test
  void biasAddRowsAndEnsembleMembers() {
    Tensor x = Tensor.zeros(DType.F32, 2, 2, 3);
    Tensor bias = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = Ops.biasAdd(x, bias);
    assertEquals(4.0, y.get(1, 0, 0));
    assertEquals(3.0, y.get(0, 1, 2));
    Tensor z = Ops.biasAdd(Tensor.zeros(DType.F32, 2, 3), Tensor.of(new float[] {1, 2, 3}, 3));
    assertEquals(3.0, z.get(1, 2));
    assertThrows(TensorShapeException.class, () -> Ops.biasAdd(Tensor.zeros(DType.F32, 2, 3), Tensor.zeros(DType.F32, 4)));
  }

  @Test
  void reductionsAlongEveryAxis() {
    Tensor x = d(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
    assertEquals(78.0, Ops.sum(x).item());
    assertEquals(6.5, Ops.mean(x).item());
    assertValues(new double[] {8, 10, 12, 14, 16, 18}, Ops.sum(x, 0));
    assertValues(new double[] {5, 7, 9, 17, 19, 21}, Ops.sum(x, 1));
    assertValues(new double[] {6, 15, 24, 33}, Ops.sum(x, -1));
    assertValues(new double[] {2, 5, 8, 11}, Ops.mean(x, 2));
    assertValues(new double[] {3, 6, 9, 12}, Ops.max(x, -1));
    assertValues(new double[] {1, 2, 3, 7, 8, 9}, Ops.min(x, 1));
    assertThrows(TensorShapeException.class, () -> Ops.sum(x, 3));
  }

  @Test
  void maxGradientGoesToTheFirstMaximum() {
    Tape tape = new Tape();
    Tensor x = tape.watch(d(new double[] {1, 3, 3, 0}, 1, 4));
    Tensor g = tape.backward(Ops.sum(Ops.max(x, 1)), x).of(x);
    assertValues(new double[] {0, 1, 0, 0}, g);
  }

  @Test
  void concatSliceReshapeBroadcast() {
    Tensor a = d(new double[] {1, 2, 3, 4}, 2, 2);
    Tensor b = d(new double[] {5, 6}, 2, 1);
    Tensor c = Ops.concat(a, b);
    assertValues(new double[] {1, 2, 5, 3, 4, 6}, c);
    assertValues(new double[] {2, 5, 4, 6}, Ops.slice(c, 1, 3));
    assertEquals(Shape.of(3, 2), Ops.reshape(c, 3, 2).shape());
    assertValues(new double[] {5, 5, 6, 6}, Ops.broadcastTo(b, Shape.of(2, 2)));
    assertValues(new double[] {3, 7}, Ops.sumTo(a, Shape.of(2, 1)));
    assertValues(new double[] {4, 6}, Ops.sumTo(a, Shape.of(2)));
    assertThrows(TensorShapeException.class, () -> Ops.slice(c, 2, 4));
    assertThrows(TensorShapeException.class, () -> Ops.concat(a, d(new double[] {1, 2, 3}, 3, 1)));
    assertThrows(TensorShapeException.class, () -> Ops.reshape(c, 4, 2));
  }

  @Test
  void dtypesAreNeverMixed() {
    TensorShapeException e = assertThrows(TensorShapeException.class,
        () -> Ops.add(Tensor.zeros(DType.F32, 2), Tensor.zeros(DType.F64, 2)));
    assertTrue(e.getMessage().contains("F32") && e.getMessage().contains("F64"), e.getMessage());
  }

  @Test
  void f32ResultsAreRoundedF64Results() {
    double[] v = {-1.3, 0.2, 0.7, 2.9};
    Tensor x64 = d(v, 4);
    Tensor x32 = x64.to(DType.F32);
    Tensor[] pairs = {Ops.tanh(x64), Ops.tanh(x32), Ops.exp(x64), Ops.exp(x32), Ops.softplus(x64), Ops.softplus(x32)};
    for (int i = 0; i < pairs.length; i += 2) {
      float[] f = pairs[i + 1].toFloatArray();
      double[] ref = pairs[i].toDoubleArray();
      for (int j = 0; j < f.length; j++) {
        assertEquals(ref[j], f[j], Math.abs(ref[j]) * 1e-6 + 1e-7);
      }
    }
  }
}
