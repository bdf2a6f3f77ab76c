package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.BoxPenalty;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.MixturePolicy;
import dev.mtfengine.rl.net.Polyak;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** Properties of engine-rl's building blocks: Polyak averaging, the box penalty, ensemble spread, exploration. */
class RlPropertyTest {

  private static Params params(long seed, DType dt) {
    Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
    return Params.of("w", Tensor.randn(r, dt, 3, 4), "b", Tensor.randn(r, dt, 4));
  }

  @Test
  void polyakWithTauOneCopiesAndTauZeroKeeps() {
    qt().withFixedSeed(1L).withExamples(100).forAll(Gens.seeds(), Gens.seeds(), doubles().between(0, 1))
        .checkAssert((s1, s2, tau) -> {
          for (DType dt : DType.values()) {
            Params target = params(s1, dt);
            Params online = params(s2, dt);
            assertTrue(Polyak.average(target, online, 1.0).bitEquals(online));
            assertTrue(Polyak.average(target, online, 0.0).bitEquals(target));
            // Any tau lands between the two, element by element.
            Params mid = Polyak.average(target, online, tau);
            for (String n : target.names()) {
              for (int i = 0; i < target.get(n).size(); i++) {
                double t = target.get(n).getDouble(i);
                double o = online.get(n).getDouble(i);
                double m = mid.get(n).getDouble(i);
                double slack = dt == DType.F32 ? 1e-6 : 1e-14;
                assertTrue(m >= Math.min(t, o) - slack && m <= Math.max(t, o) + slack);
              }
            }
          }
        });
  }

  @Test
  void boxPenaltyIsZeroInsideIncreasingOutsideWithTheGradientOfEquationFive() {
    double lb = -0.15;
    double ub = 0.15;
    double beta = 0.3;
    double w = beta * (ub - lb);
    qt().withFixedSeed(2L).withExamples(300).forAll(doubles().between(-0.8, 0.8), doubles().between(-1, 1), doubles().between(0.001, 0.5))
        .checkAssert((mu, a, step) -> {
          Tensor m = Tensor.of(new double[] {mu}, 1, 1);
          Tape tape = new Tape();
          Tensor x = tape.watch(Tensor.of(new double[] {a}, 1, 1));
          Tensor d = BoxPenalty.penalty(x, m, lb, ub, beta);
          double g = tape.backward(Ops.sum(d), x).of(x).item();
          double above = a - (mu + ub);
          double below = (mu + lb) - a;
          if (above <= 0 && below <= 0) {
            assertEquals(0.0, d.item());
            assertEquals(0.0, g);
          } else if (above > 0) {
            assertEquals(Math.exp(above / w), d.item(), 1e-12 * Math.exp(above / w));
            assertEquals(Math.exp(above / w) / w, g, 1e-9 * Math.exp(above / w) / w);
            double further = BoxPenalty.penalty(Tensor.of(new double[] {a + step}, 1, 1), m, lb, ub, beta).item();
            assertTrue(further > d.item(), "increasing above the box");
          } else {
            assertEquals(Math.exp(below / w), d.item(), 1e-12 * Math.exp(below / w));
            assertEquals(-Math.exp(below / w) / w, g, 1e-9 * Math.exp(below / w) / w);
            double further = BoxPenalty.penalty(Tensor.of(new double[] {a - step}, 1, 1), m, lb, ub, beta).item();
            assertTrue(further > d.item(), "increasing below the box");
          }
        });
  }

  @Test
  void ensembleStdIsNonNegativeAndZeroForIdenticalCritics() {
    qt().withFixedSeed(3L).withExamples(100).forAll(Generate.range(1, 24), Generate.range(1, 16), Gens.seeds())
        .checkAssert((members, batch, seed) -> {
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          Tensor q = Ops.mul(Tensor.randn(r, DType.F64, members, batch), 100.0);
          for (double v : Composites.std(q, 0).toDoubleArray()) {
            assertTrue(v >= 0);
          }
          Tensor same = Ops.broadcastTo(Tensor.randn(r, DType.F64, 1, batch), dev.mtfengine.tensor.Shape.of(members, batch));
          double[] row = same.toDoubleArray();
          double[] s = Composites.std(same, 0).toDoubleArray();
          for (int b = 0; b < batch; b++) {
            // Identical critics: the mean is the value up to rounding, so the spread is rounding only.
            assertTrue(s[b] <= 1e-15 * (1 + Math.abs(row[b])), "std " + s[b]);
          }
        });
  }

  @Test
  void explorationDensitiesIntegrateToOneAndSamplesStayInTheirBox() {
    ActionBounds bounds = ActionBounds.symmetric(1);
    qt().withFixedSeed(4L).withExamples(40)
        .forAll(Generate.range(0, 2), doubles().between(0.02, 0.6), doubles().between(-1, 1), Gens.seeds())
        .checkAssert((kind, width, mu, seed) -> {
          ExplorationPolicy p = kind == 0 ? new GaussianNoisePolicy(bounds, width)
              : kind == 1 ? new BoxExplorationPolicy(bounds, -width, width / 2)
              : new MixturePolicy(0.5, new GaussianNoisePolicy(bounds, width));
          float[] base = {(float) (double) mu};
          int steps = 100_000;
          double h = 2.0 / steps;
          double total = p.density(new float[] {-1f}, base) + p.density(new float[] {1f}, base);
          for (int i = 0; i < steps; i++) {
            total += p.density(new float[] {(float) (-1 + (i + 0.5) * h)}, base) * h;
          }
          assertEquals(1.0, total, 5e-3, p.describe() + " around " + mu);
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          for (int i = 0; i < 200; i++) {
            ExploredAction e = p.sample(base, r);
            assertTrue(bounds.contains(e.action()));
            if (kind == 1) {
              assertTrue(e.action()[0] >= base[0] - width - 1e-6 && e.action()[0] <= base[0] + width / 2 + 1e-6);
            }
          }
        });
  }
}
