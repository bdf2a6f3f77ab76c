package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mtfengine.mtf.experiment.OpeCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtf ope-check} and the deploy gate of {@code mtf train} / {@code mtf progressive}, at smoke sizes. */
class OpeCheckCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void opeCheckValuesEveryPolicyWithEveryEstimatorAndWritesThePage() throws Exception {
    Path out = dir.resolve("ope");
    Path page = dir.resolve("docs/ope-accuracy.md");
    String[] args = {"ope-check", "--scale", "smoke", "--seeds", "1", "--seed", "101", "--learners", "ddpg",
        "--resamples", "20", "--banks", "20", "--no-progress", "--out", out.toString(), "--docs", page.toString()};
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode rows = JSON.readTree(out.resolve("seed-101/ope-rows.json").toFile());
    Set<String> estimators = new TreeSet<>();
    Set<String> policies = new TreeSet<>();
    for (JsonNode row : rows) {
      estimators.add(row.get("estimator").asText());
      policies.add(row.get("policy").asText());
      assertTrue(row.get("exact").asDouble() > 0, row.toString());
    }
    assertEquals(new TreeSet<>(Set.of("is", "wis", "ncis", "pdis", "wpdis", "pdncis", "dr", "dr-table", "fqe",
        "fqe-table", "mtf-gauc", OpeCheck.GATE, OpeCheck.LOGGED_MEAN)), estimators);
    // ES, 3 x 3 offsets, the grid optimum and the learner's snapshots
    assertTrue(policies.containsAll(Set.of("es", "es+0.05#1", "es+0.20#3", "grid optimum")), policies.toString());
    assertTrue(policies.stream().anyMatch(p -> p.startsWith("ddpg@")), policies.toString());
    String md = Files.readString(page);
    assertTrue(md.contains("Best ranking on the noise log") && md.contains("Best ranking on the box log"), md);
    assertTrue(md.contains("Deploy gate"), md);
    assertTrue(md.contains("mtf ope-check --scale smoke --seed 101 --seeds 1"), md);
    for (String logging : new String[] {"noise", "box"}) {
      String svg = Files.readString(page.getParent().resolve("ope-accuracy/estimate-vs-truth-" + logging + ".svg"));
      assertTrue(svg.startsWith("<svg") && svg.contains("y = x"), svg.substring(0, Math.min(200, svg.length())));
    }
    // a rerun reads the seed back: the same page, byte for byte
    assertEquals(0, CliRun.of(args).exitCode());
    assertEquals(md, Files.readString(page));
  }

  @Test
  void opeCheckRefusesBadSizesInOneLine() {
    CliRun r = CliRun.of("ope-check", "--scale", "smoke", "--sizes", "1", "--no-progress", "--out",
        dir.resolve("x").toString());
    assertEquals(MtfCommand.EXIT_USAGE, r.exitCode(), r.toString());
    assertTrue(r.err().contains("log sizes [1]") && !r.err().contains("\tat "), r.toString());
  }

  @Test
  void trainChoosesACheckpointAndPrintsTheGatesDecision() throws Exception {
    Path sim = dir.resolve("sim");
    Path held = dir.resolve("held");
    assertEquals(0, CliRun.of("simulate", "--banks", "20", "--no-progress", "--sessions", "60", "--out",
        sim.toString()).exitCode());
    assertEquals(0, CliRun.of("simulate", "--banks", "20", "--no-progress", "--sessions", "60", "--first-episode",
        "100000", "--out", held.toString()).exitCode());
    Path out = dir.resolve("train");
    CliRun r = CliRun.of("train", "--data", sim.resolve(SimulateCommand.TRANSITIONS_FILE).toString(), "--learner",
        "ddpg", "--scale", "smoke", "--iterations", "6", "--checkpoint-every", "3", "--no-progress", "--out",
        out.toString(), "--gate-data", held.resolve(SimulateCommand.TRANSITIONS_FILE).toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("checkpoint-000000000003") && r.out().contains("checkpoint-000000000006"), r.out());
    assertTrue(r.out().contains("gate: "), r.out());
    JsonNode gate = JSON.readTree(out.resolve("gate.json").toFile());
    assertTrue(gate.get("held_out").asBoolean(), gate.toString());
    assertEquals(2, gate.get("candidates").size(), gate.toString());
    String decision = gate.get("decision").asText();
    assertTrue(Set.of("deploy", "keep the baseline", "not run").contains(decision), gate.toString());
    if (!decision.equals("not run")) {
      assertEquals(decision.equals("deploy"), gate.get("lower_bound").asDouble() > 0, gate.toString());
    }

    // with the log's exploration (simulate's default box) the checkpoints are valued by per-decision IS
    Path byIs = dir.resolve("train-logging");
    CliRun is = CliRun.of("train", "--data", sim.resolve(SimulateCommand.TRANSITIONS_FILE).toString(), "--learner",
        "ddpg", "--scale", "smoke", "--iterations", "6", "--checkpoint-every", "3", "--no-progress", "--out",
        byIs.toString(), "--gate-data", held.resolve(SimulateCommand.TRANSITIONS_FILE).toString(), "--logging",
        "box:-0.15,0.15");
    assertEquals(0, is.exitCode(), is.toString());
    assertTrue(is.out().contains("checkpoints valued by pdis (box(lower_b=-0.15, upper_b=0.15)"), is.out());
    assertTrue(JSON.readTree(byIs.resolve("gate.json").toFile()).get("checkpoints_valued_by").asText()
        .startsWith("pdis"));
    CliRun badLogging = CliRun.of("train", "--data", sim.resolve(SimulateCommand.TRANSITIONS_FILE).toString(),
        "--learner", "ddpg", "--scale", "smoke", "--iterations", "3", "--no-progress", "--out",
        dir.resolve("train-bad").toString(), "--logging", "uniform");
    assertEquals(MtfCommand.EXIT_USAGE, badLogging.exitCode(), badLogging.toString());
    assertTrue(badLogging.err().contains("--logging uniform: give gaussian:SIGMA"), badLogging.toString());
    assertFalse(Files.exists(dir.resolve("train-bad").resolve("checkpoint-000000000003")), "refused before training");

    Path skipped = dir.resolve("train-no-gate");
    CliRun none = CliRun.of("train", "--data", sim.resolve(SimulateCommand.TRANSITIONS_FILE).toString(), "--learner",
        "ddpg", "--scale", "smoke", "--iterations", "3", "--no-progress", "--out", skipped.toString(), "--no-gate");
    assertEquals(0, none.exitCode(), none.toString());
    assertFalse(Files.exists(skipped.resolve("gate.json")));
    assertFalse(none.out().contains("gate:"), none.out());
  }

  @Test
  void progressiveOnTheSimulatorRefusesGateData() {
    CliRun r = CliRun.of("progressive", "--scale", "smoke", "--gate-data", "x.csv", "--no-progress", "--out",
        dir.resolve("p").toString());
    assertEquals(MtfCommand.EXIT_USAGE, r.exitCode(), r.toString());
    assertTrue(r.err().contains("the gate's options apply to --logs runs"), r.toString());
  }
}
