package dev.mtfengine.properties;

import static dev.mtfengine.properties.Gens.dims;
import static dev.mtfengine.properties.Gens.seeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Gradients;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of the tape itself: fan-out accumulates (a function used twice has twice the
 * gradient), and leaves the loss does not use get zero gradients of their own shape and dtype.
 */
class TapePropertyTest {
  private static final long SEED = 0x7A9EL;
  private static final int EXAMPLES = 100;

  /** Scalar-valued functions with internal fan-out of their own, so accumulation nests. */
  private static final List<UnaryOperator<Tensor>> FUNCTIONS = List.of(
      x -> Ops.sum(Ops.mul(Ops.tanh(x), x)),
      x -> Ops.mean(Ops.softplus(Ops.sub(Ops.square(x), x))),
      x -> Ops.sum(Ops.mul(Ops.exp(Ops.mul(x, 0.5)), Ops.sigmoid(x))),
      x -> Ops.sum(Ops.matmul(Ops.reshape(x, 1, x.size()), Ops.reshape(x, x.size(), 1))),
      x -> Composites.mse(Ops.relu(x), Ops.neg(x)));

  @Test
  void fanOutAccumulatesTheGradientsOfEachUse() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(dims(0, 3), Generate.range(0, FUNCTIONS.size() - 1), Generate.range(2, 4), seeds())
        .checkAssert((d, which, copies, seed) -> {
          UnaryOperator<Tensor> g = FUNCTIONS.get(which);
          Tensor value = Tensor.randn(new Xoshiro256StarStar(seed), DType.F64, d);
          Tape tape = new Tape();
          Tensor x = tape.watch(value);
          Tensor once = tape.backward(g.apply(x), x).of(x);
          // Separate subgraphs: g(x) + g(x) + ...
          Tensor separate = g.apply(x);
          for (int i = 1; i < copies; i++) {
            separate = Ops.add(separate, g.apply(x));
          }
          // One shared subgraph: y + y + ... with y = g(x).
          Tensor y = g.apply(x);
          Tensor shared = y;
          for (int i = 1; i < copies; i++) {
            shared = Ops.add(shared, y);
          }
          Tensor gSeparate = tape.backward(separate, x).of(x);
          Tensor gShared = tape.backward(shared, x).of(x);
          for (int k = 0; k < value.size(); k++) {
            double want = copies * once.getDouble(k);
            double tol = 1e-12 * (1 + Math.abs(want));
            String where = "function " + which + ", " + copies + " copies, shape " + Shape.of(d)
                + ", element " + k;
            assertEquals(want, gSeparate.getDouble(k), tol, "separate uses, " + where);
            assertEquals(want, gShared.getDouble(k), tol, "shared use, " + where);
          }
        });
  }

  @Test
  void leavesTheLossDoesNotUseGetZeroGradients() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(dims(0, 3), dims(0, 3), Generate.booleans(), seeds())
        .checkAssert((dUsed, dOther, f32, seed) -> {
          DType dtype = f32 ? DType.F32 : DType.F64;
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          Tape tape = new Tape();
          Tensor used = tape.watch(Tensor.randn(rng, dtype, dUsed));
          Tensor unused = tape.watch(Tensor.randn(rng, dtype, dOther));
          Tensor stopped = tape.watch(Tensor.randn(rng, dtype, dOther));
          Tensor noGrad = tape.watch(Tensor.randn(rng, dtype, dOther));
          // stopped and noGrad feed the loss only as constants.
          Tensor constant = Ops.add(Ops.sum(Ops.stopGradient(stopped)),
              tape.noGrad(() -> Ops.sum(Ops.square(noGrad))));
          Tensor loss = Ops.add(Ops.sum(Ops.tanh(used)), constant);
          Gradients g = tape.backward(loss, used, unused, stopped, noGrad);
          for (Tensor leaf : List.of(unused, stopped, noGrad)) {
            Tensor grad = g.of(leaf);
            assertEquals(leaf.shape(), grad.shape());
            assertEquals(dtype, grad.dtype());
            for (int k = 0; k < grad.size(); k++) {
              assertEquals(0.0, grad.getDouble(k), 0.0, "leaf " + leaf.shape() + " element " + k);
            }
          }
          assertTrue(g.of(used).shape().equals(used.shape()));
        });
  }
}
