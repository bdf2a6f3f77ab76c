package dev.mtfengine.mtf.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.fusion.TopL;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.NormalisationStats;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.rl.net.GaussianActor;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionPolicyTest {
  /** The simulator's default action space: log-linear over 4 heads, K = 4. */
  static final FusionRanker LOG_LINEAR = FusionSpec.defaults().ranker();
  /** Eq. 1 over the same heads, K = 8: exercises a formula whose action has two blocks. */
  static final FusionRanker POWER_BIAS = FusionSpec.powerBias(2.0, 0.5).ranker();
  static final int HEADS = FusionSpec.HEADS.size();

  static float[] features(Xoshiro256StarStar rng, int s) {
    float[] x = new float[s];
    for (int j = 0; j < s; j++) {
      x[j] = (float) (2 * rng.nextGaussian());
    }
    return x;
  }

  static float[][] candidates(Xoshiro256StarStar rng, int n) {
    float[][] c = new float[n][HEADS];
    for (float[] row : c) {
      for (int k = 0; k < HEADS; k++) {
        row[k] = (float) rng.nextDouble();
      }
    }
    return c;
  }

  static double[] flat(float[][] c) {
    double[] out = new double[c.length * HEADS];
    for (int i = 0; i < c.length; i++) {
      for (int k = 0; k < HEADS; k++) {
        out[i * HEADS + k] = c[i][k];
      }
    }
    return out;
  }

  @Test
  void actorForwardEqualsDeterministicActorAct() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(7);
    for (DType dtype : DType.values()) {
      DeterministicActor actor = new DeterministicActor(12, 8, List.of(32, 24));
      Params params = actor.init(rng, dtype);
      double[] mean = new double[12];
      double[] std = new double[12];
      for (int j = 0; j < 12; j++) {
        mean[j] = rng.nextGaussian();
        std[j] = 0.5 + rng.nextDouble();
      }
      NormalisationStats stats = new NormalisationStats(mean, std, 0, 1);
      for (NormalisationStats st : Arrays.asList(null, stats)) {
        FusionPolicy policy = FusionPolicy.of(actor, params, st, POWER_BIAS);
        for (int r = 0; r < 20; r++) {
          float[] x = features(rng, 12);
          Tensor state = Tensor.of(new float[][] {x}).to(dtype);
          if (st != null) {
            state = st.normaliseState(state);
          }
          double[] expected = actor.act(params, state).toDoubleArray();
          double[] got = policy.decide(x, candidates(rng, 5)).action();
          assertEquals(8, got.length);
          for (int j = 0; j < 8; j++) {
            assertEquals(expected[j], got[j], 1e-6, dtype + " stats=" + (st != null) + " row " + r + " dim " + j);
          }
          if (dtype == DType.F32) {
            // same operations in the same order as the tensor path: bit-identical
            assertArrayEquals(expected, got, dtype + " stats=" + (st != null) + " row " + r);
          }
        }
      }
    }
  }

  @Test
  void rankingEqualsFusionRankerAndTopLOnTheSameAction() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(11);
    for (FusionRanker ranker : List.of(LOG_LINEAR, POWER_BIAS)) {
      DeterministicActor actor = new DeterministicActor(6, ranker.actionDimension(), List.of(16, 16));
      FusionPolicy policy = FusionPolicy.of(actor, actor.init(rng, DType.F32), null, ranker);
      for (int r = 0; r < 30; r++) {
        int n = 1 + (int) (rng.nextDouble() * 60);
        float[][] c = candidates(rng, n);
        if (n > 3) {
          c[n - 1] = c[1].clone(); // an exact tie: the lower index must come first
        }
        Decision d = policy.decide(features(rng, 6), c);
        double[] heads = flat(c);
        assertArrayEquals(ranker.actionMap().toRaw(d.action()), d.rawParameters());
        assertArrayEquals(ranker.formula().scoreAll(heads, n, d.rawParameters()), d.fusedScores());
        int slate = Math.min(6, n);
        assertArrayEquals(ranker.slate(d.action(), heads, n, slate), d.topL(slate));
        assertArrayEquals(TopL.select(d.fusedScores(), n, n), d.ranking(), "full ranking, request " + r);
        float[] flatF = new float[n * HEADS];
        for (int i = 0; i < n; i++) {
          System.arraycopy(c[i], 0, flatF, i * HEADS, HEADS);
        }
        Decision viaFlat = policy.decide(features(new Xoshiro256StarStar(r), 6), flatF);
        Decision viaRows = policy.decide(features(new Xoshiro256StarStar(r), 6), c);
        assertArrayEquals(viaRows.ranking(), viaFlat.ranking());
      }
    }
  }

  @Test
  void rankKeepsEqualScoresInIndexOrder() {
    double[] scores = {0.5, 1.0, 0.5, -0.0, 1.0, 0.0, 0.5};
    assertArrayEquals(new int[] {1, 4, 0, 2, 6, 3, 5}, FusionPolicy.rank(scores, scores.length));
    assertArrayEquals(TopL.select(scores, scores.length, scores.length), FusionPolicy.rank(scores, scores.length));
  }

  static final TransitionSchema SCHEMA =
      new TransitionSchema(5, ActionBounds.symmetric(4), List.of("watch", "like"));

  static TransitionSet data(int n) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA);
    for (int i = 0; i < n; i++) {
      float[] s = features(rng, 5);
      float[] a = new float[4];
      for (int j = 0; j < 4; j++) {
        a[j] = (float) (rng.nextDouble() * 2 - 1);
      }
      float[] mu = new float[4];
      b.add(new Transition(s, a, (float) rng.nextGaussian(), new float[] {1f, (float) rng.nextDouble()}, s,
          i % 5 == 4, 1.0, mu, mu, i / 5, i % 5, 0));
    }
    return b.build();
  }

  /** Trains IntegratedRl for 2 iterations and checkpoints it; returns the checkpoint directory. */
  static Path trainedCheckpoint(Path run, IntegratedRl[] learner) {
    IntegratedRl.Config d = IntegratedRl.Config.paperDefaults(5, 4);
    IntegratedRl.Config cfg = d.withNetworks(List.of(8, 8), 2).withShared(List.of(8, 8), d.gamma(), 42);
    IntegratedRl algo = new IntegratedRl(cfg);
    new Trainer(algo, cfg, data(64), new Trainer.Config(2, 16, 0, 0, 5, 9, DType.F32), null, run, List.of()).run();
    learner[0] = algo;
    Path ckpt = run.resolve(Checkpoint.name(2));
    assertTrue(Files.exists(ckpt.resolve("checkpoint.json")), "the trainer wrote " + ckpt);
    return ckpt;
  }

  @Test
  void loadsARealCheckpointAndRefusesDamagedOrForeignOnes(@TempDir Path dir) throws IOException {
    IntegratedRl[] learner = new IntegratedRl[1];
    Path ckpt = trainedCheckpoint(dir.resolve("run"), learner);
    Params actorParams = learner[0].state().params().get("actor");
    DeterministicActor actor = new DeterministicActor(5, 4, List.of(8, 8));

    Path statsFile = dir.resolve("stats.json");
    NormalisationStats stats = NormalisationStats.of(data(64));
    stats.save(statsFile);
    FusionPolicy loaded = FusionPolicy.load(ckpt, statsFile, LOG_LINEAR);
    FusionPolicy inMemory = FusionPolicy.of(actor, actorParams, stats, LOG_LINEAR);
    assertEquals(5, loaded.stateDim());
    assertEquals(4, loaded.actionDim());
    Xoshiro256StarStar rng = new Xoshiro256StarStar(5);
    for (int r = 0; r < 10; r++) {
      float[] x = features(rng, 5);
      float[][] c = candidates(rng, 40);
      Decision a = loaded.decide(x, c);
      Decision b = inMemory.decide(x, c);
      assertArrayEquals(b.action(), a.action());
      assertArrayEquals(b.ranking(), a.ranking());
    }

    // the actor outputs 4 dimensions, Eq. 1 over 4 heads needs 8
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(ckpt, POWER_BIAS));
    assertTrue(e.getMessage().contains("4 action dimensions") && e.getMessage().contains("needs 8"), e.getMessage());

    // a foreign checkpoint: parameter sets, but no actor
    Path foreign = Checkpoint.write(dir.resolve("foreign"), "critic-only", Map.of("stateDim", 5, "actionDim", 4,
        "hidden", List.of(8, 8)), new AlgorithmState(Map.of("critic", actorParams), Map.of(), 1, new long[0]),
        new long[0], "none");
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(foreign, LOG_LINEAR));
    assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("no 'actor'"), e.getMessage());

    // an actor whose shapes are not the config's
    Path wrongShape = Checkpoint.write(dir.resolve("wrong-shape"), "integrated-rl", Map.of("stateDim", 6,
        "actionDim", 4, "hidden", List.of(8, 8)), new AlgorithmState(Map.of("actor", actorParams), Map.of(), 1,
        new long[0]), new long[0], "none");
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(wrongShape, LOG_LINEAR));
    assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("layer0.weight")
        && e.getMessage().contains("[5, 8]") && e.getMessage().contains("[6, 8]"), e.getMessage());

    // a stochastic (SAC/IQL) actor: same config fields, but its last layer outputs mean and log-std
    Params gaussian = new GaussianActor(5, 4, List.of(8, 8), -5, 2).init(new Xoshiro256StarStar(9), DType.F32);
    Path sac = Checkpoint.write(dir.resolve("sac"), "sac", Map.of("stateDim", 5, "actionDim", 4,
        "hidden", List.of(8, 8)), new AlgorithmState(Map.of("actor", gaussian), Map.of(), 1, new long[0]),
        new long[0], "none");
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(sac, LOG_LINEAR));
    assertTrue(e.getMessage().contains("algorithm 'sac'") && e.getMessage().contains("layer2.weight")
        && e.getMessage().contains("[8, 8]") && e.getMessage().contains("[8, 4]"), e.getMessage());

    // a config without the actor's sizes
    Path noSizes = Checkpoint.write(dir.resolve("no-sizes"), "something", Map.of("gamma", 0.9),
        new AlgorithmState(Map.of("actor", actorParams), Map.of(), 1, new long[0]), new long[0], "none");
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(noSizes, LOG_LINEAR));
    assertTrue(e.getMessage().contains("checkpoint.json") && e.getMessage().contains("stateDim"), e.getMessage());

    // statistics of another state width
    Path otherStats = dir.resolve("other-stats.json");
    new NormalisationStats(new double[3], new double[] {1, 1, 1}, 0, 1).save(otherStats);
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(ckpt, otherStats, LOG_LINEAR));
    assertTrue(e.getMessage().contains("3 state features"), e.getMessage());

    // truncated weights
    Path weights = ckpt.resolve("weights.safetensors");
    byte[] w = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(w, w.length / 2));
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(ckpt, LOG_LINEAR));
    assertTrue(e.getMessage().contains("weights.safetensors"), e.getMessage());

    // not a checkpoint at all
    e = assertThrows(IllegalArgumentException.class, () -> FusionPolicy.load(dir, LOG_LINEAR));
    assertTrue(e.getMessage().contains("checkpoint.json"), e.getMessage());
  }

  @Test
  void concurrentCallsGiveTheSameDecisionsAsSequentialOnes() throws Exception {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(13);
    DeterministicActor actor = new DeterministicActor(16, 8, List.of(32, 32));
    FusionPolicy policy = FusionPolicy.of(actor, actor.init(rng, DType.F32), null, POWER_BIAS);
    int requests = 64;
    List<float[]> xs = new ArrayList<>();
    List<float[][]> cs = new ArrayList<>();
    List<Decision> sequential = new ArrayList<>();
    for (int r = 0; r < requests; r++) {
      xs.add(features(rng, 16));
      cs.add(candidates(rng, 200));
      sequential.add(policy.decide(xs.get(r), cs.get(r)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          for (int rep = 0; rep < 5; rep++) {
            for (int q = 0; q < requests; q++) {
              int r = (q + offset * 17) % requests;
              Decision d = policy.decide(xs.get(r), cs.get(r));
              if (!Arrays.equals(d.action(), sequential.get(r).action())
                  || !Arrays.equals(d.ranking(), sequential.get(r).ranking())
                  || !Arrays.equals(d.fusedScores(), sequential.get(r).fusedScores())) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get(), "a concurrent decision differed from the sequential one");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidInputsAreRefusedWithClearMessages() {
    DeterministicActor actor = new DeterministicActor(3, 4, List.of(8));
    FusionPolicy policy = FusionPolicy.of(actor, actor.init(new Xoshiro256StarStar(1), DType.F32), null, LOG_LINEAR);
    float[] x = {0.1f, 0.2f, 0.3f};
    float[][] ok = {{0.1f, 0.2f, 0.3f, 0.4f}, {0f, 1f, 0.5f, 0.5f}};
    assertEquals(2, policy.decide(x, ok).candidateCount());

    assertMessage("userFeatures has length 2, the actor takes stateDim = 3", () -> policy.decide(new float[2], ok));
    assertMessage("userFeatures[1] is NaN", () -> policy.decide(new float[] {0f, Float.NaN, 0f}, ok));
    assertMessage("userFeatures[2] is Infinity", () -> policy.decide(new float[] {0f, 0f, Float.POSITIVE_INFINITY}, ok));
    assertMessage("no candidates", () -> policy.decide(x, new float[0][]));
    assertMessage("candidateScores[1] has 3 predictions", () -> policy.decide(x, new float[][] {ok[0], {0f, 0f, 0f}}));
    assertMessage("candidateScores[0][2] = NaN is NaN", () -> policy.decide(x, new float[][] {{0f, 0f, Float.NaN, 0f}}));
    assertMessage("candidateScores[1][3] = 1.5 is outside [0, 1]", () -> policy.decide(x, new float[][] {ok[0], {0f, 0f, 0f, 1.5f}}));
    assertMessage("candidateScores[0][0] = -0.1 is outside [0, 1]", () -> policy.decide(x, new float[] {-0.1f, 0f, 0f, 0f}));
    assertMessage("flat candidateScores has length 6, expected a positive multiple of 4", () -> policy.decide(x, new float[6]));
    assertMessage("slate size 3 must be in [1, 2]", () -> policy.decide(x, ok).topL(3));

    // parameters of another actor
    DeterministicActor other = new DeterministicActor(3, 4, List.of(9));
    assertMessage("'layer0.weight' has shape [3, 8], the config's actor (widths [3, 9, 4]) needs [3, 9]",
        () -> FusionPolicy.of(other, actor.init(new Xoshiro256StarStar(1), DType.F32), null, LOG_LINEAR));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
