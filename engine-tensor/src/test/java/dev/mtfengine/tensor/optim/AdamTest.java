package dev.mtfengine.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class AdamTest {

  private static Params randomParams(long seed, DType dtype) {
    var rng = new Xoshiro256StarStar(seed);
    return Params.of("w", Tensor.randn(rng, dtype, 4, 3), "b", Tensor.randn(rng, dtype, 3));
  }

  /** The values in a new array. */
  private static Tensor copyOf(Tensor t) {
    return Tensor.wrap(t.toFloatArray(), t.shape());
  }

  @Test
  void firstStepMovesEveryCoordinateByAboutLr() {
    for (DType dtype : DType.values()) {
      double lr = 1e-3;
      Params theta = randomParams(1, dtype);
      Params grads = randomParams(2, dtype);
      Params next = new Adam(Adam.Config.defaults(lr)).step(theta, grads);
      for (String name : theta.names()) {
        for (int i = 0; i < theta.get(name).size(); i++) {
          double g = grads.get(name).getDouble(i);
          double delta = next.get(name).getDouble(i) - theta.get(name).getDouble(i);
          // mhat_1 = g, vhat_1 = g^2: delta = -lr g / (|g| + eps) = -lr sign(g) up to eps / |g|
          assertEquals(-lr * Math.signum(g), delta, dtype == DType.F64 ? 1e-8 : 2e-6,
              dtype + " " + name + "[" + i + "] g=" + g);
        }
      }
    }
  }

  @Test
  void inputsAreNotModified() {
    Params theta = randomParams(1, DType.F32);
    Params copy = theta.map(AdamTest::copyOf); // to(F32) of an F32 tensor would share its array
    new Adam(Adam.Config.defaults(0.1)).step(theta, randomParams(2, DType.F32));
    assertTrue(theta.bitEquals(copy));
  }

  /** f(theta) = sum(a * (theta - c)^2), a convex quadratic with condition number 100. */
  @Test
  void minimisesAConvexQuadratic() {
    for (DType dtype : DType.values()) {
      Tensor a = Tensor.of(new double[] {1, 10, 100, 0.5}, 4).to(dtype);
      Tensor c = Tensor.of(new double[] {3, -2, 0.5, 1}, 4).to(dtype);
      Params theta = Params.of("theta", Tensor.zeros(dtype, 4));
      Adam adam = new Adam(Adam.Config.defaults(0.05));
      double first = Double.NaN;
      double loss = Double.NaN;
      for (int step = 0; step < 2000; step++) {
        Tape tape = new Tape();
        Params tracked = theta.watch(tape);
        Tensor f = Ops.sum(Ops.mul(a, Ops.square(Ops.sub(tracked.get("theta"), c))));
        loss = f.item();
        if (step == 0) {
          first = loss;
        }
        theta = adam.step(theta, tracked.gradients(tape.backward(f, tracked.tensors())));
      }
      assertEquals(2000, adam.stepCount());
      assertTrue(loss < 1e-6 * first, dtype + " loss " + loss + " from " + first);
      for (int i = 0; i < 4; i++) {
        assertEquals(c.getDouble(i), theta.get("theta").getDouble(i), 1e-2, dtype + " coordinate " + i);
      }
    }
  }

  @Test
  void adamWShrinksWeightsWithZeroGradientByLrTimesWeightDecay() {
    double lr = 0.01;
    double wd = 0.1;
    for (DType dtype : DType.values()) {
      Params theta = randomParams(3, dtype);
      Params zero = theta.map(t -> Tensor.zeros(t.dtype(), t.shape()));
      Params next = new Adam(Adam.Config.adamW(lr, wd)).step(theta, zero);
      for (String name : theta.names()) {
        for (int i = 0; i < theta.get(name).size(); i++) {
          double t = theta.get(name).getDouble(i);
          // theta <- theta - lr * wd * theta; the Adam part is 0 / (0 + eps) = 0
          double expected = dtype == DType.F64 ? t - (lr * wd) * t : (float) t - (float) (lr * wd) * (float) t;
          assertEquals(expected, next.get(name).getDouble(i), 0, dtype + " " + name + "[" + i + "]");
        }
      }
    }
  }

  @Test
  void coupledWeightDecayActsThroughTheGradient() {
    double lr = 0.01;
    Params theta = randomParams(4, DType.F64);
    Params zero = theta.map(t -> Tensor.zeros(t.dtype(), t.shape()));
    Params next = new Adam(new Adam.Config(lr, 0.9, 0.999, 1e-8, 0.1, false)).step(theta, zero);
    // g = wd * theta, so the first step is -lr sign(theta), like any first Adam step
    for (String name : theta.names()) {
      for (int i = 0; i < theta.get(name).size(); i++) {
        double t = theta.get(name).getDouble(i);
        assertEquals(t - lr * Math.signum(t), next.get(name).getDouble(i), 1e-8);
      }
    }
  }

  /** One MSE step's gradients of a small MLP, the setting the round trip is tested in. */
  private static Params mseGradients(Mlp mlp, Params params, Tensor x, Tensor target) {
    Tape tape = new Tape();
    Params tracked = params.watch(tape);
    Tensor loss = Ops.mean(Ops.square(Ops.sub(mlp.forward(tracked, x), target)));
    return tracked.gradients(tape.backward(loss, tracked.tensors()));
  }

  static void assertRoundTripIsBitIdentical(java.util.function.Supplier<Optimizer> fresh, DType dtype) {
    Mlp mlp = new Mlp(4, new int[] {8, 8}, 1, Activation.RELU, Activation.IDENTITY);
    Params start = mlp.init(new Xoshiro256StarStar(31), dtype);
    Tensor x = Tensor.randn(new Xoshiro256StarStar(32), dtype, 16, 4);
    Tensor target = Tensor.randn(new Xoshiro256StarStar(33), dtype, 16, 1);

    Optimizer straight = fresh.get();
    Params p = start;
    for (int i = 0; i < 10; i++) {
      p = straight.step(p, mseGradients(mlp, p, x, target));
    }

    Optimizer first = fresh.get();
    Params q = start;
    for (int i = 0; i < 5; i++) {
      q = first.step(q, mseGradients(mlp, q, x, target));
    }
    OptimizerState saved = first.state();
    Optimizer resumed = fresh.get();
    resumed.restore(saved);
    assertTrue(resumed.state().bitEquals(saved));
    for (int i = 0; i < 5; i++) {
      q = resumed.step(q, mseGradients(mlp, q, x, target));
    }
    assertTrue(p.bitEquals(q), "10 straight steps differ from 5 + restore + 5");
    assertTrue(straight.state().bitEquals(resumed.state()));
    assertFalse(start.bitEquals(q));
  }

  @Test
  void stateRoundTripContinuesBitIdentically() {
    for (DType dtype : DType.values()) {
      assertRoundTripIsBitIdentical(() -> new Adam(Adam.Config.defaults(1e-2)), dtype);
      assertRoundTripIsBitIdentical(() -> new Adam(Adam.Config.adamW(1e-2, 0.01)), dtype);
    }
  }

  /**
   * The moments are updated in place in the optimiser's own arrays: an exported state, the state a
   * restore was given, and the optimiser's state after a refused step stay what they were.
   */
  @Test
  void exportedAndRestoredMomentsDoNotChangeWithLaterSteps() {
    Adam adam = new Adam(Adam.Config.defaults(1e-2));
    Params theta = randomParams(1, DType.F32);
    theta = adam.step(theta, randomParams(2, DType.F32));
    OptimizerState exported = adam.state();
    OptimizerState exportedCopy = new OptimizerState(exported.optimizer(), exported.step(),
        exported.moments().map(AdamTest::copyOf));
    theta = adam.step(theta, randomParams(3, DType.F32));
    assertTrue(exported.bitEquals(exportedCopy), "an exported state changed with a later step");
    assertFalse(adam.state().bitEquals(exportedCopy));

    Adam resumed = new Adam(Adam.Config.defaults(1e-2));
    resumed.restore(exported);
    resumed.step(theta, randomParams(4, DType.F32));
    assertTrue(exported.bitEquals(exportedCopy), "a restored state changed with the next step");

    OptimizerState before = adam.state();
    Params f64Gradient = randomParams(5, DType.F64);
    Params wrongDType = Params.of("w", theta.get("w").to(DType.F32), "b", theta.get("b").to(DType.F32));
    assertThrows(IllegalArgumentException.class, () -> adam.step(wrongDType,
        Params.of("w", randomParams(6, DType.F32).get("w"), "b", f64Gradient.get("b"))));
    assertTrue(adam.state().bitEquals(before), "a refused step changed the moments");
  }

  @Test
  void stateNamesTheMomentsAfterTheParameters() {
    Adam adam = new Adam(Adam.Config.defaults(1e-3));
    assertTrue(adam.state().moments().isEmpty());
    assertEquals(0, adam.state().step());
    adam.step(randomParams(1, DType.F32), randomParams(2, DType.F32));
    OptimizerState s = adam.state();
    assertEquals(1, s.step());
    assertEquals(List.of("m/w", "m/b", "v/w", "v/b"), s.moments().names());
  }

  @Test
  void clearErrors() {
    assertThrows(IllegalArgumentException.class, () -> Adam.Config.defaults(0));
    assertThrows(IllegalArgumentException.class, () -> new Adam.Config(1e-3, 1.0, 0.999, 1e-8, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Adam.Config(1e-3, 0.9, 0.999, 1e-8, -1, false));
    Adam adam = new Adam(Adam.Config.defaults(1e-3));
    Params theta = randomParams(1, DType.F32);
    IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
        () -> adam.step(theta, Params.of("w", Tensor.zeros(DType.F32, 4, 3), "b", Tensor.zeros(DType.F32, 4))));
    assertTrue(shapes.getMessage().contains("Adam.step") && shapes.getMessage().contains("'b'")
        && shapes.getMessage().contains("[3]") && shapes.getMessage().contains("[4]"), shapes.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> adam.step(theta, Params.of("w", Tensor.zeros(DType.F32, 4, 3), "bias", Tensor.zeros(DType.F32, 3))));
    assertTrue(missing.getMessage().contains("'b'"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> adam.restore(new Sgd(Sgd.Config.of(0.1)).state()));
  }
}
