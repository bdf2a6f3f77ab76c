package dev.mtfengine.mtf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtfengine.rl.algo.IntegratedRl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment's IntegratedRL critic options reach the learner's config, and nothing else moves. */
class CriticChoiceTest {

  @Test
  void theChoiceReachesIntegratedRlAndThePaperIsTheDefault() {
    Learner.Settings paper = new Learner.Settings(5, 4, List.of(8), 3, 0.9, 7);
    IntegratedRl.Config d = (IntegratedRl.Config) Learner.INTEGRATED_RL.build(paper).config();
    IntegratedRl.Config defaults = IntegratedRl.Config.paperDefaults(5, 4);
    assertEquals(defaults.criticForm(), d.criticForm());
    assertEquals(defaults.lambda(), d.lambda());
    assertEquals(defaults.criticDataShare(), d.criticDataShare());

    Learner.CriticChoice choice = new Learner.CriticChoice(IntegratedRl.CriticForm.BASELINE_ADVANTAGE, 10, 0.5);
    Learner.Settings chosen = new Learner.Settings(5, 4, List.of(8), 3, 0.9, 7, choice);
    IntegratedRl.Config c = (IntegratedRl.Config) Learner.INTEGRATED_RL.build(chosen).config();
    assertEquals(IntegratedRl.CriticForm.BASELINE_ADVANTAGE, c.criticForm());
    assertEquals(10.0, c.lambda());
    assertEquals(0.5, c.criticDataShare());
    // everything else is the same config
    assertEquals(d.withNetworks(d.hidden(), d.critics()).toString().replace("PAPER", "BASELINE_ADVANTAGE")
        .replace("lambda=0.2", "lambda=10.0").replace("criticDataShare=1.0", "criticDataShare=0.5"), c.toString());
    // the seeded settings keep the choice
    assertEquals(choice, chosen.seeded(new SeedTree(1), "integrated-rl-d2", 0).criticChoice());
  }
}
