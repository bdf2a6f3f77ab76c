package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.ope.Bootstrap;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.rl.ope.DirectMethod;
import dev.mtfengine.rl.ope.DoublyRobust;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Estimate;
import dev.mtfengine.rl.ope.ImportanceSampling;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.PerDecisionImportanceSampling;
import dev.mtfengine.rl.ope.PerDecisionNormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.TargetPolicy;
import dev.mtfengine.rl.ope.ValueModel;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.rl.ope.WeightedPerDecisionImportanceSampling;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * Properties of the off-policy estimators on arbitrary logged sessions: self-normalised estimates
 * stay within the reward range (per decision) and the observed returns (per session), importance
 * sampling is unbiased (exactly, by enumeration on a bandit), the smoothing rule keeps the
 * logger's centre at ratio 1, and doubly robust reduces to its two parents.
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
              new PerDecisionNormalisedCappedImportanceSampling(cap).estimate(d, BOOTSTRAP))) {
            assertTrue(e.value() >= low - slack && e.value() <= high + slack, e + " outside [" + low + ", " + high + "]");
            assertTrue(e.lower() >= low - slack && e.upper() <= high + slack, "interval of " + e);
            double ess = e.effectiveSampleSize().getAsDouble();
            assertTrue(ess > 0 && ess <= n + 1e-9, "ESS " + ess);
          }
        });
  }

  @Test
  void sessionLevelSelfNormalisedEstimatesLieWithinTheObservedReturns() {
    qt().withFixedSeed(23L).withExamples(200)
        .forAll(Generate.range(1, 30), Generate.range(1, 40), Gens.seeds(), doubles().between(1e-3, 50))
        .checkAssert((n, horizon, seed, cap) -> {
          Log log = log(n, horizon, seed, 0);
          WeightedEpisodes d = WeightedEpisodes.of(log.episodes(), log.target(), 1.0);
          double low = Double.POSITIVE_INFINITY;
          double high = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < n; i++) {
            low = Math.min(low, d.episodeReturn(i));
            high = Math.max(high, d.episodeReturn(i));
          }
          double slack = 1e-9 * (1 + Math.abs(low) + Math.abs(high));
          for (Estimate e : List.of(NormalisedCappedImportanceSampling.weighted().estimate(d, BOOTSTRAP),
              new NormalisedCappedImportanceSampling(cap).estimate(d, BOOTSTRAP))) {
            assertTrue(e.value() >= low - slack && e.value() <= high + slack, e + " outside [" + low + ", " + high + "]");
            assertTrue(e.lower() >= low - slack && e.upper() <= high + slack, "interval of " + e);
            double ess = e.effectiveSampleSize().getAsDouble();
            assertTrue(ess >= 1 - 1e-9 && ess <= n + 1e-9, "ESS " + ess);
          }
        });
  }

  /**
   * Unbiasedness, exactly: on a two-step bandit with A arms (actions -1 + 2a / (A - 1), step
   * rewards r_t(a), behaviour and target probabilities mu_t(a) and pi_t(a)), the expectation of an
   * estimator over every possible one-session log, each weighted by its probability mu_0(a_0)
   * mu_1(a_1), is computed by enumeration; per-decision and trajectory importance sampling must
   * both equal the target's value {@code sum_a pi_0(a) r_0(a) + gamma sum_a pi_1(a) r_1(a)}.
   */
  @Test
  void perDecisionAndTrajectoryImportanceSamplingAreUnbiasedOnABandit() {
    qt().withFixedSeed(24L).withExamples(150)
        .forAll(Generate.range(2, 6), Gens.seeds(), doubles().between(0, 1))
        .checkAssert((arms, seed, gamma) -> {
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          double[][] mu = {probabilities(rng, arms), probabilities(rng, arms)};
          double[][] pi = {probabilities(rng, arms), probabilities(rng, arms)};
          double[][] r = new double[2][arms];
          for (int t = 0; t < 2; t++) {
            for (int a = 0; a < arms; a++) {
              r[t][a] = 10 * (rng.nextDouble() - 0.5);
            }
          }
          double truth = 0;
          for (int a = 0; a < arms; a++) {
            truth += pi[0][a] * r[0][a] + gamma * pi[1][a] * r[1][a];
          }
          TargetPolicy target = new TargetPolicy() {
            @Override
            public double[] densities(float[][] states, float[][] actions) {
              double[] out = new double[states.length];
              for (int k = 0; k < out.length; k++) {
                out[k] = pi[(int) states[k][0]][arm(actions[k][0], arms)];
              }
              return out;
            }

            @Override
            public String describe() {
              return "bandit target";
            }
          };
          double expectedPdis = 0;
          double expectedIs = 0;
          for (int a0 = 0; a0 < arms; a0++) {
            for (int a1 = 0; a1 < arms; a1++) {
              Episode e = new Episode(0, new float[][] {{0}, {1}}, new float[][] {{action(a0, arms)}, {action(a1, arms)}},
                  new double[] {r[0][a0], r[1][a1]}, new double[] {mu[0][a0], mu[1][a1]}, true);
              WeightedEpisodes d = WeightedEpisodes.of(List.of(e), target, gamma);
              double p = mu[0][a0] * mu[1][a1];
              expectedPdis += p * new PerDecisionImportanceSampling().estimate(d, BOOTSTRAP).value();
              expectedIs += p * new ImportanceSampling().estimate(d, BOOTSTRAP).value();
            }
          }
          assertEquals(truth, expectedPdis, 1e-9 * (1 + Math.abs(truth)), "per-decision IS");
          assertEquals(truth, expectedIs, 1e-9 * (1 + Math.abs(truth)), "trajectory IS");
        });
  }

  private static double[] probabilities(Xoshiro256StarStar rng, int arms) {
    double[] p = new double[arms];
    double sum = 0;
    for (int a = 0; a < arms; a++) {
      p[a] = 0.05 + rng.nextDouble();
      sum += p[a];
    }
    for (int a = 0; a < arms; a++) {
      p[a] /= sum;
    }
    return p;
  }

  private static float action(int arm, int arms) {
    return -1f + 2f * arm / (arms - 1);
  }

  private static int arm(float action, int arms) {
    return Math.round((action + 1f) * (arms - 1) / 2f);
  }

  /**
   * The smoothing rule: smoothed with the logger's own noise (k = 1), the logger's centre has
   * importance ratio exactly 1 at every action it logs (Gaussian and box loggers, any width, any
   * centre, clipped actions included); for a Gaussian logger and any other k the expected log ratio
   * per dimension (away from the bounds) is {@code -ln k - 1 / (2 k^2) + 1/2 < 0}, checked by
   * quadrature, which is why a kernel narrower or wider than the logging noise makes long sessions'
   * weights vanish.
   */
  @Test
  void theSmoothingRuleGivesTheLoggersCentreRatioOneAndOtherWidthsLoseWeight() {
    qt().withFixedSeed(25L).withExamples(200)
        .forAll(doubles().between(0.01, 0.5), doubles().between(-1, 1), Gens.seeds(), doubles().between(0.3, 3))
        .checkAssert((width, centre, seed, k) -> {
          ActionBounds bounds = ActionBounds.symmetric(1);
          float[] c = {centre.floatValue()};
          DeterministicPolicy centrePolicy = s -> Tensor.of(repeat(c[0], s.dim(0)), s.dim(0), 1);
          Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
          for (ExplorationPolicy logger : List.of(new GaussianNoisePolicy(bounds, width),
              new BoxExplorationPolicy(bounds, -width, 0.5 * width))) {
            TargetPolicy smoothed = MatchedSmoothing.LOGGING.smooth(centrePolicy, logger);
            for (int t = 0; t < 20; t++) {
              ExploredAction a = logger.sample(c, rng);
              assertEquals(a.density(), smoothed.densities(new float[][] {{0}}, new float[][] {a.action()})[0], 0.0,
                  logger.describe() + " at " + a.action()[0]);
            }
          }
          // E_mu[ln rho] for N(0, 1) logging and an N(0, k^2) kernel, by the trapezoid rule on [-12, 12]
          double expected = 0;
          int steps = 24_000;
          double h = 24.0 / steps;
          for (int i = 0; i <= steps; i++) {
            double x = -12 + i * h;
            double logRatio = -Math.log(k) - x * x / (2 * k * k) + x * x / 2;
            double density = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
            expected += (i == 0 || i == steps ? 0.5 : 1) * h * density * logRatio;
          }
          double closedForm = -Math.log(k) - 1 / (2 * k * k) + 0.5;
          assertEquals(closedForm, expected, 1e-6);
          assertTrue(closedForm <= 0 && (Math.abs(k - 1) < 1e-3 || closedForm < 0), "k = " + k + ": " + closedForm);
        });
  }

  private static float[] repeat(float x, int n) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, x);
    return out;
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
