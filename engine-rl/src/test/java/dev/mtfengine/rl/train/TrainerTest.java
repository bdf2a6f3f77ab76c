package dev.mtfengine.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.algo.Td3;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  static final TransitionSchema SCHEMA = new TransitionSchema(3, ActionBounds.symmetric(2), List.of("a", "b"));

  static TransitionSet data(long seed, int n) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA);
    for (int i = 0; i < n; i++) {
      float[] s = {(float) rng.nextGaussian(), (float) rng.nextGaussian(), (float) rng.nextGaussian()};
      float[] a = {(float) (rng.nextDouble() * 2 - 1), (float) (rng.nextDouble() * 2 - 1)};
      float[] mu = {0f, 0f};
      b.add(new Transition(s, a, (float) rng.nextGaussian(), new float[] {1f, (float) rng.nextDouble()}, s, i % 7 == 6,
          1.0, mu, mu, i / 7, i % 7, 0));
    }
    return b.build();
  }

  static IntegratedRl.Config integrated(IntegratedRl.CriticTarget target) {
    List<Double> w = target == IntegratedRl.CriticTarget.V6_PHI_SCALED ? List.of(1.0, 0.5) : List.of();
    return new IntegratedRl.Config(3, 2, List.of(16, 16), 3, target, IntegratedRl.BootstrapAction.TARGET_ACTOR, IntegratedRl.CriticForm.PAPER, w, 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 0.2, 1.0, 1.0, IntegratedRl.ActorUpdate.GRADIENT, 1e-8,
        0.08, 4, 1e-3, 1e-3, DType.F32, 42);
  }

  static Trainer.Config loop(long iterations, int checkpointEvery) {
    return new Trainer.Config(iterations, 32, 0, checkpointEvery, 5, 9, DType.F32);
  }

  @Test
  void resumingFromACheckpointIsBitIdenticalToAnUninterruptedRun(@TempDir Path dir) {
    TransitionSet d = data(1, 300);
    for (IntegratedRl.CriticTarget target : IntegratedRl.CriticTarget.values()) {
      IntegratedRl.Config cfg = integrated(target);
      IntegratedRl straight = new IntegratedRl(cfg);
      new Trainer(straight, cfg, d, loop(20, 0), null, null, List.of()).run();

      Path run = dir.resolve(target.name());
      IntegratedRl first = new IntegratedRl(cfg);
      new Trainer(first, cfg, d, loop(10, 10), null, run, List.of()).run();
      IntegratedRl resumed = new IntegratedRl(cfg);
      Trainer t = new Trainer(resumed, cfg, d, loop(20, 10), null, run, List.of());
      t.resumeFrom(Checkpoint.latest(run).orElseThrow());
      assertEquals(10, t.iteration());
      t.run();
      assertTrue(straight.state().bitEquals(resumed.state()), target + ": resumed run differs from the uninterrupted one");
    }
  }

  @Test
  void theLeastSquaresCriticsAndBothActorUpdatesResumeBitIdentically(@TempDir Path dir) {
    // five distinct states, so the closed-form critics accept them; resumed between two solves
    TransitionSchema schema = new TransitionSchema(3, ActionBounds.symmetric(2), List.of("a", "b"));
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3);
    TransitionSet.Builder b = TransitionSet.builder(schema);
    for (int i = 0; i < 300; i++) {
      float[] s = {i % 5, 0, 1};
      float[] next = {(i + 1) % 5, 0, 1};
      float[] a = {(float) (rng.nextDouble() * 0.3 - 0.15), (float) (rng.nextDouble() * 0.3 - 0.15)};
      float[] mu = {0f, 0f};
      b.add(new Transition(s, a, (float) rng.nextGaussian(), new float[] {1f, 0f}, next, i % 7 == 6, 1.0, mu, mu,
          i / 7, i % 7, 0));
    }
    TransitionSet d = b.build();
    for (IntegratedRl.ActorUpdate update : IntegratedRl.ActorUpdate.values()) {
      IntegratedRl.Config cfg = new IntegratedRl.Config(3, 2, List.of(16, 16), 3,
          IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY, IntegratedRl.BootstrapAction.BEHAVIOUR,
          IntegratedRl.CriticForm.LEAST_SQUARES, List.of(), 0.9, -0.15, 0.15, 0.3, 1.2, 1.2, 2, 1.0, 1.0, update,
          1e-8, 0.08, 4, 1e-3, 1e-3, DType.F32, 42);
      IntegratedRl straight = new IntegratedRl(cfg);
      new Trainer(straight, cfg, d, loop(20, 0), null, null, List.of()).run();
      Path run = dir.resolve(update.name());
      new Trainer(new IntegratedRl(cfg), cfg, d, loop(10, 10), null, run, List.of()).run();
      IntegratedRl resumed = new IntegratedRl(cfg);
      Trainer t = new Trainer(resumed, cfg, d, loop(20, 0), null, null, List.of());
      t.resumeFrom(Checkpoint.latest(run).orElseThrow());
      t.run();
      assertTrue(straight.state().bitEquals(resumed.state()), update + ": resumed run differs from the uninterrupted one");
    }
  }

  @Test
  void td3ResumeAlsoRestoresItsNoiseStream(@TempDir Path dir) {
    TransitionSet d = data(2, 200);
    Td3.Config cfg = new Td3.Config(3, 2, List.of(8), 0.9, 0.01, 0.2, 0.5, 2, 1e-3, 1e-3, DType.F32, 5);
    Td3 straight = new Td3(cfg);
    new Trainer(straight, cfg, d, loop(12, 0), null, null, List.of()).run();
    Td3 first = new Td3(cfg);
    new Trainer(first, cfg, d, loop(7, 7), null, dir, List.of()).run();
    Td3 resumed = new Td3(cfg);
    Trainer t = new Trainer(resumed, cfg, d, loop(12, 0), null, null, List.of());
    t.resumeFrom(dir.resolve(Checkpoint.name(7)));
    t.run();
    assertTrue(straight.state().bitEquals(resumed.state()));
  }

  @Test
  void mismatchedOrDamagedCheckpointsAreRefused(@TempDir Path dir) throws IOException {
    TransitionSet d = data(3, 100);
    IntegratedRl.Config cfg = integrated(IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY);
    new Trainer(new IntegratedRl(cfg), cfg, d, loop(4, 0), null, dir, List.of()).run();
    Path ckpt = dir.resolve(Checkpoint.name(4));
    assertTrue(Files.exists(ckpt.resolve("weights.safetensors")));

    IntegratedRl.Config other = cfg.withNetworks(List.of(16, 16), 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(new IntegratedRl(other), other, d, loop(8, 0), null, null, List.of()).resumeFrom(ckpt));
    assertTrue(e.getMessage().contains("config differs"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(new IntegratedRl(cfg), cfg, data(4, 100), loop(8, 0), null, null, List.of()).resumeFrom(ckpt));
    assertTrue(e.getMessage().contains("trained on data"), e.getMessage());

    Path weights = ckpt.resolve("weights.safetensors");
    byte[] w = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(w, w.length / 2));
    e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(new IntegratedRl(cfg), cfg, d, loop(8, 0), null, null, List.of()).resumeFrom(ckpt));
    assertTrue(e.getMessage().contains("weights.safetensors"), e.getMessage());

    Path meta = ckpt.resolve("checkpoint.json");
    Files.writeString(meta, "{\"format\": \"mtf-che");
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(ckpt));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  /** An algorithm whose loss becomes NaN at a chosen iteration. */
  static final class Diverging implements OfflineAlgorithm {
    private final int at;
    private long it;

    Diverging(int at) {
      this.at = at;
    }

    @Override
    public String name() {
      return "diverging";
    }

    @Override
    public Map<String, Double> update(Batch batch) {
      it++;
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("critic_loss", it == at ? Double.NaN : 1.0 / it);
      return m;
    }

    @Override
    public Tensor act(Tensor state) {
      return Tensor.zeros(DType.F32, state.dim(0), 2);
    }

    @Override
    public AlgorithmState state() {
      return new AlgorithmState(Map.of(), Map.of(), it, new long[0]);
    }

    @Override
    public void restore(AlgorithmState state) {
      it = state.iteration();
    }
  }

  @Test
  void aNanLossStopsTheRunNamingIterationLossAndValue() {
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(new Diverging(7), Map.of(), data(5, 50), loop(20, 0), null, null, List.of()).run());
    assertEquals(7, e.iteration());
    assertTrue(e.getMessage().equals("iteration 7: diverging critic_loss is NaN"), e.getMessage());
  }

  @Test
  void listenersReceiveMetricsEvaluationsAndFiles(@TempDir Path dir) throws IOException {
    TransitionSet d = data(6, 100);
    IntegratedRl.Config cfg = integrated(IntegratedRl.CriticTarget.V6_PHI_SCALED);
    List<Long> evaluated = new ArrayList<>();
    TrainingListener record = new TrainingListener() {
      @Override
      public void onEvaluation(long iteration, Map<String, Double> metrics) {
        evaluated.add(iteration);
      }
    };
    java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
    new Trainer(new IntegratedRl(cfg), cfg, d, new Trainer.Config(9, 16, 4, 0, 3, 1, DType.F32),
        a -> Map.of("value", 1.0), null,
        List.of(record, new MetricsCsvWriter(dir, 2), new MetricsJsonLinesWriter(dir, 3),
            new ProgressLine(new java.io.PrintStream(progress, true), "train", "critic_loss", 0))).run();
    assertEquals(List.of(4L, 8L, 9L), evaluated);
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals("iteration,critic_loss,actor_loss,q_mean,q_std,box_penalty,outside_box_share", csv.get(0));
    assertEquals(5, csv.size()); // header + iterations 2, 4, 6, 8
    assertEquals(List.of("iteration,value", "4,1.00000000", "8,1.00000000", "9,1.00000000"),
        Files.readAllLines(dir.resolve("evaluation.csv")));
    List<String> jsonl = Files.readAllLines(dir.resolve("metrics.jsonl"));
    assertTrue(jsonl.get(0).startsWith("{\"kind\":\"train\",\"iteration\":3,\"critic_loss\":"), jsonl.get(0));
    assertTrue(progress.toString().contains("train 9/9 (100%)"), progress.toString());
  }
}
