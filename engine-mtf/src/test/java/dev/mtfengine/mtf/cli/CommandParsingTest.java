package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.ExplorationBox;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** picocli parsing of each subcommand, help, version, and the one-line errors with exit code 2. */
class CommandParsingTest {

  private static <T> T parse(Class<T> type, String... args) {
    ParseResult result = MtfCommand.commandLine().parseArgs(args);
    return type.cast(result.subcommand().commandSpec().userObject());
  }

  @Test
  void experimentTaskOptionsGiveTheExperimentsDiscountAndBox() {
    ExperimentCommand c = parse(ExperimentCommand.class, "experiment", "--box-low", "-0.1", "--box-high", "0.3",
        "--gamma", "0.8");
    assertEquals(new ExplorationBox(-0.1, 0.3), c.task().box());
    assertEquals(0.8, c.task().discount());
    assertEquals(MtfTask.paper(), parse(ExperimentCommand.class, "experiment").task());
    CliRun bad = CliRun.of("experiment", "--box-low", "0.2", "--box-high", "0.1", "--scale", "smoke");
    assertEquals(MtfCommand.EXIT_USAGE, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("--box-low / --box-high: exploration box: need finite lower < upper"), bad.err());
  }

  @Test
  void optimumOptions() {
    OptimumCommand c = parse(OptimumCommand.class,
        "optimum", "--seed", "7", "--divisions", "4", "--banks", "50", "--json", "--show-policy");
    assertEquals(7L, c.common.seed());
    assertEquals(4, c.divisions);
    assertEquals(50, c.common.banks);
    assertEquals("-", c.common.json);
    assertFalse(c.common.humanOutput());
    assertTrue(c.showPolicy);
  }

  @Test
  void optimumDefaults() {
    OptimumCommand c = parse(OptimumCommand.class, "optimum");
    assertEquals(MtfTask.DEFAULT_SEED, c.common.seed());
    assertEquals(10, c.divisions);
    assertNull(c.common.paramsFile);
    assertNull(c.common.json);
    assertTrue(c.common.humanOutput());
  }

  @Test
  void jsonTakesAnOptionalFile() {
    OptimumCommand c = parse(OptimumCommand.class, "optimum", "--json", "out.json", "--seed", "3");
    assertEquals("out.json", c.common.json);
    assertTrue(c.common.humanOutput());
    assertEquals(3L, c.common.seed());
  }

  @Test
  void calibrateOptions() {
    CalibrateCommand c = parse(CalibrateCommand.class, "calibrate", "--sessions", "500",
        "--policy", "static", "--weights", "0.1,0.6,0.2,0.1", "--params", "p.json");
    assertEquals(500, c.sessions);
    assertEquals(BaselinePolicy.Kind.STATIC, c.policy);
    assertArrayEquals(new double[] {0.1, 0.6, 0.2, 0.1}, c.weights);
    assertEquals(Path.of("p.json"), c.common.paramsFile);
  }

  @Test
  void simulateOptions() {
    SimulateCommand c = parse(SimulateCommand.class, "simulate", "--sessions", "123",
        "--exploration", "box", "--box-low", "-0.1", "--box-high", "0.2", "--baseline", "optimal",
        "--out", "runs/x", "--first-episode", "1000");
    assertEquals(123, c.sessions);
    assertEquals(SimulateCommand.Exploration.BOX, c.exploration);
    assertEquals(-0.1, c.boxLow);
    assertEquals(0.2, c.boxHigh);
    assertEquals(BaselinePolicy.Kind.OPTIMAL, c.baseline);
    assertEquals(Path.of("runs/x"), c.out);
    assertEquals(1000L, c.firstEpisode);
    assertEquals(ObservationConfig.Mode.ORACLE, c.observation);
  }

  @Test
  void simulateDefaults() {
    SimulateCommand c = parse(SimulateCommand.class, "simulate");
    assertEquals(1000, c.sessions);
    assertEquals(SimulateCommand.Exploration.BOX, c.exploration);
    assertEquals(-0.15, c.boxLow);
    assertEquals(0.15, c.boxHigh);
    assertEquals(0.2, c.sigma);
    assertEquals(0.5, c.randomShare);
    assertEquals(0.1, c.mixtureSigma);
    assertEquals(BaselinePolicy.Kind.UNIFORM, c.baseline);
    assertNull(c.out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "optimum", "calibrate", "simulate"})
  void helpWorksForEveryCommand(String sub) {
    String[] args = sub.isEmpty() ? new String[] {"--help"} : new String[] {sub, "--help"};
    CliRun run = CliRun.of(args);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Usage: mtf" + (sub.isEmpty() ? "" : " " + sub)), run.toString());
    assertTrue(run.out().contains("--seed") || sub.isEmpty(), run.toString());
    assertTrue(run.err().isEmpty(), run.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"optimum", "calibrate", "simulate"})
  void helpSubcommandWorks(String sub) {
    CliRun run = CliRun.of("help", sub);
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Usage: mtf " + sub), run.toString());
  }

  @Test
  void topLevelHelpListsTheSubcommands() {
    String out = CliRun.of("--help").out();
    for (String sub : new String[] {"optimum", "calibrate", "simulate"}) {
      assertTrue(out.contains(sub), out);
    }
  }

  @Test
  void versionNamesTheProject() {
    CliRun run = CliRun.of("--version");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("mtf (mtf-engine) "), run.toString());
  }

  static Stream<Arguments> invalidInvocations() {
    return Stream.of(
        Arguments.of(new String[] {}, "subcommand"),
        Arguments.of(new String[] {"frobnicate"}, "frobnicate"),
        Arguments.of(new String[] {"optimum", "--seed", "abc"}, "--seed"),
        Arguments.of(new String[] {"optimum", "--divisions", "0"}, "--divisions"),
        Arguments.of(new String[] {"optimum", "--banks", "0"}, "--banks"),
        Arguments.of(new String[] {"optimum", "--fusion", "eq9"}, "--fusion"),
        Arguments.of(new String[] {"optimum", "--action-map", "logarithmic"}, "--action-map"),
        Arguments.of(new String[] {"experiment", "--sessions", "2"}, "--sessions"),
        Arguments.of(new String[] {"diagnose", "--run", "/nonexistent-run"}, "config.json"),
        Arguments.of(new String[] {"optimum", "--sesions", "3"}, "--sesions"),
        Arguments.of(new String[] {"calibrate", "--sessions", "1"}, "--sessions"),
        Arguments.of(new String[] {"calibrate", "--policy", "clever"}, "--policy"),
        Arguments.of(new String[] {"calibrate", "--weights", "0.5,0.5,0,0"}, "--weights"),
        Arguments.of(new String[] {"simulate", "--sessions", "0"}, "--sessions"),
        Arguments.of(new String[] {"simulate", "--sessions", "many"}, "--sessions"),
        Arguments.of(new String[] {"simulate", "--exploration", "wild"}, "--exploration"),
        Arguments.of(new String[] {"simulate", "--sigma", "0.3"}, "--sigma"),
        Arguments.of(new String[] {"simulate", "--exploration", "gaussian", "--sigma", "0"},
            "--sigma"),
        Arguments.of(new String[] {"simulate", "--box-low", "0.2", "--box-high", "0.1"},
            "--box-low"),
        Arguments.of(new String[] {"simulate", "--exploration", "mixture", "--random-share", "2"},
            "--random-share"),
        Arguments.of(new String[] {"simulate", "--random-share", "0.3"}, "--random-share"),
        Arguments.of(new String[] {"simulate", "--baseline", "optimal", "--observation",
            "realistic"}, "--observation"),
        Arguments.of(new String[] {"simulate", "--weights", "1,0,0,0"}, "--weights"),
        Arguments.of(new String[] {"simulate", "--baseline", "static", "--weights", "0.5,0.5",
            "--banks", "5"}, "--weights"),
        Arguments.of(new String[] {"simulate", "--baseline", "static", "--weights", "2,0,0,0",
            "--banks", "5"}, "--weights"),
        Arguments.of(new String[] {"simulate", "--observation", "psychic"}, "--observation"));
  }

  @ParameterizedTest
  @MethodSource("invalidInvocations")
  void invalidInputExitsWithTwoAndOneLineNamingTheProblem(String[] args, String named) {
    CliRun run = CliRun.of(args);
    assertEquals(MtfCommand.EXIT_USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains(named), run.toString());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run);
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run);
    assertTrue(run.out().isEmpty(), run.toString());
  }

  @Test
  void debugShowsTheStackTrace() {
    CliRun run = CliRun.of("optimum", "--divisions", "0", "--debug");
    assertEquals(MtfCommand.EXIT_USAGE, run.exitCode());
    assertTrue(run.err().contains("\tat "), run.toString());
  }

  @Test
  void unknownOptionSuggestsTheNearestOne() {
    CliRun run = CliRun.of("simulate", "--sesions", "3");
    assertTrue(run.err().contains("--sessions"), run.toString());
  }

  @Test
  void commandLineHasTheThreeSubcommands() {
    CommandLine cl = MtfCommand.commandLine();
    assertTrue(cl.getSubcommands().keySet().containsAll(
        java.util.List.of("optimum", "calibrate", "simulate", "help")));
  }
}
