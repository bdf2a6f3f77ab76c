package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.mtfengine.rl.ope.Bootstrap;
import dev.mtfengine.rl.ope.DirectMethod;
import dev.mtfengine.rl.ope.DoublyRobust;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Estimate;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.PerDecisionImportanceSampling;
import dev.mtfengine.rl.ope.TargetPolicy;
import dev.mtfengine.rl.ope.ValueModel;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.rl.ope.WeightedPerDecisionImportanceSampling;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of the off-policy estimators on arbitrary logged sessions: self-normalised estimates
 * stay within the reward range, and doubly robust reduces to its two parents.
 *
 * <p>Sessions are generated with their coordinates in the state ({@code s_t = (i, t)}), so target
 * densities and models can be looked up per step: that is what lets a property choose rho freely
 * (0, 1, or arbitrary) and build a model that is Bellman-consistent with the log.
 */
class OpePropertyTest {
  private static final Bootstrap BOOTSTRAP = new Bootstrap(50, 0.9, 3);

  /** n sessions of H steps with rewards in [lo, hi], behaviour densities in [0.05, 3] and a target table. */
  record Log(List<Episode> episodes, double[][] targetDensity, double lo, double hi) {
    /** The target whose density at step (i, t) is {@code targetDensity[i][t]}. */
    TargetPolicy target() {
      return new TargetPolicy() {
        @Override
        public double[] densities(float[][] states, float[][] actions) {
          double[] out = new double[states.length];
          for (int t = 0; t < out.length; t++) {
            out[t] = targetDensity[(int) states[t][0]][(int) states[t][1]];
          }
          return out;
        }

        @Override
        public String describe() {
          return "table";
        }
      };
    }
  }

  /**
   * {@code targetKind}: 0 random positive densities (so every bootstrap resample has positive
   * weight at every step), 1 all zero, 2 equal to the behaviour's.
   */
  static Log log(int n, int horizon, long seed, int targetKind) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    double lo = 10 * (rng.nextDouble() - 0.5);
    double hi = lo + 0.01 + 10 * rng.nextDouble();
    List<Episode> episodes = new ArrayList<>();
    double[][] target = new double[n][horizon];
    for (int i = 0; i < n; i++) {
      float[][] states = new float[horizon][];
      float[][] actions = new float[horizon][];
      double[] rewards = new double[horizon];
      double[] mu = new double[horizon];
      for (int t = 0; t < horizon; t++) {
        states[t] = new float[] {i, t};
        actions[t] = new float[] {(float) rng.nextDouble()};
        rewards[t] = lo + (hi - lo) * rng.nextDouble();
        mu[t] = 0.05 + 2.95 * rng.nextDouble();
        target[i][t] = switch (targetKind) {
          case 0 -> 0.05 + 2.95 * rng.nextDouble();
          case 1 -> 0.0;
          default -> mu[t];
        };
      }
      episodes.add(new Episode(i, states, actions, rewards, mu, true));
    }
    return new Log(episodes, target, lo, hi);
  }

  static double discountSum(double gamma, int horizon) {
    double s = 0;
    for (int t = 0; t < horizon; t++) {
      s += Math.pow(gamma, t);
    }
    return s;
  }

  @Test
  void weightedAndCappedEstimatesLieWithinTheRewardRange() {
    qt().withFixedSeed(21L).withExamples(200)
        .forAll(Generate.range(1, 30), Generate.range(1, 5), Gens.seeds(), doubles().between(0.01, 20))
        .checkAssert((n, horizon, seed, cap) -> {
          Log log = log(n, horizon, seed, 0);
          double gamma = 0.9;
          WeightedEpisodes d = WeightedEpisodes.of(log.episodes(), log.target(), gamma);
          double low = log.lo() * discountSum(gamma, horizon);
          double high = log.hi() * discountSum(gamma, horizon);
          double slack = 1e-9 * (1 + Math.abs(low) + Math.abs(high));
          for (Estimate e : List.of(new WeightedPerDecisionImportanceSampling().estimate(d, BOOTSTRAP),
              new NormalisedCappedImportanceSampling(cap).estimate(d, BOOTSTRAP))) {
            assertTrue(e.value() >= low - slack && e.value() <= high + slack, e + " outside [" + low + ", " + high + "]");
            assertTrue(e.lower() >= low - slack && e.upper() <= high + slack, "interval of " + e);
            double ess = e.effectiveSampleSize().getAsDouble();
            assertTrue(ess > 0 && ess <= n + 1e-9, "ESS " + ess);
          }
        });
  }

  @Test
  void doublyRobustReducesToImportanceSamplingAndToTheDirectMethod() {
    qt().withFixedSeed(22L).withExamples(150)
        .forAll(Generate.range(1, 20), Generate.range(1, 6), Gens.seeds(), doubles().between(0, 1))
        .checkAssert((n, horizon, seed, gamma) -> {
          // Any V^; Q^ consistent with the log: r_t + gamma V^(s_{t+1}), r_t at the terminal step.
          ValueModel arbitrary = ValueModel.of((s, a) -> 3 * Math.cos(s[0] + 2 * s[1] + a[0]), s -> 5 * Math.sin(s[0] + 3 * s[1]));

          Log random = log(n, horizon, seed, 0);
          WeightedEpisodes d = WeightedEpisodes.of(random.episodes(), random.target(), gamma);
          double pdis = new PerDecisionImportanceSampling().estimate(d, BOOTSTRAP).value();
          double drZero = new DoublyRobust(ValueModel.ZERO).estimate(d, BOOTSTRAP).value();
          assertEquals(pdis, drZero, 1e-12 * (1 + Math.abs(pdis)), "Q^ = V^ = 0: DR is PDIS");

          Log uncovered = log(n, horizon, seed, 1);
          WeightedEpisodes z = WeightedEpisodes.of(uncovered.episodes(), uncovered.target(), gamma);
          assertEquals(new DirectMethod(arbitrary).estimate(z, BOOTSTRAP).value(),
              new DoublyRobust(arbitrary).estimate(z, BOOTSTRAP).value(), 1e-12, "rho = 0: DR is DM");

          Log same = log(n, horizon, seed, 2);
          WeightedEpisodes one = WeightedEpisodes.of(same.episodes(), same.target(), gamma);
          ValueModel consistent = ValueModel.of((s, a) -> {
            Episode e = same.episodes().get((int) s[0]);
            int t = (int) s[1];
            return e.rewards()[t] + (t + 1 < e.length() ? gamma * arbitrary.v(e.states()[t + 1]) : 0.0);
          }, arbitrary::v);
          double dm = new DirectMethod(consistent).estimate(one, BOOTSTRAP).value();
          assertEquals(dm, new DoublyRobust(consistent).estimate(one, BOOTSTRAP).value(), 1e-9 * (1 + Math.abs(dm)),
              "rho = 1 and a Bellman-consistent model: DR is DM");
        });
  }
}
