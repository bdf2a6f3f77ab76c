package dev.mtfengine.mtf.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The progress display in its three modes, on a fake clock. */
class ProgressBarTest {
  private final StringWriter text = new StringWriter();
  private final AtomicLong now = new AtomicLong();

  private ProgressBar bar(ProgressBar.Mode mode) {
    return new ProgressBar(new PrintWriter(text), mode, 10.0, now::get);
  }

  private void advanceClock(double seconds) {
    now.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void linesModePrintsOnlyTheFinalLineForAShortTask() {
    try (Progress.Task t = bar(ProgressBar.Mode.LINES).start("sessions", 100)) {
      for (int i = 0; i < 100; i++) {
        advanceClock(0.01);
        t.advance(1);
      }
    }
    String out = text.toString();
    assertEquals(1, out.lines().count(), out);
    assertTrue(out.startsWith("sessions 100% 100/100, done in 1.00 s"), out);
    assertFalse(out.contains("\r"), out);
  }

  @Test
  void linesModePrintsAnOccasionalLineForALongTask() {
    try (Progress.Task t = bar(ProgressBar.Mode.LINES).start("sessions", 100)) {
      for (int i = 0; i < 100; i++) {
        advanceClock(0.5);
        t.advance(1);
      }
    }
    // 50 s in all: an intermediate line every 10 s plus the final one
    String out = text.toString();
    assertEquals(5 + 1, out.lines().count(), out);
    assertTrue(out.lines().findFirst().orElseThrow().contains("ETA"), out);
  }

  @Test
  void ttyModeRedrawsInPlace() {
    try (Progress.Task t = bar(ProgressBar.Mode.TTY).start("tabular model", 10)) {
      for (int i = 0; i < 10; i++) {
        advanceClock(0.2);
        t.advance(1);
      }
    }
    String out = text.toString();
    assertTrue(out.startsWith("\rtabular model ["), out);
    assertTrue(out.contains("#"), out);
    assertTrue(out.contains("\u001b[K"), out);
    // String.lines() would split at every \r: count the line feeds instead
    assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line, redrawn: " + out);
    assertTrue(out.strip().endsWith("done in 2.00 s\u001b[K"), out);
  }

  @Test
  void unknownTotalShowsCountAndDetail() {
    try (Progress.Task t = bar(ProgressBar.Mode.LINES).start("value iteration", 0)) {
      advanceClock(12);
      t.update(652, "residual 1.0e-13");
    }
    String out = text.toString();
    assertTrue(out.contains("value iteration 652"), out);
    assertTrue(out.contains("residual 1.0e-13"), out);
    assertFalse(out.contains("%"), out);
  }

  @Test
  void offModePrintsNothing() {
    try (Progress.Task t = bar(ProgressBar.Mode.OFF).start("sessions", 10)) {
      t.advance(10);
    }
    assertEquals("", text.toString());
  }

  @Test
  void parallelAdvancesCountEveryStep() {
    ProgressBar bar = bar(ProgressBar.Mode.LINES);
    try (Progress.Task t = bar.start("sessions", 10_000)) {
      IntStream.range(0, 10_000).parallel().forEach(i -> t.advance(1));
    }
    assertTrue(text.toString().contains("10000/10000"), text.toString());
  }

  @Test
  void closingTwicePrintsOnce() {
    Progress.Task t = bar(ProgressBar.Mode.LINES).start("x", 1);
    t.advance(1);
    t.close();
    t.close();
    assertEquals(1, text.toString().lines().count());
  }

  @Test
  void durations() {
    assertEquals("0.41 s", ProgressBar.duration(0.41));
    assertEquals("12.3 s", ProgressBar.duration(12.31));
    assertEquals("2:05", ProgressBar.duration(125));
    assertEquals("1:02:05", ProgressBar.duration(3725));
    assertEquals("?", ProgressBar.duration(Double.NaN));
  }
}
