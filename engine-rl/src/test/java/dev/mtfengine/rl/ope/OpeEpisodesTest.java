package dev.mtfengine.rl.ope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Episodes rebuilt from transition sets, and the errors of the evaluation inputs. */
class OpeEpisodesTest {
  static final TransitionSchema SCHEMA = new TransitionSchema(1, ActionBounds.symmetric(1), List.of());

  static Transition step(long episode, int step, boolean done, float reward) {
    return new Transition(new float[] {step}, new float[] {0.1f}, reward, new float[0], new float[] {step + 1}, done, 0.5,
        new float[] {0f}, new float[] {0f}, episode, step, 0);
  }

  static TransitionSet set(Transition... rows) {
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA);
    for (Transition t : rows) {
      b.add(t);
    }
    return b.build();
  }

  static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void rowsInAnyOrderBecomeEpisodesOrderedByIdAndStep() {
    List<Episode> episodes = Episodes.from(set(step(7, 1, true, 2f), step(3, 0, false, 5f), step(7, 0, false, 1f),
        step(3, 1, false, 6f)));
    assertEquals(2, episodes.size());
    assertEquals(3, episodes.get(0).id());
    assertArrayEquals(new double[] {5, 6}, episodes.get(0).rewards());
    assertTrue(!episodes.get(0).terminated(), "a session cut by the log is not terminal");
    assertEquals(7, episodes.get(1).id());
    assertArrayEquals(new double[] {1, 2}, episodes.get(1).rewards());
    assertEquals(1f, episodes.get(1).states()[1][0]);
    assertTrue(episodes.get(1).terminated());
  }

  @Test
  void gapsDuplicatesLateStartsAndEarlyEndsAreNamed() {
    assertTrue(message(() -> Episodes.from(set(step(4, 0, false, 0), step(4, 2, true, 0))))
        .contains("episode 4 jumps from step 0 to step 2"));
    assertTrue(message(() -> Episodes.from(set(step(4, 0, false, 0), step(4, 1, false, 0), step(4, 1, true, 0))))
        .contains("episode 4 has step 1 twice (rows 1 and 2)"));
    assertTrue(message(() -> Episodes.from(set(step(5, 1, true, 0)))).contains("episode 5 starts at step 1"));
    assertTrue(message(() -> Episodes.from(set(step(6, 0, true, 0), step(6, 1, true, 0))))
        .contains("episode 6 is done at step 0"));
    assertTrue(message(() -> Episodes.from(TransitionSet.builder(SCHEMA).build())).contains("empty"));
  }

  @Test
  void episodesRejectMissingOrZeroDensitiesAndMismatchedWidths() {
    float[][] s = {{0f}, {1f}};
    float[][] a = {{0f}, {0f}};
    double[] r = {1, 1};
    assertTrue(message(() -> new Episode(1, s, a, r, new double[] {0.5, Double.NaN}, true)).contains("step 1: behaviour density is missing"));
    assertTrue(message(() -> new Episode(1, s, a, r, new double[] {0.0, 0.5}, true)).contains("step 0: behaviour density is 0.0"));
    assertTrue(message(() -> new Episode(1, new float[][] {{0f}, {1f, 2f}}, a, r, new double[] {1, 1}, true))
        .contains("step 1: state has 2 values, step 0 has 1"));
    assertTrue(message(() -> new Episode(1, s, a, new double[] {1}, new double[] {1, 1}, true)).contains("lengths differ"));
    assertTrue(message(() -> new Episode(1, new float[0][], new float[0][], new double[0], new double[0], true))
        .contains("has no steps"));
  }

  @Test
  void weightingRejectsNoEpisodesDeterministicLoggersUnsmoothedTargetsAndMixedWidths() {
    TargetPolicy any = SyntheticSessions.BEHAVIOUR.target();
    assertTrue(message(() -> WeightedEpisodes.of(List.of(), any, 0.9)).contains("no episodes"));
    Episode deterministic = new Episode(2, new float[][] {{0f}}, new float[][] {{0f}}, new double[] {1},
        new double[] {Double.POSITIVE_INFINITY}, true);
    assertTrue(message(() -> WeightedEpisodes.of(List.of(deterministic), any, 0.9)).contains("deterministic logger"));
    TargetPolicy pointMass = new TargetPolicy() {
      @Override
      public double[] densities(float[][] states, float[][] actions) {
        return new double[] {Double.POSITIVE_INFINITY};
      }

      @Override
      public String describe() {
        return "greedy";
      }
    };
    Episode ok = new Episode(3, new float[][] {{0f}}, new float[][] {{0f}}, new double[] {1}, new double[] {0.5}, true);
    assertTrue(message(() -> WeightedEpisodes.of(List.of(ok), pointMass, 0.9)).contains("KernelSmoothedTargetPolicy"));
    Episode wide = new Episode(4, new float[][] {{0f, 1f}}, new float[][] {{0f}}, new double[] {1}, new double[] {0.5}, true);
    assertTrue(message(() -> WeightedEpisodes.of(List.of(ok, wide), any, 0.9)).contains("state width 2"));
    assertTrue(message(() -> WeightedEpisodes.of(List.of(ok), any, 1.5)).contains("gamma"));
  }

  @Test
  void targetPoliciesRejectActionsOfTheWrongWidthAndBadBandwidths() {
    KernelSmoothedTargetPolicy k = new KernelSmoothedTargetPolicy(SyntheticSessions.TARGET.centrePolicy(),
        ActionBounds.symmetric(1), 0.1);
    Episode twoDims = new Episode(5, new float[][] {{0f}}, new float[][] {{0f, 0f}}, new double[] {1}, new double[] {0.5}, true);
    assertTrue(message(() -> WeightedEpisodes.of(List.of(twoDims), k, 0.9)).contains("has 2 dimensions, the action space has 1"));
    assertTrue(message(() -> new KernelSmoothedTargetPolicy(SyntheticSessions.TARGET.centrePolicy(), ActionBounds.symmetric(1), 0))
        .contains("bandwidth"));
  }

  @Test
  void selfNormalisedEstimatorsRejectATargetTheLogDoesNotCover() {
    WeightedEpisodes d = WeightedEpisodes.of(SyntheticSessions.episodes(5, 2, SyntheticSessions.BEHAVIOUR, 1),
        OpeIdentitiesTest.zeroDensity(), 0.9);
    assertTrue(message(() -> new WeightedPerDecisionImportanceSampling().estimate(d, Bootstrap.defaults(0)))
        .contains("does not cover"));
    assertTrue(message(() -> new PerDecisionNormalisedCappedImportanceSampling(3).estimate(d, Bootstrap.defaults(0)))
        .contains("does not cover"));
    assertTrue(message(() -> new PerDecisionNormalisedCappedImportanceSampling(0)).contains("cap"));
    assertTrue(message(() -> new Bootstrap(1, 0.9, 0)).contains("resamples"));
    assertTrue(message(() -> new Bootstrap(10, 1.0, 0)).contains("level"));
  }
}
