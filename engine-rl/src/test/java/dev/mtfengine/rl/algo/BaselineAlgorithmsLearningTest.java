package dev.mtfengine.rl.algo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.DType;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SAC, CQL+SAC and IQL, trained offline on action-noise data (the data the MTF paper trains its
 * baselines on), get within a stated tolerance of the known optimum of the bandit and the chain of
 * {@link ToyProblems}, like DDPG, TD3 and IntegratedRL in {@link LearningTest}. The measured values
 * are printed for the record (and quoted in the algorithms' doc pages).
 */
class BaselineAlgorithmsLearningTest {
  static final List<Integer> HIDDEN = LearningTest.HIDDEN;
  static final List<Integer> CHAIN_HIDDEN = LearningTest.CHAIN_HIDDEN;

  private static final UnaryOperator<float[]> ZERO = s -> new float[s.length == 2 ? 2 : 1];
  private static final UnaryOperator<float[]> CHAIN_BEHAVIOUR = s -> new float[] {ToyProblems.clip(-1.5 * s[0], -1, 1)};

  private static void train(OfflineAlgorithm algo, Object cfg, TransitionSet data, int iterations) {
    new Trainer(algo, cfg, data, new Trainer.Config(iterations, 128, 0, 0, 500, 7, DType.F32), null, null, List.of()).run();
  }

  private static void report(String what, double value, double optimum, double behaviour) {
    System.out.printf("learning test %-34s value %.4f  optimum %.4f  behaviour %.4f%n", what, value, optimum, behaviour);
  }

  /** Mean logged reward: the behaviour policy's value on the bandit. */
  private static double behaviourValue(TransitionSet data) {
    double s = 0;
    for (long i = 0; i < data.size(); i++) {
      s += data.reward(i);
    }
    return s / data.size();
  }

  private static TransitionSet bandit(long seed) {
    return ToyProblems.banditData(20_000, seed, ZERO, new GaussianNoisePolicy(ToyProblems.BANDIT_BOUNDS, 0.5));
  }

  private static TransitionSet chain(long seed) {
    return ToyProblems.chainData(4_000, seed, CHAIN_BEHAVIOUR, new GaussianNoisePolicy(ToyProblems.CHAIN_BOUNDS, 0.5));
  }

  private static double chainOptimum() {
    return ToyProblems.chainValue(ToyProblems.chainPolicy(s -> new float[] {ToyProblems.clip(-2 * s[0], -1, 1)}));
  }

  private static double chainBehaviour() {
    return ToyProblems.chainValue(ToyProblems.chainPolicy(CHAIN_BEHAVIOUR));
  }

  /**
   * SAC for the toy problems: the temperature starts at 0.1 and learns faster (3e-3) than the
   * paper's 1.0 and 3e-4, so it reaches its target entropy -|A| within the short runs here.
   */
  private static Sac.Config sacConfig(int s, int a, List<Integer> hidden, double gamma, long seed) {
    return sacConfig(s, a, hidden, gamma, -a, seed);
  }

  private static Sac.Config sacConfig(int s, int a, List<Integer> hidden, double gamma, double targetEntropy, long seed) {
    return new Sac.Config(s, a, hidden, gamma, 0.01, 1e-3, 1e-3, 3e-3, 0.1, true, targetEntropy, -20, 2, DType.F32, seed);
  }

  // ------------------------------------------------------------------------------------- SAC

  @Test
  void sacSolvesTheBandit() {
    TransitionSet data = bandit(21);
    Sac.Config cfg = sacConfig(2, 2, HIDDEN, 0.0, 22);
    Sac algo = new Sac(cfg);
    train(algo, cfg, data, 2_500);
    double v = ToyProblems.banditValue(algo);
    report("sac bandit", v, 1.0, behaviourValue(data));
    assertTrue(v > 0.98, "SAC bandit value " + v + " should be within 0.02 of the optimum 1");
  }

  /**
   * For |x| > 0.5 the chain's optimal action is the box edge -1 or +1. A tanh-squashed Gaussian
   * whose entropy is held at the paper's -|A| = -1 spreads over about 0.1 in action units, so its
   * mean stays visibly inside the edge (measured: -0.4947, 5.9% off the optimum); a target entropy
   * of -3 lets it concentrate there, as the problem asks.
   */
  @Test
  void sacSolvesTheChain() {
    TransitionSet data = chain(23);
    Sac.Config cfg = sacConfig(2, 1, CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, -3, 24);
    Sac algo = new Sac(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = chainOptimum();
    report("sac chain", v, opt, chainBehaviour());
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "SAC chain value " + v + " should be within 5% of the optimum " + opt);
  }

  // ------------------------------------------------------------------------------------- CQL

  /**
   * CQL with N = 2 sampled actions per proposal (10 in the paper) to keep the tests fast (the
   * regulariser's critic pass has 3N B rows), and a conservative weight matched to the toy rewards (the paper's 5.0 was tuned for D4RL's returns;
   * at the bandit's reward range of about 1 it would outweigh the reward differences, by design,
   * and pin the policy near the behaviour's mode).
   */
  private static CqlSac.Config cqlConfig(Sac.Config sac, int sampledActions, double weight) {
    return new CqlSac.Config(sac, sampledActions, weight, false, 10.0, 3e-4);
  }

  @Test
  void cqlSolvesTheBandit() {
    TransitionSet data = bandit(25);
    CqlSac.Config cfg = cqlConfig(sacConfig(2, 2, HIDDEN, 0.0, 26), 2, 0.1);
    CqlSac algo = new CqlSac(cfg);
    train(algo, cfg, data, 2_000);
    double v = ToyProblems.banditValue(algo);
    report("cql-sac bandit", v, 1.0, behaviourValue(data));
    assertTrue(v > 0.98, "CQL+SAC bandit value " + v + " should be within 0.02 of the optimum 1");
  }

  @Test
  void cqlSolvesTheChain() {
    TransitionSet data = chain(27);
    CqlSac.Config cfg = cqlConfig(sacConfig(2, 1, CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 28), 2, 0.5);
    CqlSac algo = new CqlSac(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = chainOptimum();
    report("cql-sac chain", v, opt, chainBehaviour());
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "CQL+SAC chain value " + v + " should be within 5% of the optimum " + opt);
  }

  // ------------------------------------------------------------------------------------- IQL

  private static Iql.Config iqlConfig(int s, int a, List<Integer> hidden, double gamma, double beta, long seed) {
    return new Iql.Config(s, a, hidden, gamma, 0.01, 0.7, beta, 100.0, 1e-3, 1e-3, 1e-3, -5, 2, DType.F32, seed);
  }

  /**
   * IQL's policy is the behaviour re-weighted by exp(beta A): with the bandit's behaviour N(0, 0.5^2)
   * and A = -(a - a*)^2 + c(s), the weighted Gaussian's mean is {@code 2 beta / (4 + 2 beta) a*}, so
   * at the paper's locomotion beta = 3 the fixed point is 0.6 a* with value {@code 1 - 0.16 E|a*|^2 =
   * 0.96}: IQL stays near the data by design. At beta = 10 (the paper's AntMaze value) the fixed
   * point is 0.83 a*, value 0.993, so the usual tolerance of 0.02 applies. The chain test uses
   * beta = 10 too: at beta = 3 IQL measured -0.4930 there, 5.6% off the optimum (the same
   * conservatism, not a failure to learn: it still beats the behaviour's -0.544).
   */
  @Test
  void iqlSolvesTheBandit() {
    TransitionSet data = bandit(29);
    Iql.Config cfg = iqlConfig(2, 2, HIDDEN, 0.0, 10.0, 30);
    Iql algo = new Iql(cfg);
    train(algo, cfg, data, 2_500);
    double v = ToyProblems.banditValue(algo);
    report("iql bandit (beta 10)", v, 1.0, behaviourValue(data));
    assertTrue(v > 0.98, "IQL bandit value " + v + " should be within 0.02 of the optimum 1");
  }

  @Test
  void iqlSolvesTheChain() {
    TransitionSet data = chain(31);
    Iql.Config cfg = iqlConfig(2, 1, CHAIN_HIDDEN, ToyProblems.CHAIN_GAMMA, 10.0, 32);
    Iql algo = new Iql(cfg);
    train(algo, cfg, data, 4_000);
    double v = ToyProblems.chainValue(algo::act);
    double opt = chainOptimum();
    double beh = chainBehaviour();
    report("iql chain (beta 10)", v, opt, beh);
    assertTrue(v >= opt - 0.05 * Math.abs(opt), "IQL chain value " + v + " should be within 5% of the optimum " + opt);
    assertTrue(v > beh, "IQL should improve on the behaviour policy " + beh);
  }
}
