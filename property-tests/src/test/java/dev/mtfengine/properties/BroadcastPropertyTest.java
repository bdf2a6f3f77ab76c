package dev.mtfengine.properties;

import static dev.mtfengine.properties.Gens.dims;
import static dev.mtfengine.properties.Gens.seeds;
import static dev.mtfengine.properties.Gens.variant;
import static dev.mtfengine.properties.Gens.variantCodes;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

/**
 * Broadcasting is consistent: a broadcasting {@code add}/{@code mul} equals the same op on operands
 * explicitly broadcast first (bit for bit, in both dtypes), and {@code sumTo} is the adjoint of
 * {@code broadcastTo}: {@code <broadcastTo(x, S), y> = <x, sumTo(y, x.shape)>}.
 */
class BroadcastPropertyTest {
  private static final long SEED = 0xB40ADCA57L;
  private static final int EXAMPLES = 200;

  @Test
  void implicitBroadcastingEqualsExplicitBroadcastTo() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(dims(0, 3), variantCodes(), variantCodes(), seeds())
        .checkAssert((d, ca, cb, seed) -> {
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          for (DType dtype : DType.values()) {
            Tensor a = Tensor.randn(rng, dtype, variant(d, ca).dims());
            Tensor b = Tensor.randn(rng, dtype, variant(d, cb).dims());
            Tensor sum = Ops.add(a, b);
            Tensor product = Ops.mul(a, b);
            Shape out = sum.shape();
            Tensor ea = Ops.broadcastTo(a, out);
            Tensor eb = Ops.broadcastTo(b, out);
            String what = dtype + " " + a.shape() + " with " + b.shape() + " -> " + out;
            assertTrue(sum.bitEquals(Ops.add(ea, eb)), "add " + what);
            assertTrue(product.bitEquals(Ops.mul(ea, eb)), "mul " + what);
          }
        });
  }

  @Test
  void sumToIsTheAdjointOfBroadcastTo() {
    qt().withFixedSeed(SEED).withExamples(EXAMPLES)
        .forAll(dims(0, 3), variantCodes(), seeds())
        .checkAssert((d, code, seed) -> {
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          Shape big = Shape.of(d);
          Shape small = variant(d, code);
          Tensor x = Tensor.randn(rng, DType.F64, small.dims());
          Tensor y = Tensor.randn(rng, DType.F64, big.dims());
          Tensor bx = Ops.broadcastTo(x, big);
          Tensor sy = Ops.sumTo(y, small);
          double lhs = 0;
          double scale = 0;
          for (int k = 0; k < y.size(); k++) {
            lhs += bx.getDouble(k) * y.getDouble(k);
            scale += Math.abs(bx.getDouble(k) * y.getDouble(k));
          }
          double rhs = 0;
          for (int k = 0; k < x.size(); k++) {
            rhs += x.getDouble(k) * sy.getDouble(k);
          }
          // Both sides add the same products in different orders: rounding only.
          assertTrue(Math.abs(lhs - rhs) <= 1e-13 * (1 + scale),
              small + " -> " + big + ": <bx, y> = " + lhs + ", <x, sumTo y> = " + rhs);
        });
  }
}
