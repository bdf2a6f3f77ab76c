package dev.mtfengine.rl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, classes 2, 3, 8 and 11: a damaged checkpoint is refused by name before anything is
 * restored from it, and a damaged newest checkpoint does not block a run.
 */
class CheckpointDamageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final IntegratedRl.Config cfg = TrainerTest.integrated(IntegratedRl.CriticTarget.V4_ADDITIVE_PENALTY);
  private final TransitionSet data = TrainerTest.data(3, 120);
  private Path run;

  @BeforeEach
  void train(@TempDir Path dir) {
    run = dir.resolve("run");
    new Trainer(new IntegratedRl(cfg), cfg, data, TrainerTest.loop(8, 4), null, run, List.of()).run();
  }

  private Path newest() {
    return run.resolve(Checkpoint.name(8));
  }

  private void editMeta(Path checkpoint, Consumer<ObjectNode> edit) throws IOException {
    Path meta = checkpoint.resolve("checkpoint.json");
    ObjectNode node = (ObjectNode) JSON.readTree(meta.toFile());
    edit.accept(node);
    Files.write(meta, JSON.writeValueAsBytes(node));
  }

  private String refusal(Path checkpoint) {
    return assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(checkpoint)).getMessage();
  }

  @Test
  void aDamagedIterationIsRefusedByName() throws IOException {
    List<Consumer<ObjectNode>> damages = List.of(
        n -> n.remove("iteration"), n -> n.put("iteration", "8"), n -> n.put("iteration", -3),
        n -> n.put("iteration", 8.5), n -> n.put("iteration", 4));
    for (Consumer<ObjectNode> damage : damages) {
      train(run.getParent().resolve("fresh-" + damages.indexOf(damage)));
      editMeta(newest(), damage);
      String m = refusal(newest());
      assertTrue(m.contains(newest().toString()) && m.contains("iteration"), m);
    }
  }

  @Test
  void oneFlippedByteOfTheWeightsIsCaught() throws IOException {
    Path weights = newest().resolve("weights.safetensors");
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 3] ^= 0x10;
    Files.write(weights, b);
    String m = refusal(newest());
    assertTrue(m.contains("weights_sha256") && m.contains(newest().toString()), m);
  }

  @Test
  void aMissingConfigOrAlgorithmIsRefusedByName() throws IOException {
    editMeta(newest(), n -> n.remove("config"));
    assertTrue(refusal(newest()).contains("no 'config' object"));
    editMeta(newest(), n -> n.remove("algorithm"));
    assertTrue(refusal(newest()).contains("'algorithm'"));
  }

  @Test
  void damagedStateWordsAreRefusedAndAShortSamplerStateNamesTheCheckpoint() throws IOException {
    editMeta(newest(), n -> ((ArrayNode) n.path("rng").path("sampler")).set(0, JSON.getNodeFactory().textNode("x")));
    assertTrue(refusal(newest()).contains("rng.sampler[0]"));
    editMeta(newest(), n -> {
      n.remove("meta_sha256"); // as written before the checksum existed: the damage reaches restore
      ArrayNode words = (ArrayNode) n.path("rng").path("sampler");
      words.removeAll();
      words.add(1).add(2);
    });
    Trainer t = new Trainer(new IntegratedRl(cfg), cfg, data, TrainerTest.loop(12, 4), null, run, List.of());
    String m = assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(newest())).getMessage();
    assertTrue(m.contains("resume from " + newest()), m);
  }

  @Test
  void theNewestValidCheckpointIsResumedAndTheSkippedOneIsNamed() throws IOException {
    editMeta(newest(), n -> n.put("iteration", "eight"));
    List<String> said = new ArrayList<>();
    Path chosen = Checkpoint.latestValid(run, said::add).orElseThrow();
    assertEquals(run.resolve(Checkpoint.name(4)), chosen);
    assertEquals(1, said.size());
    assertTrue(said.get(0).contains("skipping damaged checkpoint " + newest()), said.get(0));
    // the run continues from iteration 4 and ends where an undamaged run ends
    IntegratedRl resumed = new IntegratedRl(cfg);
    Trainer t = new Trainer(resumed, cfg, data, TrainerTest.loop(8, 0), null, null, List.of());
    t.resumeFrom(chosen);
    t.run();
    IntegratedRl straight = new IntegratedRl(cfg);
    new Trainer(straight, cfg, data, TrainerTest.loop(8, 0), null, null, List.of()).run();
    assertTrue(straight.state().bitEquals(resumed.state()));
  }

  @Test
  void aNonFiniteWeightIsRefusedAsDamageNotReportedAsDivergence(@TempDir Path other) {
    var state = new IntegratedRl(cfg).state();
    var actor = state.params("actor");
    String name = actor.names().get(0);
    var params = new java.util.LinkedHashMap<>(state.params());
    params.put("actor", actor.mapNamed((n, t) -> {
      if (!n.equals(name)) {
        return t;
      }
      double[] v = t.toDoubleArray();
      v[0] = Double.NaN;
      return dev.mtfengine.tensor.Tensor.of(v, t.shape().dims()).to(t.dtype());
    }));
    var damaged = new dev.mtfengine.rl.algo.AlgorithmState(params, state.optimizers(), 3, state.rngState());
    Path dir = Checkpoint.write(other.resolve(Checkpoint.name(3)), "integrated-rl", cfg, damaged, new long[] {1, 2, 3, 4},
        data.contentHash());
    String m = refusal(dir);
    assertTrue(m.contains("tensor 'params/actor/" + name + "'") && m.contains("NaN"), m);
  }

  @Test
  void aMissingOptimiserStateNamesTheCheckpointOnResume() throws IOException {
    editMeta(newest(), n -> {
      n.remove("meta_sha256"); // as written before the checksum existed: the damage reaches restore
      ((ObjectNode) n.get("optimizers")).remove("critic");
    });
    Trainer t = new Trainer(new IntegratedRl(cfg), cfg, data, TrainerTest.loop(12, 4), null, run, List.of());
    String m = assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(newest())).getMessage();
    assertTrue(m.contains("resume from " + newest()) && m.contains("critic"), m);
  }

  @Test
  void aChangedStepCountOrStateWordFailsTheMetaChecksum() throws IOException {
    editMeta(newest(), n -> ((ObjectNode) n.path("optimizers").path("actor")).put("step", 3));
    String m = refusal(newest());
    assertTrue(m.contains("meta_sha256") && m.contains(newest().toString()), m);
  }
}
