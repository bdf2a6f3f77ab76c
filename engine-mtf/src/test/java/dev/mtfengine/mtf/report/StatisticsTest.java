package dev.mtfengine.mtf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void meanAndSampleStandardDeviation() {
    MeanSd m = MeanSd.of(2, 4, 4, 4, 5, 5, 7, 9);
    assertEquals(5.0, m.mean(), 1e-12);
    assertEquals(Math.sqrt(32.0 / 7), m.sd(), 1e-12); // n - 1, not n
    assertEquals(8, m.n());
    assertEquals(new MeanSd(3.5, 0.0, 1), MeanSd.of(3.5));
    assertTrue(Double.isNaN(MeanSd.of().mean()));
  }

  @Test
  void pairedDifferenceHasStandardErrorOfTheMean() {
    PairedDifference d = PairedDifference.of(0.01, 0.02, 0.03);
    assertEquals(0.02, d.mean(), 1e-12);
    assertEquals(0.01 / Math.sqrt(3), d.standardError(), 1e-12);
    assertEquals(3, d.n());
    assertEquals(PairedDifference.HOLDS, d.verdict());
    assertThrows(IllegalArgumentException.class, PairedDifference::of);
  }

  @Test
  void verdictThresholds() {
    assertEquals(PairedDifference.HOLDS, PairedDifference.verdict(0.0201, 0.01, 3));
    assertEquals(PairedDifference.NOT_SIGNIFICANT, PairedDifference.verdict(0.02, 0.01, 3)); // not strictly above
    assertEquals(PairedDifference.NOT_SIGNIFICANT, PairedDifference.verdict(0.001, 0.01, 3));
    assertEquals(PairedDifference.DOES_NOT_HOLD, PairedDifference.verdict(0.0, 0.0, 3));
    assertEquals(PairedDifference.DOES_NOT_HOLD, PairedDifference.verdict(-0.5, 0.01, 3));
    assertEquals(PairedDifference.DOES_NOT_HOLD, PairedDifference.verdict(Double.NaN, 0.01, 3));
    // one seed has no spread to judge: positive is never significant
    assertEquals(PairedDifference.NOT_SIGNIFICANT, PairedDifference.of(0.5).verdict());
    assertEquals(0.0, PairedDifference.of(0.5).standardError());
    // identical positive differences: zero spread, clearly above two standard errors
    assertEquals(PairedDifference.HOLDS, PairedDifference.of(0.01, 0.01).verdict());
  }

  @Test
  void findingHoldsOnlyIfEveryComparisonHolds() {
    Finding.Comparison holds = new Finding.Comparison("a", "b", PairedDifference.of(0.01, 0.02, 0.03));
    Finding.Comparison weak = new Finding.Comparison("a", "c", PairedDifference.of(0.01, -0.005, 0.02));
    Finding.Comparison fails = new Finding.Comparison("a", "d", PairedDifference.of(-0.01, -0.02));
    assertEquals(PairedDifference.HOLDS, Finding.of(2, "x", List.of(holds, holds)).verdict());
    assertEquals(PairedDifference.NOT_SIGNIFICANT, Finding.of(2, "x", List.of(holds, weak)).verdict());
    assertEquals(PairedDifference.DOES_NOT_HOLD, Finding.of(2, "x", List.of(holds, fails, weak)).verdict());
    assertEquals(PairedDifference.DOES_NOT_HOLD, Finding.of(2, "x", List.of(weak, fails)).verdict());
    assertEquals(Finding.NOT_MEASURED, Finding.of(2, "x", List.of()).verdict());
  }

  @Test
  void axisTicksAreNiceAndCoverTheData() {
    Axis a = Axis.covering(0.803, 0.846, 6);
    assertEquals(0.01, a.step(), 1e-12);
    assertEquals(0.80, a.lo(), 1e-12);
    assertEquals(0.85, a.hi(), 1e-12);
    assertEquals(6, a.tickCount());
    assertEquals("0.82", a.label(a.tick(2)));
    Axis b = Axis.covering(-0.3, 0.3, 7);
    assertEquals("0.0", b.label(b.tick(3)));
    Axis flat = Axis.covering(5, 5, 5);
    assertTrue(flat.lo() < 5 && flat.hi() > 5);
  }
}
