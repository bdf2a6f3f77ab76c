package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/**
 * The expected-termination model's loss (docs/algorithms/experiment.md, decision 16): {@code
 * mean(softplus(f) - d f)} is the binary cross-entropy of sigmoid(f) against d, in value and in
 * gradient ({@code (sigmoid(f) - d) / B}); it is never below the entropy of d, which it reaches at
 * {@code f = logit(d)}, so the fitted probability is the termination rate.
 */
class TerminationCrossEntropyPropertyTest {

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void itIsTheCrossEntropyOfTheSigmoidInValueAndGradient() {
    qt().withFixedSeed(31L).withExamples(200).forAll(Generate.longRange(0, Long.MAX_VALUE), Generate.range(1, 200))
        .checkAssert((seed, n) -> {
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          double scale = Math.exp(5 * r.nextDouble() - 2);
          double[] f = new double[n];
          double[] d = new double[n];
          double expected = 0;
          for (int i = 0; i < n; i++) {
            f[i] = scale * r.nextGaussian();
            d[i] = r.nextDouble() < 0.5 ? (r.nextDouble() < 0.3 ? 1 : 0) : r.nextDouble(); // flags and estimates
            double p = sigmoid(f[i]);
            // -d log p - (1 - d) log(1 - p), written without cancellation for large |f|
            expected += (d[i] * Math.log1p(Math.exp(-f[i])) + (1 - d[i]) * Math.log1p(Math.exp(f[i]))) / n;
          }
          Tape tape = new Tape();
          Tensor logits = tape.watch(Tensor.of(f, n, 1));
          Tensor loss = ExpectedTermination.crossEntropy(logits, Tensor.of(d, n, 1));
          assertEquals(expected, loss.item(), 1e-12 * (1 + Math.abs(expected)));
          Tensor g = tape.backward(loss, logits).of(logits);
          for (int i = 0; i < n; i++) {
            assertEquals((sigmoid(f[i]) - d[i]) / n, g.getDouble(i), 1e-13);
          }
        });
  }

  @Test
  void itIsSmallestAtTheLogitOfTheRate() {
    qt().withFixedSeed(32L).withExamples(200).forAll(Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert(seed -> {
          Xoshiro256StarStar r = new Xoshiro256StarStar(seed);
          double rate = 0.01 + 0.98 * r.nextDouble();
          Tensor d = Tensor.of(new double[] {rate}, 1, 1);
          double atLogit = ExpectedTermination.crossEntropy(
              Tensor.of(new double[] {Math.log(rate / (1 - rate))}, 1, 1), d).item();
          double entropy = -rate * Math.log(rate) - (1 - rate) * Math.log(1 - rate);
          assertEquals(entropy, atLogit, 1e-12);
          double elsewhere = ExpectedTermination.crossEntropy(
              Tensor.of(new double[] {Math.log(rate / (1 - rate)) + 4 * r.nextGaussian()}, 1, 1), d).item();
          assertTrue(elsewhere >= atLogit - 1e-12, elsewhere + " < " + atLogit);
        });
  }

  @Test
  void f32AgreesWithF64() {
    Xoshiro256StarStar r = new Xoshiro256StarStar(33);
    double[] f = new double[64];
    double[] d = new double[64];
    for (int i = 0; i < 64; i++) {
      f[i] = 3 * r.nextGaussian();
      d[i] = r.nextDouble() < 0.2 ? 1 : 0;
    }
    double l64 = ExpectedTermination.crossEntropy(Tensor.of(f, 64, 1), Tensor.of(d, 64, 1)).item();
    double l32 = ExpectedTermination.crossEntropy(Tensor.of(f, 64, 1).to(DType.F32), Tensor.of(d, 64, 1).to(DType.F32))
        .item();
    assertEquals(l64, l32, 1e-5 * (1 + l64));
  }
}
