package dev.mtfengine.mtf.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mtfengine.mtf.log.LogFixtures;
import dev.mtfengine.mtf.log.MtfLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumptionMetricsTest {
  @Test
  void perUserTotalsAndMeans() {
    // users 101 and 102, one session of two requests each; per session 2 LV (30 s each), 3 clicks
    ConsumptionMetrics.Summary lv = ConsumptionMetrics.of(LogFixtures.small(), ValidView.LONG_VIEW);
    assertEquals(2, lv.users());
    assertEquals(List.of(new ConsumptionMetrics.UserConsumption(101, 1, 2, 4, 2, 60.0),
        new ConsumptionMetrics.UserConsumption(102, 1, 2, 4, 2, 60.0)), lv.perUser());
    assertEquals(2.0, lv.validConsumptionPerUser());
    assertEquals(60.0, lv.watchTimePerUser());
    assertEquals(2.0, lv.requestsPerUser());
    assertEquals(3.0, ConsumptionMetrics.of(LogFixtures.small(), ValidView.CLICK)
        .validConsumptionPerUser());
  }

  @Test
  void emptyLogIsAnError() {
    MtfLog empty = MtfLog.of(LogFixtures.SMALL, List.of());
    assertThrows(IllegalArgumentException.class, () -> ConsumptionMetrics.of(empty, ValidView.CLICK));
  }
}
