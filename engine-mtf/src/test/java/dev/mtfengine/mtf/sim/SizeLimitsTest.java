package dev.mtfengine.mtf.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 14, class 7: sizes no machine can hold are refused up front, with the limit. */
class SizeLimitsTest {

  @Test
  void theGridSizeIsTheSimplexCountAndHugeGridsAreRefused() {
    assertEquals(286, ActionGrid.simplexSize(4, 10));
    assertEquals(20, ActionGrid.simplexSize(4, 3));
    assertEquals(11, ActionGrid.simplexSize(2, 10));
    assertEquals(Long.MAX_VALUE, ActionGrid.simplexSize(40, Integer.MAX_VALUE));
    FusionSpec spec = FusionSpec.defaults();
    assertEquals(286, ActionGrid.simplexFor(spec, 10).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActionGrid.simplexFor(spec, 1_000_000));
    assertTrue(e.getMessage().contains("--divisions 1000000") && e.getMessage().contains("at most 100000"),
        e.getMessage());
  }

  @Test
  void banksBeyondTheHeapAreRefusedBeforeAnythingIsAllocated() {
    SimulatorParams huge = SimulatorParams.defaults().withBanksPerType(2_000_000_000);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CandidateBanks.checkSize(huge, 8L << 30));
    assertTrue(e.getMessage().contains("B = 2000000000") && e.getMessage().contains("8.0 GiB heap"), e.getMessage());
    SimulatorParams defaults = SimulatorParams.defaults();
    assertDoesNotThrow(() -> CandidateBanks.checkSize(defaults, 1L << 30));
    // the default banks take about 20 MiB (96,000 candidates x 220 bytes): a 1 MiB heap is refused
    assertThrows(IllegalArgumentException.class, () -> CandidateBanks.checkSize(defaults, 1L << 20));
  }
}
