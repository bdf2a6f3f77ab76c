package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each algorithm, trained offline on data from a noisy behaviour policy, gets within a stated
 * tolerance of the known optimum of a tiny problem. The measured values are printed for the
 * record.
 */
class LearningTest {
  /** Bandits are learned by small networks; the chain's value function needs a little more. */
  static final List<Integer> HIDDEN = List.of(32, 32);
  static final List<Integer> CHAIN_HIDDEN = List.of(64, 64);

  private static void train(OfflineAlgorithm algo, Object cfg, TransitionSet data, int iterations) {
    new Trainer(algo, cfg, data, new Trainer.Config(iterations, 128, 0, 0, 500, 7, DType.F32), null, null, List.of()).run();
  }

  private static void report(String what, double value, double optimum, double behaviour) {
    System.out.printf("learning test %-34s value %.4f  optimum %.4f  behaviour %.4f%n", what, value, optimum, behaviour);
  }

  // ------------------------------------------------------------------------------- bandit

  private static final UnaryOperator<float[]> ZERO = s -> new float[s.length == 2 ? 2 : 1];

  @Test
  void ddpgSolvesTheBandit() {
    TransitionSet data = ToyProblems.banditData(20_000, 1, ZERO, new GaussianNoisePolicy(ToyProblems.BANDIT_BOUNDS, 0.5));
    Ddpg.Config cfg = new Ddpg.Config(2, 2, HIDDEN, 0.0, 0.01, 1e-3, 1e-3, DType.F32, 3);
    Ddpg algo = new Ddpg(cfg);
    train(algo, cfg, data, 2_500);
    double v = ToyProblems.banditValue(algo);
    report("ddpg bandit", v, 1.0, behaviourValue(data));
    assertTrue(v > 0.98, "DDPG bandit value " + v + " should be within 0.02 of the optimum 1");
    double corr = ToyProblems.banditActionValueCorrelation(algo, ZERO, 0.5);
    report("ddpg bandit Q vs reward (corr)", corr, 1.0, Double.NaN);
    assertTrue(corr > 0.9, "DDPG's Q should track the reward where the data is: correlation " + corr);
  }

  @Test
  void td3SolvesTheBandit() {
    TransitionSet data = ToyProblems.banditData(20_000, 2, ZERO, new GaussianNoisePolicy(ToyProblems.BANDIT_BOUNDS, 0.5));
    Td3.Config cfg = new Td3.Config(2, 2, HIDDEN, 0.0, 0.01, 0.1, 0.2, 2, 1e-3, 1e-3, DType.F32, 4);
    Td3 algo = new Td3(cfg);
    train(algo, cfg, data, 3_000);
    double v = ToyProblems.banditValue(algo);
    report("td3 bandit", v, 1.0, behaviourValue(data));
    assertTrue(v > 0.98, "TD3 bandit value " + v + " should be within 0.02 of the optimum 1");
  }

  /** Baseline 0.2 off the optimum in each dimension; box +-0.3 contains the optimum. */
  private static final UnaryOperator<float[]> OFFSET_BASELINE = s -> {
    float[] o = ToyProblems.banditOptimum(s);
    return new float[] {ToyProblems.clip(o[0] + 0.2f, -1, 1), ToyProblems.clip(o[1] - 0.2f, -1, 1)};
  };

  private static IntegratedRl.Config integratedConfig(int s, int a, double gamma, long seed) {
    return new IntegratedRl.Config(s, a, HIDDEN, 4, IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY, IntegratedRl.BootstrapAction.TARGET_ACTOR, IntegratedRl.CriticForm.PAPER, List.of(),
        gamma, -0.3, 0.3, 0.3, 1.2, 1.2, 0.2, 1.0, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-3, 1e-3, DType.F32, seed);
  }

  @Test
  void integratedRlFindsTheOptimumInsideTheBox() {
    TransitionSet data = ToyProblems.banditData(20_000, 5, OFFSET_BASELINE,
        new BoxExplorationPolicy(ToyProblems.BANDIT_BOUNDS, -0.3, 0.3));
    IntegratedRl.Config cfg = integratedConfig(2, 2, 0.0, 6);
    IntegratedRl algo = new IntegratedRl(cfg);
    train(algo, cfg, data, 2_500);
    double v = ToyProblems.banditValue(algo);
    report("integrated-rl bandit", v, 1.0, 1 - 2 * 0.04);
    assertTrue(v > 0.98, "IntegratedRL bandit value " + v + " should be within 0.02 of the optimum 1 (baseline 0.92)");
    double corr = ToyProblems.banditActionValueCorrelation(algo, OFFSET_BASELINE, 0.3);
    report("integrated-rl bandit Q vs reward (corr)", corr, 1.0, Double.NaN);
    assertTrue(corr > 0.9, "IntegratedRL's critics should track the reward inside the box: correlation " + corr);
  }

  @Test
  void integratedRlActorStaysInTheBoxWhenCriticsPushOutward() {
    // r = a0 + a1 rewards leaving the box without limit; baseline 0, box +-0.15.
    TransitionSet base = ToyProblems.banditData(10_000, 8, ZERO, BoxExplorationPolicy.paperDefault(ToyProblems.BANDIT_BOUNDS));
    TransitionSet.Builder b = TransitionSet.builder(base.schema());
    for (long i = 0; i < base.size(); i++) {
      var t = base.get(i);
      b.add(new dev.mtfengine.rl.data.Transition(t.state(), t.action(), t.action()[0] + t.action()[1],
          t.rewardComponents(), t.nextState(), true, t.behaviourDensity(), t.baselineAction(), t.nextBaselineAction(),
          t.episodeId(), 0, 0));
    }
    TransitionSet data = b.build();
    IntegratedRl.Config cfg = new IntegratedRl.Config(2, 2, HIDDEN, 4, IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY, IntegratedRl.BootstrapAction.TARGET_ACTOR, IntegratedRl.CriticForm.PAPER,
        List.of(), 0.0, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, 1.0, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8, 0.08, 15, 1e-3, 1e-3, DType.F32, 9);
    IntegratedRl algo = new IntegratedRl(cfg);
    train(algo, cfg, data, 2_000);
    Tensor a = algo.act(Tensor.uniform(new dev.mtfengine.tensor.random.Xoshiro256StarStar(1), -1, 1, DType.F32, 500, 2));
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double v : a.toDoubleArray()) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    System.out.printf("learning test integrated-rl push-outward: actions in [%.4f, %.4f], box [-0.15, 0.15]%n", min, max);
    assertTrue(max <= 0.15 + 0.03, "the actor left the box: max action " + max);
    assertTrue(max >= 0.10, "the actor should move to the favoured edge of the box, max action " + max);

    Ddpg.Config dc = new Ddpg.Config(2, 2, HIDDEN, 0.0, 0.01, 1e-3, 1e-3, DType.F32, 9);
    Ddpg ddpg = new Ddpg(dc);
    train(ddpg, dc, data, 2_000);
    double ddpgMax = Ops1.max(ddpg.act(Tensor.uniform(new dev.mtfengine.tensor.random.Xoshiro256StarStar(1), -1, 1, DType.F32, 500, 2)));
    System.out.printf("learning test ddpg push-outward: max action %.4f (no box)%n", ddpgMax);
    assertTrue(ddpgMax > 0.5, "without the box penalty the critic pushes DDPG far outside: " + ddpgMax);
  }

  // -------------------------------------------------------------------------------- chain

  private static final UnaryOperator<float[]> CHAIN_BEHAVIOUR = s -> new float[] {ToyProblems.clip(-1.5 * s[0], -1, 1)};

  @Test
  void td3SolvesTheChain() {
    TransitionSet data = ToyProblems.chainData(4_000, 10, CHAIN_BEHAVIOUR, new GaussianNoisePolicy(ToyProblems.CHAIN_BOUNDS, 0.5));
    Td3.Config cfg = new Td3.Config(2, 1, CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 0.01, 0.1, 0.2, 2, 1e-3, 1e-3, DType.F32, 11);
    Td3 algo = new Td3(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = ToyProblems.chainValue(ToyProblems.chainPolicy(s -> new float[] {ToyProblems.clip(-2 * s[0], -1, 1)}));
    double beh = ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR));
    report("td3 chain", v, opt, beh);
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "TD3 chain value " + v + " should be within 5% of the optimum " + opt);
  }

  @Test
  void ddpgSolvesTheChain() {
    TransitionSet data = ToyProblems.chainData(4_000, 12, CHAIN_BEHAVIOUR, new GaussianNoisePolicy(ToyProblems.CHAIN_BOUNDS, 0.5));
    Ddpg.Config cfg = new Ddpg.Config(2, 1, CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 0.01, 1e-3, 1e-3, DType.F32, 13);
    Ddpg algo = new Ddpg(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = ToyProblems.chainValue(ToyProblems.chainPolicy(s -> new float[] {ToyProblems.clip(-2 * s[0], -1, 1)}));
    report("ddpg chain", v, opt, ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR)));
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "DDPG chain value " + v + " should be within 5% of the optimum " + opt);
  }

  @Test
  void integratedRlSolvesTheChainInsideTheBox() {
    TransitionSet data = ToyProblems.chainData(4_000, 14, CHAIN_BEHAVIOUR, new BoxExplorationPolicy(ToyProblems.CHAIN_BOUNDS, -0.3, 0.3));
    IntegratedRl.Config cfg = integratedConfig(2, 1, ToyProblems.CHAIN_GAMMA, 15).withNetworks(CHAIN_HIDDEN, 4);
    IntegratedRl algo = new IntegratedRl(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    // The best policy inside the box: the greedy move clipped to baseline +- 0.3.
    double opt = ToyProblems.chainValue(ToyProblems.chainPolicy(s -> {
      float mu = CHAIN_BEHAVIOUR.apply(s)[0];
      return new float[] {ToyProblems.clip(ToyProblems.clip(-2 * s[0], mu - 0.3, mu + 0.3), -1, 1)};
    }));
    double beh = ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR));
    report("integrated-rl chain (box optimum)", v, opt, beh);
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "IntegratedRL chain value " + v + " should be within 5% of the box optimum " + opt);
    assertTrue(v > beh, "IntegratedRL should improve on its baseline " + beh);
  }

  private static double behaviourValue(TransitionSet data) {
    double s = 0;
    for (long i = 0; i < data.size(); i++) {
      s += data.reward(i);
    }
    return s / data.size();
  }

  /** Small helpers on tensors for assertions. */
  static final class Ops1 {
    static double max(Tensor t) {
      double m = Double.NEGATIVE_INFINITY;
      for (double v : t.toDoubleArray()) {
        m = Math.max(m, v);
      }
      return m;
    }
  }
}
