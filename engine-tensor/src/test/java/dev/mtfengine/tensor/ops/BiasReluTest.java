package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Gradients;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiasReluTest {

  /**
   * Output and both gradients are bit for bit those of {@code relu(biasAdd(x, bias))}: one row, a
   * batch, a rank-3 input with one bias, an ensemble with a bias per member; widths that take the
   * vector lanes and a scalar tail; a gradient holding zeros of both signs (the bias gradient's sum
   * starts from +0.0 exactly where the composition's does); one feature (an ensemble's bias
   * gradient is then a kernel reduction); the input alone or the bias alone differentiated.
   */
  @Test
  void sameBitsAsReluOfTheBiasAdd() {
    int[][] xShapes = {{37}, {1, 37}, {9, 37}, {3, 5, 37}, {4, 6, 37}, {4, 6, 70}, {40, 1}, {4, 40, 1}};
    int[][] biasShapes = {{37}, {37}, {37}, {37}, {4, 37}, {4, 70}, {1}, {4, 1}};
    for (DType dtype : DType.values()) {
      var rng = new Xoshiro256StarStar(20261205L);
      for (int c = 0; c < xShapes.length; c++) {
        Shape xShape = Shape.of(xShapes[c]);
        Tensor x = Tensor.randn(rng, dtype, xShapes[c]);
        Tensor bias = Tensor.randn(rng, dtype, biasShapes[c]);
        Tensor g = signedZerosIn(Tensor.randn(rng, dtype, xShapes[c]));
        for (int watched = 0; watched < 3; watched++) { // both, x only, bias only
          Tape tape = new Tape();
          Tensor xs = watched != 2 ? tape.watch(x) : x;
          Tensor bs = watched != 1 ? tape.watch(bias) : bias;
          Tensor y = Ops.biasRelu(xs, bs);
          List<Tensor> leaves = watched == 0 ? List.of(xs, bs) : List.of(watched == 1 ? xs : bs);
          Gradients got = tape.backwardFrom(y, g, leaves);

          Tape ref = new Tape();
          Tensor rx = watched != 2 ? ref.watch(x) : x;
          Tensor rb = watched != 1 ? ref.watch(bias) : bias;
          Tensor ry = Ops.relu(Ops.biasAdd(rx, rb));
          List<Tensor> refLeaves = watched == 0 ? List.of(rx, rb) : List.of(watched == 1 ? rx : rb);
          Gradients want = ref.backwardFrom(ry, g, refLeaves);

          String what = dtype + " x " + xShape + " bias " + bias.shape() + " watched " + watched;
          assertTrue(ry.bitEquals(y), what + ": output");
          for (int i = 0; i < leaves.size(); i++) {
            assertTrue(want.of(refLeaves.get(i)).bitEquals(got.of(leaves.get(i))), what + ": gradient " + i);
          }
        }
      }
    }
  }

  /** Every third value +0.0 and every fifth -0.0. */
  private static Tensor signedZerosIn(Tensor g) {
    double[] v = g.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 5 == 0 ? -0.0 : i % 3 == 0 ? 0.0 : v[i];
    }
    if (g.dtype() == DType.F32) {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return Tensor.wrap(f, g.shape());
    }
    return Tensor.wrap(v, g.shape());
  }
}
