package dev.mtfengine.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MlpTest {

  @Test
  void shapesAndParameterNames() {
    Mlp mlp = new Mlp(6, new int[] {8, 4}, 3, Activation.RELU, Activation.TANH);
    Params p = mlp.init(new Xoshiro256StarStar(1), DType.F32);
    assertEquals(List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias",
        "layer2.weight", "layer2.bias"), p.names());
    assertEquals(Shape.of(8, 4), p.get("layer1.weight").shape());
    assertEquals(6 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3, p.numel());
    assertEquals(List.copyOf(mlp.parameterShapes().keySet()), p.names());
    Tensor y = mlp.forward(p, Tensor.randn(new Xoshiro256StarStar(2), DType.F32, 10, 6));
    assertEquals(Shape.of(10, 3), y.shape());
    // TANH output activation keeps outputs in (-1, 1)
    for (int i = 0; i < y.size(); i++) {
      assertTrue(Math.abs(y.getDouble(i)) < 1);
    }
  }

  @Test
  void noHiddenLayerIsOneLinear() {
    Mlp mlp = new Mlp(3, new int[0], 2, Activation.RELU, Activation.IDENTITY);
    Params p = mlp.init(new Xoshiro256StarStar(1), DType.F64);
    Tensor x = Tensor.randn(new Xoshiro256StarStar(2), DType.F64, 4, 3);
    Tensor expected = new Linear(3, 2).forward(p.withoutPrefix("layer0."), x);
    assertTrue(expected.bitEquals(mlp.forward(p, x)));
  }

  @Test
  void errorsNameTheLayerOrTheMissingParameter() {
    Mlp mlp = new Mlp(6, new int[] {8}, 3, Activation.RELU, Activation.IDENTITY);
    Params p = mlp.init(new Xoshiro256StarStar(1), DType.F32);
    TensorShapeException e = assertThrows(TensorShapeException.class,
        () -> mlp.forward(p, Tensor.zeros(DType.F32, 2, 5)));
    assertTrue(e.getMessage().contains("layer0") && e.getMessage().contains("[2, 5]"), e.getMessage());
    Params incomplete = p.withoutPrefix("").withPrefix("actor.");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> mlp.forward(incomplete, Tensor.zeros(DType.F32, 2, 6)));
    assertTrue(missing.getMessage().contains("'layer0.weight'"), missing.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Mlp(6, new int[] {0}, 3, Activation.RELU, Activation.IDENTITY));
  }

  @Test
  void f32AndF64AgreeToF32Precision() {
    Mlp mlp = new Mlp(5, new int[] {16, 16}, 2, Activation.RELU, Activation.SIGMOID);
    Params p64 = mlp.init(new Xoshiro256StarStar(5), DType.F64);
    Params p32 = mlp.init(new Xoshiro256StarStar(5), DType.F32);
    Tensor x64 = Tensor.randn(new Xoshiro256StarStar(6), DType.F64, 8, 5);
    Tensor y64 = mlp.forward(p64, x64);
    Tensor y32 = mlp.forward(p32, x64.to(DType.F32));
    assertEquals(DType.F32, y32.dtype());
    for (int i = 0; i < y64.size(); i++) {
      assertEquals(y64.getDouble(i), y32.getDouble(i), 1e-5);
    }
  }

  /**
   * The tape's gradient of {@code loss = sum(c * mlp(x))} against central finite differences in
   * F64, for every element of every parameter, for smooth and piecewise-linear activations.
   */
  @Test
  void gradientMatchesCentralFiniteDifferences() {
    for (Activation act : new Activation[] {Activation.TANH, Activation.SOFTPLUS, Activation.RELU}) {
      Mlp mlp = new Mlp(3, new int[] {4, 5}, 2, act, Activation.SIGMOID);
      Params params = mlp.init(new Xoshiro256StarStar(11), DType.F64);
      Tensor x = Tensor.randn(new Xoshiro256StarStar(12), DType.F64, 6, 3);
      Tensor c = Tensor.randn(new Xoshiro256StarStar(13), DType.F64, 6, 2);
      Function<Params, Tensor> loss = p -> Ops.sum(Ops.mul(c, mlp.forward(p, x)));

      Tape tape = new Tape();
      Params tracked = params.watch(tape);
      Params analytic = tracked.gradients(tape.backward(loss.apply(tracked), tracked.tensors()));

      double h = 1e-6;
      for (String name : params.names()) {
        double[] values = params.get(name).toDoubleArray();
        int[] dims = params.get(name).shape().dims();
        for (int i = 0; i < values.length; i++) {
          double[] plus = values.clone();
          double[] minus = values.clone();
          plus[i] += h;
          minus[i] -= h;
          double lp = loss.apply(replace(params, name, Tensor.of(plus, dims))).item();
          double lm = loss.apply(replace(params, name, Tensor.of(minus, dims))).item();
          double numeric = (lp - lm) / (2 * h);
          double got = analytic.get(name).getDouble(i);
          assertEquals(numeric, got, 1e-7 + 1e-6 * Math.abs(numeric),
              act + " " + name + "[" + i + "]");
        }
      }
    }
  }

  private static Params replace(Params p, String name, Tensor t) {
    return p.mapNamed((n, old) -> n.equals(name) ? t : old);
  }

  /**
   * {@code y = W2 relu(W1 x + b1) + b2}, {@code L = (y - t)^2 / 2}, with numbers small enough to
   * differentiate by hand (row-vector convention, W stored [in, out]):
   *
   * <pre>
   * x = [1, 2], W1 = [[0.5, -1], [0.25, 0.5]], b1 = [0.1, -0.2]
   * pre = x W1 + b1 = [0.5 + 0.5 + 0.1, -1 + 1 - 0.2] = [1.1, -0.2]
   * h = relu(pre) = [1.1, 0]
   * W2 = [[2], [3]], b2 = [0.5]:  y = 1.1 * 2 + 0 * 3 + 0.5 = 2.7;  t = 0.7
   * dL/dy = y - t = 2
   * dL/db2 = 2;  dL/dW2 = h^T dL/dy = [[2.2], [0]]
   * dL/dh = dL/dy W2^T = [4, 6];  relu'(pre) = [1, 0]  ->  dL/dpre = [4, 0]
   * dL/db1 = [4, 0];  dL/dW1 = x^T dL/dpre = [[4, 0], [8, 0]]
   * </pre>
   */
  @Test
  void handDerivedTwoLayerGradients() {
    Mlp mlp = new Mlp(2, new int[] {2}, 1, Activation.RELU, Activation.IDENTITY);
    Params params = Params.builder()
        .put("layer0.weight", Tensor.of(new double[][] {{0.5, -1}, {0.25, 0.5}}))
        .put("layer0.bias", Tensor.of(new double[] {0.1, -0.2}, 2))
        .put("layer1.weight", Tensor.of(new double[][] {{2}, {3}}))
        .put("layer1.bias", Tensor.of(new double[] {0.5}, 1))
        .build();
    Tensor x = Tensor.of(new double[][] {{1, 2}});
    Tape tape = new Tape();
    Params tracked = params.watch(tape);
    Tensor y = mlp.forward(tracked, x);
    assertEquals(2.7, y.item(), 1e-15);
    Tensor loss = Ops.mul(Ops.sum(Ops.square(Ops.sub(y, 0.7))), 0.5);
    assertEquals(2.0, loss.item(), 1e-14);
    Params g = tracked.gradients(tape.backward(loss, tracked.tensors()));
    assertGrad(new double[] {2}, g.get("layer1.bias"));
    assertGrad(new double[] {2.2, 0}, g.get("layer1.weight"));
    assertGrad(new double[] {4, 0}, g.get("layer0.bias"));
    assertGrad(new double[] {4, 0, 8, 0}, g.get("layer0.weight"));
  }

  private static void assertGrad(double[] expected, Tensor got) {
    double[] a = got.toDoubleArray();
    assertEquals(expected.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], 1e-13, "element " + i + " of " + got);
    }
  }
}
