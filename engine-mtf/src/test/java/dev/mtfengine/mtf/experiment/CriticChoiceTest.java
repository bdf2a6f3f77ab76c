package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.task.MtfTask;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.IntegratedRl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's IntegratedRL critic options reach the learner's config, and nothing else moves. */
class CriticChoiceTest {

  @Test
  void theChoiceReachesIntegratedRlAndThePaperIsTheDefault() {
    Learner.Settings paper = new Learner.Settings(5, 4, List.of(8), 3, MtfTask.paper(), 7);
    IntegratedRl.Config d = (IntegratedRl.Config) Learner.INTEGRATED_RL.build(paper).config();
    IntegratedRl.Config defaults = IntegratedRl.Config.paperDefaults(5, 4);
    assertEquals(defaults.criticForm(), d.criticForm());
    assertEquals(defaults.lambda(), d.lambda());
    assertEquals(defaults.criticDataShare(), d.criticDataShare());

    Learner.CriticChoice choice = new Learner.CriticChoice(IntegratedRl.CriticForm.BASELINE_ADVANTAGE, 10, 0.5,
        IntegratedRl.ActorUpdate.GRADIENT, defaults.actorLr());
    Learner.Settings chosen = new Learner.Settings(5, 4, List.of(8), 3, MtfTask.paper(), 7, choice);
    IntegratedRl.Config c = (IntegratedRl.Config) Learner.INTEGRATED_RL.build(chosen).config();
    assertEquals(IntegratedRl.CriticForm.BASELINE_ADVANTAGE, c.criticForm());
    assertEquals(10.0, c.lambda());
    assertEquals(0.5, c.criticDataShare());
    // everything else is the same config
    assertEquals(d.withNetworks(d.hidden(), d.critics()).toString().replace("PAPER", "BASELINE_ADVANTAGE")
        .replace("lambda=0.2", "lambda=10.0").replace("criticDataShare=1.0", "criticDataShare=0.5"), c.toString());
    // the seeded settings keep the choice
    assertEquals(choice, chosen.seeded("integrated-rl-d2", 0).criticChoice());
  }

  @Test
  void theExperimentDefaultsToItsOwnCriticsAndTheFormAloneBringsItsDefaults() {
    assertEquals(Learner.CriticChoice.experiment(),
        PaperExperiment.Config.defaults(ExperimentScale.smoke()).criticChoice());
    assertEquals(IntegratedRl.CriticForm.LEAST_SQUARES, Learner.CriticChoice.experiment().form());
    assertEquals(IntegratedRl.ActorUpdate.SEARCH, Learner.CriticChoice.experiment().actorUpdate());
    assertEquals(Learner.CriticChoice.experiment(), Learner.CriticChoice.of(IntegratedRl.CriticForm.LEAST_SQUARES));
    // --critic-form paper alone is the paper's IntegratedRL, not the paper's form with the experiment's pessimism
    assertEquals(Learner.CriticChoice.paper(), Learner.CriticChoice.of(IntegratedRl.CriticForm.PAPER));
    Learner.CriticChoice advantage = Learner.CriticChoice.of(IntegratedRl.CriticForm.BASELINE_ADVANTAGE);
    assertEquals(IntegratedRl.CriticForm.BASELINE_ADVANTAGE, advantage.form());
    assertEquals(Learner.CriticChoice.networks().lambda(), advantage.lambda());
    assertEquals(Learner.CriticChoice.networks().dataShare(), advantage.dataShare());
    assertEquals(IntegratedRl.ActorUpdate.GRADIENT, advantage.actorUpdate());
  }

  @Test
  void theLeastSquaresChoiceBuildsTheBehaviourBootstrapAndARunWrittenBeforeTheActorFieldsReadsAsItRan()
      throws Exception {
    IntegratedRl.Config c = (IntegratedRl.Config) Learner.INTEGRATED_RL.build(
        new Learner.Settings(5, 4, List.of(8), 3, MtfTask.paper(), 7, Learner.CriticChoice.experiment())).config();
    assertEquals(IntegratedRl.BootstrapAction.BEHAVIOUR, c.bootstrapAction());
    assertEquals(IntegratedRl.ActorUpdate.SEARCH, c.actorUpdate());
    assertEquals(Learner.CriticChoice.experiment().actorLr(), c.actorLr());
    // a results.json written before actorUpdate and actorLr existed: the gradient update at the paper's rate
    Learner.CriticChoice old = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
        "{\"form\":\"BASELINE_QUADRATIC\",\"lambda\":30.0,\"dataShare\":0.5}", Learner.CriticChoice.class);
    assertEquals(Learner.CriticChoice.networks(), old);
  }

  @Test
  void aCheckpointWrittenBeforeTheNewFieldsReadsWithThePapersValues(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    Learner.Built built = Learner.INTEGRATED_RL.build(new Learner.Settings(5, 4, List.of(8), 3, MtfTask.paper(), 7));
    java.nio.file.Path checkpoint = dev.mtfengine.rl.checkpoint.Checkpoint.write(dir.resolve("checkpoint-000000000000"),
        built.algorithm().name(), built.config(), built.algorithm().state(), new long[] {1, 2, 3, 4}, "hash");
    java.nio.file.Path meta = checkpoint.resolve("checkpoint.json");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(meta.toFile());
    node.remove("meta_sha256"); // as an older build wrote it: no checksum, and none of these fields
    var config = (com.fasterxml.jackson.databind.node.ObjectNode) node.get("config");
    config.remove(List.of("criticForm", "bootstrapAction", "criticDataShare", "criticRidge", "actorUpdate"));
    java.nio.file.Files.write(meta, json.writeValueAsBytes(node));
    IntegratedRl.Config read = (IntegratedRl.Config) Learner.fromCheckpoint(checkpoint).config();
    assertEquals(built.config(), read);
  }
}
