package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, classes 4, 8 and 11 at the command line: options are never accepted and then ignored,
 * and a damaged checkpoint is refused in one line naming it, with the same exit code everywhere.
 */
class InputRefusalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path data;
  private static Path log;

  @BeforeAll
  static void simulate() {
    Path run = dir.resolve("sim");
    CliRun r = CliRun.of("simulate", "--banks", "20", "--no-progress", "--sessions", "30", "--out", run.toString());
    assertEquals(0, r.exitCode(), r.toString());
    data = run.resolve(SimulateCommand.TRANSITIONS_FILE);
    log = run.resolve(SimulateCommand.LOG_FILE);
  }

  private static CliRun train(Path out, String... more) {
    String[] base = {"train", "--data", data.toString(), "--learner", "ddpg", "--scale", "smoke", "--iterations",
        "6", "--checkpoint-every", "3", "--no-progress", "--out", out.toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return CliRun.of(all);
  }

  private static void assertRefused(CliRun r, String... parts) {
    assertEquals(MtfCommand.EXIT_USAGE, r.exitCode(), r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
    // the refusal is the last line of stderr, alone (a command may have announced itself before)
    String[] lines = r.err().strip().split("\\R");
    assertEquals(1, java.util.Arrays.stream(lines).filter(l -> l.startsWith("mtf ")).count(), "one line: " + r);
    for (String p : parts) {
      assertTrue(lines[lines.length - 1].contains(p), "'" + p + "' missing: " + r);
    }
  }

  @Test
  void aMissingParamsFileIsRefusedByEveryCommandEvenOneThatDoesNotSimulate() {
    Path missing = dir.resolve("nope.json");
    assertRefused(train(dir.resolve("t-params"), "--params", missing.toString()), "--params", "no such file");
    assertFalse(Files.exists(dir.resolve("t-params")), "nothing is written before the refusal");
  }

  @Test
  void jsonIsWrittenWhereSupportedAndRefusedByNameWhereNot() throws Exception {
    Path file = dir.resolve("train.json");
    CliRun ok = train(dir.resolve("t-json"), "--json", file.toString());
    assertEquals(0, ok.exitCode(), ok.toString());
    JsonNode doc = JSON.readTree(file.toFile());
    assertEquals(6, doc.get("iterations").asInt());
    assertTrue(doc.get("checkpoint").asText().endsWith("checkpoint-000000000006"), doc.toString());
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--json", dir.resolve("e.json").toString()),
        "--json", "writes no JSON document", "results.json");
  }

  @Test
  void rerunningAFinishedRunWithFewerIterationsIsRefused() {
    Path out = dir.resolve("t-fewer");
    assertEquals(0, train(out).exitCode());
    CliRun fewer = CliRun.of("train", "--data", data.toString(), "--learner", "ddpg", "--scale", "smoke",
        "--iterations", "3", "--no-progress", "--out", out.toString());
    assertRefused(fewer, "already holds a checkpoint at iteration 6");
  }

  /** Trains a smoke DDPG into {@code out}, edits its final checkpoint.json; returns the checkpoint. */
  private static Path trainedThenEdited(Path out, java.util.function.Consumer<ObjectNode> edit) throws Exception {
    assertEquals(0, train(out).exitCode());
    Path checkpoint = out.resolve("checkpoint-000000000006");
    Path meta = checkpoint.resolve("checkpoint.json");
    ObjectNode node = (ObjectNode) JSON.readTree(meta.toFile());
    edit.accept(node);
    Files.write(meta, JSON.writeValueAsBytes(node));
    return checkpoint;
  }

  @Test
  void aDamagedCheckpointIsRefusedInOneLineNamingIt() throws Exception {
    Path checkpoint = trainedThenEdited(dir.resolve("t-damaged"), node -> node.remove("config"));
    assertRefused(CliRun.of("evaluate", "--checkpoint", checkpoint.toString(), "--log", log.toString(),
        "--no-progress"), checkpoint.toString(), "no 'config' object");
    assertRefused(CliRun.of("critic-check", "--checkpoint", checkpoint.toString(), "--banks", "20",
        "--no-progress"), checkpoint.toString(), "no 'config' object");
  }

  @Test
  void aCheckpointWhoseConfigWasChangedIsRefusedAndPassedOverOnResume() throws Exception {
    Path out = dir.resolve("t-layout");
    Path checkpoint = trainedThenEdited(out, node -> ((ObjectNode) node.get("config")).putArray("hidden").add(9));
    assertRefused(CliRun.of("evaluate", "--checkpoint", checkpoint.toString(), "--log", log.toString(),
        "--no-progress"), checkpoint.toString());
    // train does not resume from it (a warning names it): it resumes from the newest valid one, 3
    CliRun resumed = CliRun.of("train", "--data", data.toString(), "--learner", "ddpg", "--scale", "smoke",
        "--iterations", "9", "--checkpoint-every", "3", "--no-progress", "--out", out.toString());
    assertEquals(0, resumed.exitCode(), resumed.toString());
    assertTrue(Files.isDirectory(out.resolve("checkpoint-000000000009")), resumed.toString());
    // the deploy gate values the other checkpoints and passes over the damaged one
    assertTrue(resumed.out().matches("(?s).*checkpoint-000000000006 +not valued.*"), resumed.out());
  }

  /** Issue 14, class 5: --out always holds one complete run, and what a killed run left is cleared. */
  @Test
  void simulateOutIsReplacedAsAWholeAndLeftoversAreCleared() throws Exception {
    Path out = dir.resolve("swap");
    String[] args = {"simulate", "--banks", "20", "--no-progress", "--sessions", "12", "--out", out.toString()};
    assertEquals(0, CliRun.of(args).exitCode());
    // a killed rewrite left a half-written staging directory and an orphaned temporary file
    Path staging = dir.resolve(".swap.partial");
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("log.csv"), "half a log");
    String[] again = {"simulate", "--banks", "20", "--no-progress", "--sessions", "15", "--out", out.toString()};
    assertEquals(0, CliRun.of(again).exitCode());
    assertFalse(Files.exists(staging), "the leftover staging directory is removed");
    JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
    assertEquals(15, run.get("sessions").asInt());
    assertEquals(run.get("transitions_hash").asText(),
        dev.mtfengine.rl.data.TransitionFile.read(out.resolve(SimulateCommand.TRANSITIONS_FILE)).contentHash());
    assertEquals(15, dev.mtfengine.mtf.log.MtfLogReader.read(out.resolve(SimulateCommand.LOG_FILE)).sessions().size());
    try (var files = Files.list(out)) {
      assertEquals(SimulateCommand.OUT_FILES.stream().sorted().toList(),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    // a kill between the swap's two renames leaves the previous run aside: the next run restores it first
    Path aside = dir.resolve(".swap.previous");
    Files.move(out, aside);
    Files.writeString(out.getParent().resolve("unrelated.txt"), "kept");
    assertEquals(0, CliRun.of(args).exitCode());
    assertFalse(Files.exists(aside));
    assertEquals(12, JSON.readTree(out.resolve("run.json").toFile()).get("sessions").asInt());
    // a directory holding files it did not write is refused before anything is written
    Files.writeString(out.resolve("notes.txt"), "mine");
    assertRefused(CliRun.of(args), "--out", "notes.txt", "did not write");
    assertEquals(12, JSON.readTree(out.resolve("run.json").toFile()).get("sessions").asInt());
  }

  /** Issue 14, "also expected": what can be checked before work starts is checked first. */
  @Test
  void unwritableOutAndMissingLogsAreRefusedBeforeAnyWork() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    assertRefused(train(file.resolve("run")), "--out", "cannot create the directory");
    Path missing = dir.resolve("round1.csv");
    Path out = dir.resolve("p-logs");
    assertRefused(CliRun.of("progressive", "--logs", log + "," + missing, "--scale", "smoke", "--no-progress",
        "--out", out.toString()), "--logs " + missing, "no such file");
    assertFalse(Files.exists(out.resolve("round-0")), "no round trained before the refusal");
  }

  @Test
  void unknownCriticOptionsAreRefusedByName() {
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--critic-form", "dueling", "--out",
        dir.resolve("e-form").toString()), "--critic-form dueling",
        "paper, baseline-advantage, baseline-quadratic or least-squares");
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--critic-share", "0", "--out",
        dir.resolve("e-share").toString()), "--critic-share");
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--critic-share", "0.5", "--out",
        dir.resolve("e-ls-share").toString()), "--critic-share must be 1 with --critic-form least-squares");
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--actor-update", "newton", "--out",
        dir.resolve("e-update").toString()), "--actor-update newton", "gradient or search");
    assertRefused(CliRun.of("experiment", "--scale", "smoke", "--critic-form", "paper", "--actor-update", "search",
        "--out", dir.resolve("e-search").toString()), "--actor-update search needs --critic-form least-squares");
  }
}
