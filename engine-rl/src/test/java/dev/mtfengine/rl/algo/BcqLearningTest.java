package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.DType;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * BCQ (BatchRL-MTF's settings except learning rates and network sizes, scaled to the tiny problems)
 * on {@link ToyProblems}. BCQ is confined to the support of the behaviour data by design: it can only
 * choose actions its VAE generates, each moved by at most rho. So the data here come from box
 * exploration ({@code U(-0.3, 0.3)} around a baseline, as in IntegratedRL's tests), and BCQ is
 * measured against the best policy inside that support: on the bandit the support contains the
 * optimum (value 1); on the chain the best in-support policy is the greedy move clipped to the box
 * around the baseline. The tolerances are those of {@link LearningTest}.
 */
class BcqLearningTest {

  private static void train(OfflineAlgorithm algo, Object cfg, TransitionSet data, int iterations) {
    new Trainer(algo, cfg, data, new Trainer.Config(iterations, 128, 0, 0, 500, 7, DType.F32), null, null, List.of()).run();
  }

  private static void report(String what, double value, double optimum, double behaviour) {
    System.out.printf("learning test %-34s value %.4f  optimum %.4f  behaviour %.4f%n", what, value, optimum, behaviour);
  }

  /** Small networks, learning rates 1e-3 for all three parts (the paper's 1e-4 is too slow for a short test). */
  private static Bcq.Config config(int s, int a, List<Integer> hidden, double gamma, long seed) {
    return new Bcq.Config(s, a, hidden, hidden, 2 * a, gamma, 0.05, 10, 0.15, 0.75, 10, 0.5, 0.5, -4, 15,
        1e-3, 1e-3, 1e-3, DType.F32, seed);
  }

  /** Baseline 0.2 off the optimum in each dimension; the box +-0.3 around it contains the optimum. */
  private static final UnaryOperator<float[]> OFFSET_BASELINE = s -> {
    float[] o = ToyProblems.banditOptimum(s);
    return new float[] {ToyProblems.clip(o[0] + 0.2f, -1, 1), ToyProblems.clip(o[1] - 0.2f, -1, 1)};
  };

  @Test
  void bcqFindsTheBestActionInsideTheDataSupport() {
    TransitionSet data = ToyProblems.banditData(20_000, 5, OFFSET_BASELINE,
        new BoxExplorationPolicy(ToyProblems.BANDIT_BOUNDS, -0.3, 0.3));
    Bcq.Config cfg = config(2, 2, LearningTest.HIDDEN, 0.0, 6);
    Bcq algo = new Bcq(cfg);
    train(algo, cfg, data, 2_000);
    double v = ToyProblems.banditValue(algo);
    report("bcq bandit (support optimum)", v, 1.0, Td3BcLearningTest.meanReward(data));
    assertTrue(v > 0.98, "BCQ bandit value " + v + " should be within 0.02 of the in-support optimum 1 (baseline 0.92)");
  }

  private static final UnaryOperator<float[]> CHAIN_BEHAVIOUR = s -> new float[] {ToyProblems.clip(-1.5 * s[0], -1, 1)};

  @Test
  void bcqSolvesTheChainInsideTheDataSupport() {
    TransitionSet data = ToyProblems.chainData(4_000, 14, CHAIN_BEHAVIOUR, new BoxExplorationPolicy(ToyProblems.CHAIN_BOUNDS, -0.3, 0.3));
    Bcq.Config cfg = config(2, 1, LearningTest.CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 15);
    Bcq algo = new Bcq(cfg);
    train(algo, cfg, data, 3_000);
    double v = ToyProblems.chainValue(algo::act);
    // The best policy inside the support: the greedy move clipped to baseline +- 0.3.
    double opt = ToyProblems.chainValue(ToyProblems.chainPolicy(s -> {
      float mu = CHAIN_BEHAVIOUR.apply(s)[0];
      return new float[] {ToyProblems.clip(ToyProblems.clip(-2 * s[0], mu - 0.3, mu + 0.3), -1, 1)};
    }));
    double beh = ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR));
    report("bcq chain (support optimum)", v, opt, beh);
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "BCQ chain value " + v + " should be within 5% of the in-support optimum " + opt);
    assertTrue(v > beh, "BCQ should improve on the behaviour policy " + beh);
  }
}
