package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden hashes: SHA-256 over the little-endian bytes of the first 1,000 transitions (episode,
 * request, type, s, bank, action, slate, feedback, reward, s', done) for a fixed seed. A change of
 * these hashes means every stored simulator result changed: update them only on purpose.
 */
class DeterminismTest {
  private static final long SEED = 20251122L;
  /** Banks are smaller than the defaults so the test is quick; the model is otherwise default. */
  private static final int BANKS = 50;

  /** Changed on purpose with the multiplicative default action map (experiment.md, decision 12). */
  static final String GOLDEN_ORACLE =
      "bd25dd0feb8630a7e6b7e9b16518caff8fdbac9c439d1ae6cc71543c559054f4";
  static final String GOLDEN_REALISTIC =
      "2e068f848d86f4e8998f1a4fb3c545bfb41ec694884be6876b3e2d7928421cca";
  /** The hashes from before decision 12: the affine map must still reproduce them bit for bit. */
  static final String GOLDEN_ORACLE_AFFINE =
      "daf8cf4128a4cf00d29979df467d77607162821316f9e97b0f75e8cdd206e702";
  static final String GOLDEN_REALISTIC_AFFINE =
      "8f4151e16d162a1dd0de6edfa301342ea0efb9f58826c1581046f923b39840c2";

  /** An observation-dependent policy, so observation features reach the hash through actions. */
  private static SessionPolicy featureDrivenPolicy(int k) {
    return obs -> {
      double[] f = obs.features();
      double[] a = new double[k];
      for (int j = 0; j < k; j++) {
        a[j] = StrictMath.tanh(f[j % f.length] - 0.5 * f[(j + 1) % f.length] + 0.1 * j);
      }
      return a;
    };
  }

  static List<Transition> firstTransitions(long seed, ObservationConfig observation, int count) {
    return firstTransitions(seed, observation, count, FusionSpec.MapKind.MULTIPLICATIVE);
  }

  static List<Transition> firstTransitions(long seed, ObservationConfig observation, int count,
      FusionSpec.MapKind map) {
    SimulatorParams params = SimulatorParams.defaults().withBanksPerType(BANKS);
    SessionSimulator sim = new SessionSimulator(params.withFusion(params.fusion().withMap(map)), seed);
    SessionPolicy policy = featureDrivenPolicy(sim.actionDimension());
    List<Transition> out = new ArrayList<>();
    for (long episode = 0; out.size() < count; episode++) {
      sim.runEpisode(policy, observation, episode, t -> {
        if (out.size() < count) {
          out.add(t);
        }
      });
    }
    return out;
  }

  static String hash(List<Transition> transitions) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Transition t : transitions) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * 4 + 8 * t.action().length
            + 4 * t.slate().length + t.feedback().length + 8 + 4 + 1).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(t.episode()).putInt(t.request()).putInt(t.userType())
            .putInt(t.satisfaction()).putInt(t.bank());
        for (double a : t.action()) {
          buf.putDouble(a);
        }
        for (int i : t.slate()) {
          buf.putInt(i);
        }
        buf.put(t.feedback());
        buf.putDouble(t.reward()).putInt(t.nextSatisfaction()).put((byte) (t.done() ? 1 : 0));
        digest.update(buf.array());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void goldenHashOracle() {
    String h = hash(firstTransitions(SEED, ObservationConfig.oracle(), 1000));
    System.out.println("oracle golden hash: " + h);
    assertEquals(GOLDEN_ORACLE, h);
  }

  @Test
  void goldenHashRealistic() {
    String h = hash(firstTransitions(SEED, ObservationConfig.realistic(), 1000));
    System.out.println("realistic golden hash: " + h);
    assertEquals(GOLDEN_REALISTIC, h);
  }

  @Test
  void theAffineMapReproducesTheHashesFromBeforeTheMultiplicativeMap() {
    assertEquals(GOLDEN_ORACLE_AFFINE,
        hash(firstTransitions(SEED, ObservationConfig.oracle(), 1000, FusionSpec.MapKind.AFFINE)));
    assertEquals(GOLDEN_REALISTIC_AFFINE,
        hash(firstTransitions(SEED, ObservationConfig.realistic(), 1000, FusionSpec.MapKind.AFFINE)));
  }

  @Test
  void sameSeedSameTransitionsOtherSeedOtherTransitions() {
    String a = hash(firstTransitions(SEED, ObservationConfig.realistic(), 1000));
    String b = hash(firstTransitions(SEED, ObservationConfig.realistic(), 1000));
    String c = hash(firstTransitions(SEED + 1, ObservationConfig.realistic(), 1000));
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void parallelMonteCarloEqualsSequential() {
    SessionSimulator sim =
        new SessionSimulator(SimulatorParams.defaults().withBanksPerType(BANKS), SEED);
    MonteCarloEvaluator mc = new MonteCarloEvaluator(sim);
    SessionPolicy policy = featureDrivenPolicy(sim.actionDimension());
    MonteCarloResult sequential = mc.evaluate(policy, ObservationConfig.realistic(), 7, 500, false);
    MonteCarloResult parallel = mc.evaluate(policy, ObservationConfig.realistic(), 7, 500, true);
    assertEquals(sequential, parallel);
  }
}
