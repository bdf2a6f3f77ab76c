package dev.mtfengine.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, class 12: a run interrupted after its last checkpoint and resumed writes the same
 * metrics files as one that was never interrupted, and what the interruption left is removed.
 */
class InterruptedRunFilesTest {
  private final IntegratedRl.Config cfg = TrainerTest.integrated(IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY);
  private final TransitionSet data = TrainerTest.data(5, 120);
  private final Trainer.Config loop = new Trainer.Config(8, 32, 2, 4, 5, 9, DType.F32);

  private void train(Path run) {
    IntegratedRl algo = new IntegratedRl(cfg);
    try (MetricsCsvWriter metrics = new MetricsCsvWriter(run, 1)) {
      Trainer t = new Trainer(algo, cfg, data, loop, a -> Map.of("q", (double) a.state().iteration()), run,
          List.of(metrics));
      Checkpoint.latest(run).ifPresent(t::resumeFrom);
      t.run();
    }
  }

  @Test
  void resumedMetricsEqualUninterruptedOnesAndLeftoversAreRemoved(@TempDir Path dir) throws IOException {
    Path straight = dir.resolve("straight");
    train(straight);

    Path run = dir.resolve("interrupted");
    train(run);
    // as if killed after logging iterations 5-8 but before checkpoint 8 was complete
    dev.mtfengine.rl.io.AtomicFiles.deleteTree(run.resolve(Checkpoint.name(8)));
    Files.createDirectories(run.resolve(".checkpoint-000000000008.partial"));
    Files.writeString(run.resolve(".metrics.csv12345.tmp"), "half");
    train(run);

    for (String f : List.of("metrics.csv", "evaluation.csv")) {
      assertEquals(Files.readString(straight.resolve(f)), Files.readString(run.resolve(f)), f);
    }
    assertFalse(Files.exists(run.resolve(".checkpoint-000000000008.partial")));
    assertFalse(Files.exists(run.resolve(".metrics.csv12345.tmp")));
  }
}
