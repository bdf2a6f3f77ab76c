package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * An Mlp's tape gradients equal the hand-derived backpropagation of a two-layer network, {@code y =
 * W2^T relu(W1^T x + b1) + b2} with loss {@code L = sum(y^2) / 2} (our weights are stored [in,
 * out]): with {@code h = relu(z)}, {@code z = x W1 + b1}, {@code dy = y}, {@code dW2 = h^T dy},
 * {@code db2 = sum_rows dy}, {@code dh = dy W2^T}, {@code dz = dh * [z > 0]}, {@code dW1 = x^T dz},
 * {@code db1 = sum_rows dz}.
 */
class TwoLayerMlpPropertyTest {

  @Test
  void tapeGradientsEqualHandDerivedBackprop() {
    qt().withFixedSeed(5L).withExamples(100)
        .forAll(Generate.range(1, 6), Generate.range(1, 5), Generate.range(1, 6), Generate.range(1, 4))
        .checkAssert((batch, in, hidden, out) -> {
          long seed = ((batch * 8L + in) * 8 + hidden) * 8 + out; // values follow the shape
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          Mlp mlp = new Mlp(in, List.of(hidden), out, Activation.RELU, Activation.IDENTITY);
          Params p = mlp.init(rng, DType.F64);
          double[][] x = matrix(Tensor.randn(rng, DType.F64, batch, in));
          double[][] w1 = matrix(p.get(Mlp.weightName(0)));
          double[] b1 = p.get(Mlp.biasName(0)).toDoubleArray();
          double[][] w2 = matrix(p.get(Mlp.weightName(1)));
          double[] b2 = p.get(Mlp.biasName(1)).toDoubleArray();

          // Hand-derived forward and backward.
          double[][] z = new double[batch][hidden];
          double[][] h = new double[batch][hidden];
          double[][] y = new double[batch][out];
          for (int r = 0; r < batch; r++) {
            for (int j = 0; j < hidden; j++) {
              z[r][j] = b1[j];
              for (int i = 0; i < in; i++) z[r][j] += x[r][i] * w1[i][j];
              h[r][j] = Math.max(z[r][j], 0);
            }
            for (int o = 0; o < out; o++) {
              y[r][o] = b2[o];
              for (int j = 0; j < hidden; j++) y[r][o] += h[r][j] * w2[j][o];
            }
          }
          double[][] dW2 = new double[hidden][out];
          double[] db2 = new double[out];
          double[][] dW1 = new double[in][hidden];
          double[] db1 = new double[hidden];
          for (int r = 0; r < batch; r++) {
            double[] dz = new double[hidden];
            for (int o = 0; o < out; o++) {
              db2[o] += y[r][o];
              for (int j = 0; j < hidden; j++) {
                dW2[j][o] += h[r][j] * y[r][o];
                dz[j] += y[r][o] * w2[j][o];
              }
            }
            for (int j = 0; j < hidden; j++) {
              dz[j] = z[r][j] > 0 ? dz[j] : 0;
              db1[j] += dz[j];
              for (int i = 0; i < in; i++) dW1[i][j] += x[r][i] * dz[j];
            }
          }

          Tape tape = new Tape();
          Params tracked = p.watch(tape);
          Tensor pred = mlp.forward(tracked, Tensor.of(x));
          Params g = tracked.gradients(tape.backward(Ops.div(Ops.sum(Ops.square(pred)), 2.0), tracked.tensors()));
          assertClose(dW1, g.get(Mlp.weightName(0)));
          assertClose(new double[][] {db1}, Ops.reshape(g.get(Mlp.biasName(0)), 1, hidden));
          assertClose(dW2, g.get(Mlp.weightName(1)));
          assertClose(new double[][] {db2}, Ops.reshape(g.get(Mlp.biasName(1)), 1, out));
        });
  }

  private static double[][] matrix(Tensor t) {
    double[][] m = new double[t.dim(0)][t.dim(1)];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m[r].length; c++) {
        m[r][c] = t.get(r, c);
      }
    }
    return m;
  }

  private static void assertClose(double[][] want, Tensor got) {
    for (int r = 0; r < want.length; r++) {
      for (int c = 0; c < want[r].length; c++) {
        assertEquals(want[r][c], got.get(r, c), 1e-12 * (1 + Math.abs(want[r][c])), "[" + r + ", " + c + "]");
      }
    }
  }
}
