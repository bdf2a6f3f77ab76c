package dev.mtfengine.mtf.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the fusion families, over many seeded random candidate sets. */
class FusionFormulaTest {
  private static final List<String> HEADS = List.of("click", "long_view", "like", "share");
  private static final int M = HEADS.size();

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  /** Heads in [0.001, 1): shape [n, 4]. */
  private static double[] randomHeads(Xoshiro256StarStar rng, int n) {
    double[] heads = new double[n * M];
    for (int i = 0; i < heads.length; i++) {
      heads[i] = 0.001 + 0.999 * rng.nextDouble();
    }
    return heads;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void productAndItsLogFormRankIdentically(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    int n = 40;
    double[] heads = randomHeads(rng, n);
    double[] params = new double[2 * M];
    for (int k = 0; k < M; k++) {
      params[k] = 2.0 * rng.nextDouble(); // power in [0, 2)
      params[M + k] = 0.5 * rng.nextDouble(); // bias in [0, 0.5)
    }
    PowerBiasProduct formula = new PowerBiasProduct(HEADS);
    double[] logScores = formula.scoreAll(heads, n, params);
    double[] product = new double[n];
    for (int i = 0; i < n; i++) {
      double value = 1.0;
      for (int k = 0; k < M; k++) {
        value *= Math.pow(heads[i * M + k] + params[M + k], params[k]); // Eq. 1 literally
      }
      product[i] = value;
      assertEquals(Math.log(value), logScores[i], 1e-9, "log of the product, candidate " + i);
    }
    assertArrayEquals(TopL.select(product, n, n), TopL.select(logScores, n, n),
        "full ranking of the product and of its log form");
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scoreIsMonotoneInEachHeadForPositiveWeights(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    double[] heads = randomHeads(rng, 1);
    double[] powerBias = new double[2 * M];
    double[] weights = new double[M];
    for (int k = 0; k < M; k++) {
      powerBias[k] = 0.05 + 2.0 * rng.nextDouble();
      powerBias[M + k] = 0.5 * rng.nextDouble();
      weights[k] = 0.05 + rng.nextDouble();
    }
    List<FusionFormula> formulas = List.of(new PowerBiasProduct(HEADS),
        new LogLinear(HEADS, new double[] {0.01, 0.01, 0.001, 0.0001}), new Linear(HEADS));
    List<double[]> parameters = List.of(powerBias, weights, weights);
    for (int f = 0; f < formulas.size(); f++) {
      FusionFormula formula = formulas.get(f);
      double before = formula.score(heads, 0, parameters.get(f));
      for (int k = 0; k < M; k++) {
        double[] raised = heads.clone();
        raised[k] = heads[k] + (1.0 - heads[k]) * (0.01 + 0.99 * rng.nextDouble());
        double after = formula.score(raised, 0, parameters.get(f));
        assertTrue(after > before,
            formula.name() + ": raising head " + HEADS.get(k) + " must raise the score");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void logLinearRankingIsInvariantToPositiveRescaling(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    int n = 40;
    double[] heads = randomHeads(rng, n);
    LogLinear formula = new LogLinear(HEADS, new double[] {0.01, 0.01, 0.001, 0.0001});
    double[] alpha = new double[M];
    for (int k = 0; k < M; k++) {
      alpha[k] = rng.nextDouble();
    }
    double c = StrictMath.exp(-3.0 + 6.0 * rng.nextDouble()); // c in (e^-3, e^3)
    double[] scaled = alpha.clone();
    for (int k = 0; k < M; k++) {
      scaled[k] *= c;
    }
    assertArrayEquals(TopL.select(formula.scoreAll(heads, n, alpha), n, n),
        TopL.select(formula.scoreAll(heads, n, scaled), n, n), "c = " + c);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void preparedScoresEqualDirectScoresBitForBit(long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    int n = 17;
    double[] heads = randomHeads(rng, n);
    List<FusionFormula> formulas = List.of(new PowerBiasProduct(HEADS),
        new LogLinear(HEADS, new double[] {0.01, 0.02, 0.001, 0.0001}), new Linear(HEADS));
    for (FusionFormula formula : formulas) {
      double[] params = new double[formula.parameterCount()];
      for (int k = 0; k < params.length; k++) {
        params[k] = rng.nextDouble();
      }
      double[] prepared = new double[n];
      formula.prepare(heads, n).scores(params, prepared);
      assertArrayEquals(formula.scoreAll(heads, n, params), prepared, 0.0, formula.name());
    }
  }

  @Test
  void zeroPowerIgnoresAZeroHead() {
    PowerBiasProduct formula = new PowerBiasProduct(HEADS);
    double[] heads = {0.5, 0.0, 0.2, 0.1};
    double[] params = {1, 0, 1, 1, 0, 0, 0, 0}; // power_long_view = 0, bias 0: 0 * ln 0 avoided
    assertEquals(Math.log(0.5) + Math.log(0.2) + Math.log(0.1), formula.score(heads, 0, params), 1e-12);
  }

  @Test
  void shapeErrorsNameTheFormula() {
    LogLinear formula = new LogLinear(HEADS, new double[] {0.01, 0.01, 0.01, 0.01});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> formula.scoreAll(new double[7], 2, new double[4]));
    assertTrue(e.getMessage().contains("log-linear"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> formula.scoreAll(new double[8], 2, new double[3]));
    assertTrue(e.getMessage().contains("alpha_click"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LogLinear(HEADS, new double[] {0.01, 0.0, 0.01, 0.01}));
  }

  @Test
  void nanScoreIsRejectedNamingTheCandidate() {
    Linear formula = new Linear(HEADS);
    double[] heads = {0.1, 0.2, 0.3, 0.4, Double.NaN, 0.2, 0.3, 0.4};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> formula.scoreAll(heads, 2, new double[] {1, 1, 1, 1}));
    assertTrue(e.getMessage().contains("candidate 1"), e.getMessage());
  }
}
