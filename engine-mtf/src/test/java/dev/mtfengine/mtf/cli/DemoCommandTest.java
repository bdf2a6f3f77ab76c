package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced demo (.ci/run runs it through this test): {@code mtf demo --scale smoke} goes through
 * every stage (ES, three datasets, six learners, five progressive rounds, scoring, reports) and a
 * rerun on the same directory resumes to the same numbers.
 */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void smokeDemoRunsEveryStageWritesTheReportAndResumesToTheSameNumbers(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("demo");
    CliRun first = CliRun.of("demo", "--scale", "smoke", "--out", run.toString(), "--no-progress");
    assertEquals(0, first.exitCode(), first.toString());
    for (String method : new String[] {"ES", "DDPG", "CQL+SAC", "IQL", "BatchRL-MTF", "TD3+BC", "IntegratedRL"}) {
      assertTrue(first.out().contains(method), method + " missing from the table:\n" + first);
    }
    assertTrue(Files.size(run.resolve("report.html")) > 1000, "report.html too small");
    JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
    JsonNode methods = results.get("seeds").get(0).get("methods");
    assertEquals(9, methods.size(), "ES, six learners on Dataset 1, IntegratedRL on Datasets 2 and 3");
    for (JsonNode m : methods) {
      double ratio = m.get("score").get("ratio").asDouble();
      assertTrue(ratio > 0.3 && ratio < 1.01, m.get("id") + ": J/J* = " + ratio);
    }
    // the deployed ES is rescaled: per type, its largest weight sits at 1 - boxUpper = 0.85
    for (JsonNode type : JSON.readTree(run.resolve("seed-1/es/policy.json").toFile())) {
      double largest = Double.NEGATIVE_INFINITY;
      for (JsonNode k : type.get(0)) {
        largest = Math.max(largest, k.asDouble());
      }
      assertEquals(0.85, largest, 1e-12, "ES's largest weight per type");
    }
    // critic-check reads a trained method back and values its policy as the experiment did
    Path checkJson = dir.resolve("check.json");
    // (the experiment's critics value actions relative to the baseline Dataset 2 was explored around: ES)
    CliRun check = CliRun.of("critic-check", "--checkpoint", lastCheckpoint(run.resolve("seed-1/integrated-rl-d2")).toString(),
        "--baseline", run.resolve("seed-1/es/policy.json").toString(), "--actions", "3", "--no-progress",
        "--json", checkJson.toString());
    assertEquals(0, check.exitCode(), check.toString());
    JsonNode checked = JSON.readTree(checkJson.toFile());
    assertEquals(methodRatio(methods, "integrated-rl-d2"), checked.get("exact_ratio").asDouble(), 1e-12);
    assertEquals(64, checked.get("states").size(), "4 user types x 16 satisfaction levels");
    CliRun noCritic = CliRun.of("critic-check", "--checkpoint", lastCheckpoint(run.resolve("seed-1/iql-d1")).toString(),
        "--no-progress");
    assertEquals(2, noCritic.exitCode(), noCritic.toString());
    assertTrue(noCritic.err().contains("iql"), noCritic.toString());
    // the diagnosis ladder reads the run back: same ES value, ceilings above it, a placebo, four critics
    Path diagnoseJson = dir.resolve("diagnose.json");
    CliRun diagnose = CliRun.of("diagnose", "--run", run.toString(), "--no-progress", "--json", diagnoseJson.toString());
    assertEquals(0, diagnose.exitCode(), diagnose.toString());
    assertTrue(diagnose.out().contains("one-step in-box ceiling"), diagnose.toString());
    JsonNode ladder = JSON.readTree(diagnoseJson.toFile());
    assertEquals(methodRatio(methods, "es"), ladder.get("baseline_ratio").asDouble(), 1e-12);
    assertTrue(ladder.get("one_step_ceiling").asDouble() >= ladder.get("baseline_ratio").asDouble(), ladder.toString());
    assertTrue(ladder.get("placebo_ratio").asDouble() > 0.3, ladder.toString());
    assertEquals(4, ladder.get("methods").size(), "IntegratedRL on Datasets 1, 2, 3 and DDPG");
    assertEquals(methodRatio(methods, "integrated-rl-d3"), ladder.get("methods").get(2).get("ratio").asDouble(), 1e-12);
    CliRun missing = CliRun.of("diagnose", "--run", run.toString(), "--seed", "7", "--no-progress");
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("seed-7"), missing.toString());

    // lineage: every round names its data and its parent
    Path rounds = run.resolve("seed-1/integrated-rl-d3");
    for (int r = 0; r < 5; r++) {
      JsonNode round = JSON.readTree(rounds.resolve("round-" + r + "/round.json").toFile());
      assertEquals(r, round.get("round").asInt());
      assertEquals(64, round.get("roundDataHash").asText().length(), "SHA-256 hex");
      assertEquals(r == 0 ? "none" : "round-" + (r - 1) + "/training",
          r == 0 ? round.get("parent").asText() : round.get("parent").asText().replaceAll("/checkpoint-\\d+$", ""));
      assertTrue(Files.isDirectory(rounds.resolve(round.get("checkpoint").asText())), round.toString());
    }

    // resume: drop the seed's summary, the last two rounds and one trained method; the rerun redoes them
    Files.delete(run.resolve("seed-1/seed.json"));
    Files.delete(run.resolve("results.json"));
    deleteTree(rounds.resolve("round-4"));
    Files.delete(rounds.resolve("round-3/round.json"));
    deleteTree(run.resolve("seed-1/iql-d1"));
    CliRun second = CliRun.of("demo", "--scale", "smoke", "--out", run.toString(), "--no-progress");
    assertEquals(0, second.exitCode(), second.toString());
    JsonNode again = JSON.readTree(run.resolve("results.json").toFile());
    assertEquals(strip(results), strip(again), "a resumed run must give the same numbers");
  }

  private static Path lastCheckpoint(Path method) {
    return Checkpoint.latest(method).orElseThrow(() -> new AssertionError("no checkpoint in " + method));
  }

  private static double methodRatio(JsonNode methods, String id) {
    for (JsonNode m : methods) {
      if (m.get("id").asText().equals(id)) {
        return m.get("score").get("ratio").asDouble();
      }
    }
    throw new AssertionError("no method " + id);
  }

  /** The results without wall times. */
  private static JsonNode strip(JsonNode results) {
    JsonNode copy = results.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("seconds");
    for (JsonNode seed : copy.get("seeds")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) seed).remove("seconds");
      for (JsonNode m : seed.get("methods")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove("seconds");
      }
      for (JsonNode r : seed.get("rounds")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("seconds");
      }
    }
    return copy;
  }

  private static void deleteTree(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
