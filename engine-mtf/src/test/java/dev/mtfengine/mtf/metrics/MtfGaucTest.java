package dev.mtfengine.mtf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.log.LogFixtures;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.MtfLogSchema;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.sim.FusionSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtfGaucTest {
  private static MtfGauc.Sample s(long user, boolean label, double weight, double score) {
    return new MtfGauc.Sample(user, label, weight, score);
  }

  @Test
  void singleUserUnweighted() {
    // positives at 0.35 and 0.8, negatives at 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both
    MtfGauc.Result r = MtfGauc.compute(List.of(s(1, false, 1, 0.1), s(1, false, 1, 0.4),
        s(1, true, 1, 0.35), s(1, true, 1, 0.8)));
    assertEquals(0.75, r.gauc(), 1e-15);
    assertEquals(1, r.usersCounted());
    assertEquals(0, r.usersSkipped());
  }

  @Test
  void tiesCountHalf() {
    assertEquals(0.5, MtfGauc.compute(List.of(s(1, true, 1, 0.5), s(1, false, 1, 0.5))).gauc());
    // pos 0.7 ties one negative (0.7) and beats another (0.2): (1 + 0.5) / 2
    assertEquals(0.75, MtfGauc.compute(List.of(s(1, true, 1, 0.7), s(1, false, 1, 0.7),
        s(1, false, 1, 0.2))).gauc(), 1e-15);
    // every score equal: min-max maps all to 0 and every pair ties
    assertEquals(0.5, MtfGauc.compute(List.of(s(1, true, 3, 2.0), s(1, false, 1, 2.0),
        s(2, false, 1, 2.0), s(2, true, 5, 2.0))).gauc(), 1e-15);
  }

  @Test
  void weightsScalePairs() {
    // pos (w 2) at 0.6 beats the negative (w 3) at 0.4; pos (w 1) at 0.2 loses: 2*3 / (3*3)
    assertEquals(2.0 / 3.0, MtfGauc.compute(List.of(s(1, true, 2, 0.6), s(1, true, 1, 0.2),
        s(1, false, 3, 0.4))).gauc(), 1e-15);
    // weighted tie: pos w 4 ties neg w 1 at 0.5, neg w 3 at 0.1: (4*3 + 0.5*4*1) / (4*4) = 14/16
    assertEquals(14.0 / 16.0, MtfGauc.compute(List.of(s(1, true, 4, 0.5), s(1, false, 1, 0.5),
        s(1, false, 3, 0.1))).gauc(), 1e-15);
  }

  @Test
  void usersWeightedBySampleCountAndOneClassUsersSkipped() {
    List<MtfGauc.Sample> samples = new ArrayList<>();
    // user 7: AUC 0.75 over 4 samples
    samples.add(s(7, false, 1, 0.1));
    samples.add(s(7, false, 1, 0.4));
    samples.add(s(7, true, 1, 0.35));
    samples.add(s(7, true, 1, 0.8));
    // user 3: AUC 2/3 over 3 samples (weighted)
    samples.add(s(3, true, 2, 0.6));
    samples.add(s(3, true, 1, 0.2));
    samples.add(s(3, false, 3, 0.4));
    // user 5: positives only (skipped), user 9: negatives only (skipped)
    for (int i = 0; i < 5; i++) {
      samples.add(s(5, true, 1, 0.1 * i));
      samples.add(s(9, false, 1, 0.05 * i));
    }
    MtfGauc.Result r = MtfGauc.compute(samples);
    assertEquals((4 * 0.75 + 3 * (2.0 / 3.0)) / 7, r.gauc(), 1e-15);
    assertEquals(2, r.usersCounted());
    assertEquals(2, r.usersSkipped());
    assertEquals(7, r.samplesCounted());
    // order of samples does not matter
    List<MtfGauc.Sample> reversed = new ArrayList<>(samples);
    java.util.Collections.reverse(reversed);
    assertEquals(r, MtfGauc.compute(reversed));
  }

  @Test
  void normalisationIsGlobalMinMax() {
    // scores far outside [0, 1] give the same answer as their min-max image
    MtfGauc.Result raw = MtfGauc.compute(List.of(s(1, false, 1, -300), s(1, true, 1, 500),
        s(2, true, 1, -299), s(2, false, 1, 499)));
    assertEquals(0.5, raw.gauc(), 1e-15);
  }

  @Test
  void edgeCasesThrowClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MtfGauc.compute(List.of()));
    assertTrue(e.getMessage().contains("no samples"));
    e = assertThrows(IllegalArgumentException.class,
        () -> MtfGauc.compute(List.of(s(1, true, 1, 0.2), s(2, false, 1, 0.3))));
    assertTrue(e.getMessage().contains("one class only"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MtfGauc.compute(List.of(s(1, true, 1, Double.NaN), s(1, false, 1, 0.3))));
    assertTrue(e.getMessage().contains("score NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MtfGauc.compute(List.of(s(1, true, 0, 0.1), s(1, false, 1, 0.3))));
    assertTrue(e.getMessage().contains("weight 0.0"), e.getMessage());
  }

  @Test
  void evaluateScoresTheLogUnderThePolicy() {
    // linear fusion over two heads; the policy puts all weight on the second head (a = (-1, 1))
    FusionRanker ranker = linearTwoHeads();
    MtfLog log = LogFixtures.small();
    MtfGauc.Result r = MtfGauc.evaluate(log, ranker, StatePolicy.constant(new double[] {-1, 1}),
        StateEncoding.defaults(), RewardConfig.defaults(), ValidView.LONG_VIEW);
    // per request, item 0 (LV = 1) has pred_long_view 0.1 < item 1's 0.2 (LV = 0): AUC 0 per user
    assertEquals(0.0, r.gauc(), 1e-15);
    List<MtfGauc.Sample> samples = MtfGauc.samples(log, ranker,
        StatePolicy.constant(new double[] {-1, 1}), StateEncoding.defaults(),
        RewardConfig.defaults(), ValidView.LONG_VIEW);
    assertEquals(8, samples.size());
    MtfLogRow first = log.rows().get(0);
    assertEquals(6 + 1 + 1, samples.get(0).weight(), 0.0, "click 6 + long view 1, plus 1");
    assertEquals(first.longView(), samples.get(0).label());
    // all weight on the first head: every item has pred_click 0.3, so every pair ties
    assertEquals(0.5, MtfGauc.evaluate(log, ranker, StatePolicy.constant(new double[] {1, -1}),
        StateEncoding.defaults(), RewardConfig.defaults(), ValidView.LONG_VIEW).gauc(), 1e-15);
  }

  static FusionRanker linearTwoHeads() {
    dev.mtfengine.mtf.fusion.Linear formula = new dev.mtfengine.mtf.fusion.Linear(List.of("click", "long_view"));
    return new FusionRanker(formula, dev.mtfengine.mtf.fusion.ActionMap.uniform(
        formula.parameterNames(), 0.0, 1.0));
  }

  @Test
  void everyScoredHeadMustBeLogged() {
    FusionRanker fourHeads = FusionSpec.defaults().ranker();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MtfGauc.evaluate(LogFixtures.small(), fourHeads,
            StatePolicy.constant(new double[] {0, 0, 0, 0}), StateEncoding.defaults(),
            RewardConfig.defaults(), ValidView.LONG_VIEW));
    assertTrue(e.getMessage().contains("no pred_like column"), e.getMessage());
  }

  @Test
  void predictionsAreMatchedToTheFormulaByNameNotByPosition() {
    // the same log with its pred_ columns in the other order: every policy scores the same
    MtfLog log = LogFixtures.small();
    MtfLogSchema swapped = new MtfLogSchema(2, 2, List.of("long_view", "click"));
    List<MtfLogRow> rows = new ArrayList<>();
    for (MtfLogRow r : log.rows()) {
      double[] p = r.predictions();
      rows.add(new MtfLogRow(r.sessionId(), r.userId(), r.requestIndex(), r.position(), r.itemId(),
          r.userFeatures(), r.action(), r.baselineAction(), r.density(), new double[] {p[1], p[0]}, r.fusedScore(),
          r.click(), r.longView(), r.like(), r.share(), r.watchTimeSeconds(), r.reward()));
    }
    MtfLog reordered = MtfLog.of(swapped, rows);
    for (double[] a : new double[][] {{-1, 1}, {1, -1}, {0.3, -0.2}}) {
      assertEquals(
          MtfGauc.evaluate(log, linearTwoHeads(), StatePolicy.constant(a), StateEncoding.defaults(),
              RewardConfig.defaults(), ValidView.LONG_VIEW).gauc(),
          MtfGauc.evaluate(reordered, linearTwoHeads(), StatePolicy.constant(a), StateEncoding.defaults(),
              RewardConfig.defaults(), ValidView.LONG_VIEW).gauc(), 0.0, "action " + java.util.Arrays.toString(a));
    }
  }
}
