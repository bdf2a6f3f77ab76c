package dev.mtfengine.mtf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.PaperSettings;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task is where the box comes from (issue 16): the experiment's exploration and IntegratedRL's
 * penalty use the same box, and {@code mtf train} takes the penalty box from the logged box.
 */
class TaskBoxTest {
  private static final ExplorationBox WIDE = new ExplorationBox(-0.1, 0.3);
  @TempDir Path dir;

  /** Every IntegratedRL checkpoint's config under {@code root}. */
  private static List<JsonNode> integratedRlConfigs(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals("checkpoint.json"))
          .map(p -> Checkpoint.read(p.getParent()))
          .filter(c -> c.algorithm().equals("integrated-rl"))
          .map(Checkpoint.Contents::config)
          .toList();
    }
  }

  @Test
  void anExperimentWithAnotherBoxExploresItAndTrainsThePenaltyOnIt() throws IOException {
    PaperExperiment.Config c = PaperExperiment.Config.defaults(ExperimentScale.smoke())
        .withTask(MtfTask.paper().withBox(WIDE)).withRounds(1);
    assertEquals(WIDE, c.task().box());
    new PaperExperiment(c, SimulatorParams.defaults().withBanksPerType(20), 1).progressiveOnly(3, dir, Progress.NONE);
    List<JsonNode> configs = integratedRlConfigs(dir);
    assertFalse(configs.isEmpty(), "no IntegratedRL checkpoint under " + dir);
    for (JsonNode config : configs) {
      assertEquals(WIDE.lower(), config.get("lowerB").asDouble(), 0.0);
      assertEquals(WIDE.upper(), config.get("upperB").asDouble(), 0.0);
    }
    // the round's data explored that box: offsets beyond the paper's 0.15, never beyond 0.3
    try (Stream<Path> files = Files.walk(dir)) {
      Path data = files.filter(p -> p.toString().endsWith(".mtft")).findFirst().orElseThrow();
      TransitionSet set = TransitionFile.read(data);
      double largest = Double.NEGATIVE_INFINITY;
      for (long i = 0; i < set.size(); i++) {
        float[] a = set.get(i).action();
        float[] b = set.get(i).baselineAction();
        for (int j = 0; j < a.length; j++) {
          largest = Math.max(largest, a[j] - b[j]);
        }
      }
      assertTrue(largest > PaperSettings.BOX.upper() && largest <= WIDE.upper() + 1e-6, "largest offset " + largest);
    }
  }

  @Test
  void trainOnLogsTakesThePenaltyBoxFromTheLoggedBox() throws IOException {
    Path sim = dir.resolve("sim");
    assertEquals(0, CliRun.of("simulate", "--banks", "20", "--no-progress", "--sessions", "40", "--box-low", "-0.1",
        "--box-high", "0.3", "--out", sim.toString()).exitCode());
    String data = sim.resolve(SimulateCommand.TRANSITIONS_FILE).toString();
    CliRun logged = CliRun.of("train", "--data", data, "--scale", "smoke", "--iterations", "3", "--no-progress",
        "--no-gate", "--out", dir.resolve("logged").toString(), "--logging", "box:-0.1,0.3");
    assertEquals(0, logged.exitCode(), logged.toString());
    assertTrue(logged.err().contains("box [-0.1, 0.3] (--logging)"), logged.err());
    List<JsonNode> loggedConfigs = integratedRlConfigs(dir.resolve("logged"));
    assertFalse(loggedConfigs.isEmpty());
    for (JsonNode config : loggedConfigs) {
      assertEquals(WIDE.upper(), config.get("upperB").asDouble(), 0.0);
    }
    CliRun plain = CliRun.of("train", "--data", data, "--scale", "smoke", "--iterations", "3", "--no-progress",
        "--no-gate", "--out", dir.resolve("plain").toString());
    assertEquals(0, plain.exitCode(), plain.toString());
    assertTrue(plain.err().contains("(the paper's; --logging box:LOW,HIGH gives your data's)"), plain.err());
    for (JsonNode config : integratedRlConfigs(dir.resolve("plain"))) {
      assertEquals(PaperSettings.BOX.upper(), config.get("upperB").asDouble(), 0.0);
      assertEquals(PaperSettings.DISCOUNT, config.get("gamma").asDouble(), 0.0);
    }
  }

  @Test
  void optionDefaultsComeFromTheTask() {
    CliRun help = CliRun.of("simulate", "--help");
    assertTrue(help.out().contains("Default: " + PaperSettings.BOX.upper()), help.out());
    CliRun trainHelp = CliRun.of("train", "--help");
    assertTrue(trainHelp.out().contains("Default: " + PaperSettings.DISCOUNT), trainHelp.out());
  }

  @Test
  void aTaskRefusesWhatNoRunCouldUse() {
    assertThrows(IllegalArgumentException.class, () -> MtfTask.paper().withDiscount(1.0));
    assertThrows(IllegalArgumentException.class, () -> new ExplorationBox(0.2, 0.1));
    assertThrows(IllegalArgumentException.class, () -> MtfTask.paper().withRewardScale(0));
    assertThrows(IllegalArgumentException.class, () -> MtfTask.paper().withFusion(null));
  }

  /**
   * The task carries the action space and the seed tree: an experiment on the power-bias family
   * (K = 8) gives every learner 8 action dimensions, and the learners' and samplers' seeds come
   * from the tree rooted at the run's seed.
   */
  @Test
  void learnersTakeTheirActionSpaceAndSeedsFromTheTask() {
    SimulatorParams powerBias = SimulatorParams.defaults().withFusion(FusionSpec.powerBiasDefaults());
    PaperExperiment.Config config = PaperExperiment.Config.defaults(ExperimentScale.named("smoke"));
    MtfTask task = config.task(powerBias, 7);
    assertEquals(8, task.actionDim());
    assertEquals(new SessionSimulator(powerBias, 7).actionDimension(), task.actionDim());
    Learner.Settings s = config.learnerSettings(task, "iql-d1", 3);
    assertEquals(8, s.actionDim());
    assertEquals(new SeedTree(7).seed(SeedTree.Purpose.LEARNER_INIT, "iql-d1", 0), s.seed());
    assertEquals(new SeedTree(7).seed(SeedTree.Purpose.MINIBATCHES, "iql-d1", 0),
        config.runSettings(task, "iql-d1").samplerSeed());
    String help = CliRun.of("train", "--help").out().replaceAll("\\s+", " ");
    String seedOption = help.substring(help.lastIndexOf("--seed=N"));
    seedOption = seedOption.substring(0, seedOption.indexOf(" -", 1));
    assertTrue(seedOption.endsWith("Default: " + MtfTask.DEFAULT_SEED + "."), seedOption);
  }
}
