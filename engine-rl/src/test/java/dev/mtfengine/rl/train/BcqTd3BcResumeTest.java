package dev.mtfengine.rl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.Bcq;
import dev.mtfengine.rl.algo.Td3Bc;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bit-identical resume of TD3+BC and BCQ through {@link Trainer}, as {@link TrainerTest} does for the others. */
class BcqTd3BcResumeTest {

  static Bcq.Config bcq() {
    return new Bcq.Config(3, 2, List.of(8), List.of(8), 4, 0.9, 0.05, 3, 0.15, 0.75, 4, 0.5, 0.5, -4, 15,
        1e-3, 1e-3, 1e-3, DType.F32, 5);
  }

  @Test
  void td3BcResumeIsBitIdentical(@TempDir Path dir) {
    TransitionSet d = TrainerTest.data(2, 200);
    Td3Bc.Config cfg = new Td3Bc.Config(3, 2, List.of(8), 0.9, 0.01, 0.2, 0.5, 2, 2.5, 1e-3, 1e-3, DType.F32, 5);
    Td3Bc straight = new Td3Bc(cfg);
    new Trainer(straight, cfg, d, TrainerTest.loop(12, 0), null, null, List.of()).run();
    new Trainer(new Td3Bc(cfg), cfg, d, TrainerTest.loop(7, 7), null, dir, List.of()).run();
    Td3Bc resumed = new Td3Bc(cfg);
    Trainer t = new Trainer(resumed, cfg, d, TrainerTest.loop(12, 0), null, null, List.of());
    t.resumeFrom(dir.resolve(Checkpoint.name(7)));
    t.run();
    assertTrue(straight.state().bitEquals(resumed.state()), "resumed TD3+BC differs from the uninterrupted run");
  }

  @Test
  void bcqResumeRestoresNetworksOptimisersAndBothRandomStreams(@TempDir Path dir) {
    TransitionSet d = TrainerTest.data(3, 200);
    Bcq.Config cfg = bcq();
    // An evaluator that calls act, so the acting stream moves too and must be restored.
    Trainer.Evaluator eval = a -> Map.of("mean_action", dev.mtfengine.tensor.ops.Ops.mean(a.act(Tensor.ones(DType.F32, 5, 3))).item());
    Bcq straight = new Bcq(cfg);
    new Trainer(straight, cfg, d, new Trainer.Config(12, 32, 4, 0, 5, 9, DType.F32), eval, null, List.of()).run();
    new Trainer(new Bcq(cfg), cfg, d, new Trainer.Config(7, 32, 4, 7, 5, 9, DType.F32), eval, dir, List.of()).run();
    Bcq resumed = new Bcq(cfg);
    Trainer t = new Trainer(resumed, cfg, d, new Trainer.Config(12, 32, 4, 0, 5, 9, DType.F32), eval, null, List.of());
    t.resumeFrom(dir.resolve(Checkpoint.name(7)));
    assertEquals(7, t.iteration());
    t.run();
    assertEquals(8, straight.state().rngState().length);
    assertTrue(straight.state().bitEquals(resumed.state()), "resumed BCQ differs from the uninterrupted run");
    // And the two then act identically: same parameters, same acting stream.
    Tensor s = Tensor.ones(DType.F32, 4, 3);
    assertTrue(straight.act(s).bitEquals(resumed.act(s)));
  }

  @Test
  void evaluatingBcqNeverChangesItsTraining() {
    TransitionSet d = TrainerTest.data(4, 200);
    Bcq.Config cfg = bcq();
    Bcq quiet = new Bcq(cfg);
    new Trainer(quiet, cfg, d, TrainerTest.loop(9, 0), null, null, List.of()).run();
    Bcq evaluated = new Bcq(cfg);
    new Trainer(evaluated, cfg, d, new Trainer.Config(9, 32, 2, 0, 5, 9, DType.F32),
        a -> Map.of("v", a.act(Tensor.ones(DType.F32, 3, 3)).getDouble(0)), null, List.of()).run();
    AlgorithmState q = quiet.state();
    AlgorithmState e = evaluated.state();
    for (String name : q.params().keySet()) {
      assertTrue(q.params(name).bitEquals(e.params(name)), name + " changed because the policy was evaluated");
    }
    assertArrayEquals(Arrays.copyOfRange(q.rngState(), 0, 4), Arrays.copyOfRange(e.rngState(), 0, 4), "training stream");
    assertFalse(Arrays.equals(Arrays.copyOfRange(q.rngState(), 4, 8), Arrays.copyOfRange(e.rngState(), 4, 8)),
        "the acting stream should have advanced in the evaluated run");
  }
}
