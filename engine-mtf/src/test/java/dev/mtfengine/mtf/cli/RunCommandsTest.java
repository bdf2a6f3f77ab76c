package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mtfengine.mtf.sim.SimulatorJson;
import dev.mtfengine.mtf.sim.SimulatorParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subcommands end to end, in-process, on small overrides (B = 20 bank sets, a coarse action
 * grid, a few hundred sessions) so each run takes well under a second.
 */
class RunCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SMALL = {"--banks", "20", "--no-progress"};

  private static CliRun run(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(SMALL));
    all.addAll(List.of(args));
    CliRun r = CliRun.of(all.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.toString());
    return r;
  }

  @Test
  void optimumJsonParsesAndJStarBeatsEveryBaseline() throws Exception {
    CliRun r = run("optimum", "--divisions", "3", "--json");
    JsonNode doc = JSON.readTree(r.out()); // stdout is the JSON document and nothing else
    assertEquals("mtf optimum", doc.get("command").asText());
    assertEquals(20, doc.get("grid").get("actions").asInt()); // simplex of 4 weights, step 1/3
    double jStar = doc.get("j_star").asDouble();
    assertTrue(jStar > 0, r.out());
    List<String> names = new ArrayList<>();
    for (JsonNode p : doc.get("policies")) {
      names.add(p.get("name").asText());
      double value = p.get("value").asDouble();
      assertTrue(value <= jStar * (1 + 1e-12), p + " above J* = " + jStar);
      assertEquals(value / jStar, p.get("ratio").asDouble(), 1e-12);
      assertEquals(100 * (value / jStar - 1), p.get("gap_percent").asDouble(), 1e-9);
    }
    assertEquals(List.of("optimal", "greedy", "best static", "best per-type static", "uniform"),
        names);
    assertTrue(doc.get("value_iteration").get("sweeps").asInt() > 1);
    assertTrue(doc.get("timings_seconds").get("total").asDouble() > 0);
    assertEquals(4, doc.get("types").size());
  }

  @Test
  void fusionAndActionMapChooseTheActionSpace() throws Exception {
    JsonNode eq1 = JSON.readTree(run("optimum", "--divisions", "3", "--fusion", "power-bias", "--json").out());
    assertEquals("POWER_BIAS_PRODUCT", eq1.get("fusion").asText());
    assertEquals("MULTIPLICATIVE", eq1.get("action_map").asText());
    JsonNode affine = JSON.readTree(run("optimum", "--divisions", "3", "--action-map", "affine", "--json").out());
    assertEquals("LOG_LINEAR", affine.get("fusion").asText());
    assertEquals("AFFINE", affine.get("action_map").asText());
    // the optimum hardly depends on the map: the grid's zero weights become a thousandth under it
    JsonNode multiplicative = JSON.readTree(run("optimum", "--divisions", "3", "--json").out());
    double ratio = multiplicative.get("j_star").asDouble() / affine.get("j_star").asDouble();
    assertTrue(Math.abs(ratio - 1) < 0.005, "J* multiplicative / affine = " + ratio);
  }

  @Test
  void optimumTableHasEveryRowAndTheGaps() {
    CliRun r = run("optimum", "--divisions", "3", "--show-policy");
    for (String row : new String[] {"optimal (J*)", "greedy", "best static", "best per-type static",
        "uniform", "J/J*", "gap", "timings:", "V*(s):"}) {
      assertTrue(r.out().contains(row), "missing " + row + " in\n" + r.out());
    }
    assertTrue(r.out().contains("0.00%"), r.out()); // the optimum's own gap
  }

  @Test
  void optimumJsonToAFileKeepsTheTable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/optimum.json");
    CliRun r = run("optimum", "--divisions", "3", "--json", file.toString());
    assertTrue(r.out().contains("best per-type static"), r.out());
    assertTrue(JSON.readTree(file.toFile()).get("j_star").asDouble() > 0);
  }

  @Test
  void calibrateOutputContainsEveryRate() throws Exception {
    CliRun table = run("calibrate", "--sessions", "300");
    CliRun json = run("calibrate", "--sessions", "300", "--json");
    JsonNode rates = JSON.readTree(json.out()).get("rates");
    String[] expected = {"ranked click rate", "P(long view | click)", "like rate", "share rate",
        "random-exposure click rate", "ranked / random click rate", "requests per session",
        "reward per session"};
    assertEquals(expected.length, rates.size());
    for (int i = 0; i < expected.length; i++) {
      JsonNode rate = rates.get(i);
      assertEquals(expected[i], rate.get("name").asText());
      String printed = String.format(Locale.ROOT, "%.4f", rate.get("simulated").asDouble());
      assertTrue(table.out().contains(expected[i]), table.out());
      assertTrue(table.out().contains(printed), expected[i] + " = " + printed + " in\n" + table.out());
    }
    assertTrue(table.out().contains("KuaiRand"), table.out());
    assertTrue(table.out().contains("0.46"), table.out()); // the ranked click-rate target
  }

  @Test
  void simulateSummarisesTheSessions() throws Exception {
    CliRun r = run("simulate", "--sessions", "40", "--json");
    JsonNode doc = JSON.readTree(r.out());
    assertEquals(40, doc.get("sessions").asInt());
    assertTrue(doc.get("requests").asLong() >= 40);
    assertTrue(doc.get("mean_return").asDouble() > 0);
    assertTrue(doc.get("standard_error").asDouble() > 0);
    assertEquals("box", doc.get("behaviour").get("exploration").asText());
    CliRun table = run("simulate", "--sessions", "40");
    for (String row : new String[] {"sessions", "requests", "mean return", "elapsed"}) {
      assertTrue(table.out().contains(row), table.out());
    }
  }

  @Test
  void simulateIsDeterministicForASeed() throws Exception {
    String a = JSON.readTree(run("simulate", "--sessions", "30", "--exploration", "mixture",
        "--json").out()).get("mean_return").asText();
    String b = JSON.readTree(run("simulate", "--sessions", "30", "--exploration", "mixture",
        "--json").out()).get("mean_return").asText();
    assertEquals(a, b);
  }

  @Test
  void simulateWithoutExplorationMatchesCalibrationOfTheSamePolicy() throws Exception {
    // same episodes 0..N-1, same (float-exact) uniform action: the same sessions
    double simulated = JSON.readTree(run("simulate", "--sessions", "200", "--exploration",
        "greedy", "--json").out()).get("mean_return").asDouble();
    JsonNode rates = JSON.readTree(run("calibrate", "--sessions", "200", "--json").out())
        .get("rates");
    double calibrated = rates.get(rates.size() - 1).get("simulated").asDouble();
    assertEquals(calibrated, simulated, 1e-9 * Math.abs(calibrated));
  }

  @Test
  void simulateWritesTheRunToOut(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    CliRun r = run("simulate", "--sessions", "20", "--baseline", "optimal", "--divisions", "3",
        "--exploration", "gaussian", "--sigma", "0.1", "--out", out.toString());
    assertTrue(r.out().contains(out.toString()), r.out());
    SimulatorParams saved = SimulatorJson.load(out.resolve("params.json"));
    assertEquals(SimulatorParams.defaults().withBanksPerType(20), saved);
    JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
    assertEquals(20, run.get("sessions").asInt());
    assertEquals("optimal", run.get("behaviour").get("baseline").asText());
    // The log and the transitions are on disk and read back: one row per shown item, one
    // transition per request, episodes in order.
    var log = dev.mtfengine.mtf.log.MtfLogReader.read(out.resolve(SimulateCommand.LOG_FILE));
    assertEquals(run.get("log_rows").asLong(), log.rows().size());
    assertEquals(20, log.sessions().size());
    var transitions = dev.mtfengine.rl.data.TransitionFile.read(out.resolve(SimulateCommand.TRANSITIONS_FILE));
    assertEquals(run.get("requests").asLong(), transitions.size());
    assertEquals(run.get("transitions_hash").asText(), transitions.contentHash());
  }

  @Test
  void simulateRealisticWithAStaticPolicy() {
    CliRun r = run("simulate", "--sessions", "10", "--observation", "realistic", "--baseline",
        "static", "--weights", "0.2,0.5,0.2,0.1");
    assertTrue(r.out().contains("realistic observations"), r.out());
  }

  @Test
  void paramsFileIsUsedAndErrorsNameIt(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("params.json");
    SimulatorJson.save(SimulatorParams.defaults().withBanksPerType(20), good);
    CliRun ok = CliRun.of("optimum", "--divisions", "3", "--no-progress", "--params", good.toString());
    assertEquals(0, ok.exitCode(), ok.toString());
    assertTrue(ok.out().contains(good.toString()), ok.out());

    Path missing = dir.resolve("nope.json");
    CliRun notThere = CliRun.of("optimum", "--params", missing.toString());
    assertEquals(MtfCommand.EXIT_USAGE, notThere.exitCode(), notThere.toString());
    assertTrue(notThere.err().contains("--params") && notThere.err().contains("no such file"),
        notThere.toString());

    Path malformed = dir.resolve("bad.json");
    Files.writeString(malformed, "{ \"topicCount\": 8,\n  oops }");
    CliRun bad = CliRun.of("calibrate", "--params", malformed.toString());
    assertEquals(MtfCommand.EXIT_USAGE, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("--params") && bad.err().contains("line 2"), bad.toString());
    assertEquals(1, bad.err().strip().lines().count(), bad.toString());

    Path invalid = dir.resolve("invalid.json");
    Files.writeString(invalid, SimulatorJson.toJson(SimulatorParams.defaults())
        .replace("\"slateSize\" : 6", "\"slateSize\" : 400"));
    CliRun rejected = CliRun.of("simulate", "--params", invalid.toString());
    assertEquals(MtfCommand.EXIT_USAGE, rejected.exitCode(), rejected.toString());
    assertTrue(rejected.err().contains("slateSize"), rejected.toString());
    assertFalse(rejected.err().contains("\tat "), rejected.toString());

    CliRun directory = CliRun.of("optimum", "--params", dir.toString());
    assertEquals(MtfCommand.EXIT_USAGE, directory.exitCode(), directory.toString());
  }
}
