package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * TD3+BC on the tiny problems of {@link ToyProblems}, same data and tolerances as TD3 in {@link
 * LearningTest}. The behaviour-cloning term pulls the policy toward the logged actions, so the
 * policy stops short of the optimum by a predictable amount: on the bandit (gamma 0, mean|Q| about
 * 1, so lambda about alpha = 2.5) the actor minimises {@code 2.5 ||pi - a*||^2 + mean_A ||pi - 0||^2},
 * whose minimiser {@code pi = (5/6) a*} loses about {@code (1/6)^2 E||a*||^2 = 0.007} of value.
 */
class Td3BcLearningTest {

  private static void train(OfflineAlgorithm algo, Object cfg, TransitionSet data, int iterations) {
    new Trainer(algo, cfg, data, new Trainer.Config(iterations, 128, 0, 0, 500, 7, DType.F32), null, null, List.of()).run();
  }

  private static void report(String what, double value, double optimum, double behaviour) {
    System.out.printf("learning test %-34s value %.4f  optimum %.4f  behaviour %.4f%n", what, value, optimum, behaviour);
  }

  static double meanReward(TransitionSet data) {
    double s = 0;
    for (long i = 0; i < data.size(); i++) {
      s += data.reward(i);
    }
    return s / data.size();
  }

  private static final UnaryOperator<float[]> ZERO = s -> new float[2];

  /**
   * The best TD3+BC can do on the bandit: its actor's stationary point {@code pi = (5/6) a*(s)} (see the
   * class comment), valued exactly on {@link ToyProblems#banditValue}'s 2,000 states.
   */
  static double banditBehaviourCloningOptimum() {
    return ToyProblems.banditValue(new OfflineAlgorithm() {
      @Override
      public String name() {
        return "td3-bc stationary point";
      }

      @Override
      public java.util.Map<String, Double> update(dev.mtfengine.rl.data.Batch batch) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Tensor act(Tensor state) {
        int n = state.dim(0);
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
          float[] o = ToyProblems.banditOptimum(new float[] {(float) state.get(i, 0), (float) state.get(i, 1)});
          out[2 * i] = o[0] * 5f / 6f;
          out[2 * i + 1] = o[1] * 5f / 6f;
        }
        return Tensor.of(out, n, 2);
      }

      @Override
      public AlgorithmState state() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void restore(AlgorithmState state) {
        throw new UnsupportedOperationException();
      }
    });
  }

  /**
   * The unconstrained optimum is 1, but TD3+BC's own objective stops at about 0.993 by design; the
   * tolerance of {@link LearningTest} (0.02) is applied to that regularised optimum.
   */
  @Test
  void td3BcSolvesTheBanditUpToItsBehaviourCloningPull() {
    TransitionSet data = ToyProblems.banditData(20_000, 2, ZERO, new GaussianNoisePolicy(ToyProblems.BANDIT_BOUNDS, 0.5));
    Td3Bc.Config cfg = new Td3Bc.Config(2, 2, LearningTest.HIDDEN, 0.0, 0.01, 0.1, 0.2, 2, 2.5, 1e-3, 1e-3, DType.F32, 4);
    Td3Bc algo = new Td3Bc(cfg);
    train(algo, cfg, data, 3_000);
    double v = ToyProblems.banditValue(algo);
    double bcOptimum = banditBehaviourCloningOptimum();
    report("td3-bc bandit (BC optimum " + String.format("%.4f", bcOptimum) + ")", v, 1.0, meanReward(data));
    assertTrue(v > bcOptimum - 0.02, "TD3+BC bandit value " + v + " should be within 0.02 of its regularised optimum "
        + bcOptimum + " (unconstrained optimum 1)");
  }

  private static final UnaryOperator<float[]> CHAIN_BEHAVIOUR = s -> new float[] {ToyProblems.clip(-1.5 * s[0], -1, 1)};

  @Test
  void td3BcSolvesTheChain() {
    TransitionSet data = ToyProblems.chainData(4_000, 10, CHAIN_BEHAVIOUR, new GaussianNoisePolicy(ToyProblems.CHAIN_BOUNDS, 0.5));
    Td3Bc.Config cfg = new Td3Bc.Config(2, 1, LearningTest.CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 0.01, 0.1, 0.2, 2, 2.5,
        1e-3, 1e-3, DType.F32, 11);
    Td3Bc algo = new Td3Bc(cfg);
    train(algo, cfg, data, 3_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = ToyProblems.chainValue(ToyProblems.chainPolicy(s -> new float[] {ToyProblems.clip(-2 * s[0], -1, 1)}));
    double beh = ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR));
    report("td3-bc chain", v, opt, beh);
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "TD3+BC chain value " + v + " should be within 5% of the optimum " + opt);
  }
}
