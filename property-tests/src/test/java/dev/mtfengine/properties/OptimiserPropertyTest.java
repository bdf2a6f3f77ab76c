package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.quicktheories.generators.Generate;
import org.junit.jupiter.api.Test;

/** Adam's defining property: its first step moves every coordinate with a nonzero gradient by about lr. */
class OptimiserPropertyTest {

  @Test
  void adamFirstStepHasMagnitudeLr() {
    qt().withFixedSeed(11L).withExamples(200)
        .forAll(org.quicktheories.generators.SourceDSL.doubles().between(1e-5, 1e-1), Generate.range(1, 50), Gens.seeds())
        .checkAssert((lr, n, seed) -> {
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          Tensor theta = Tensor.randn(rng, DType.F64, n);
          // Gradients of any scale and sign, away from 0 (where eps dominates).
          double[] g = new double[n];
          for (int i = 0; i < n; i++) {
            double mag = Math.pow(10, -3 + 6 * rng.nextDouble());
            g[i] = rng.nextDouble() < 0.5 ? -mag : mag;
          }
          Adam adam = new Adam(Adam.Config.defaults(lr));
          Params after = adam.step(Params.of("w", theta), Params.of("w", Tensor.of(g, n)));
          for (int i = 0; i < n; i++) {
            double delta = after.get("w").getDouble(i) - theta.getDouble(i);
            // First step: mhat = g, vhat = g^2, so delta = -lr g / (|g| + eps) = -lr sign(g) (1 - O(eps/|g|)).
            assertEquals(-lr * Math.signum(g[i]), delta, lr * 1e-4 + 1e-12, "coordinate " + i);
          }
        });
  }
}
