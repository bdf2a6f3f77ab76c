package dev.mtfengine.rl.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line progress display: iteration, percent, rate, time left and the chosen metric, redrawn at
 * most every {@code intervalMillis}. On a terminal the line is rewritten in place; elsewhere (CI
 * logs) a new line is printed each time.
 */
public final class ProgressLine implements TrainingListener {
  private final PrintStream out;
  private final String label;
  private final String metric;
  private final long intervalMillis;
  private final boolean inPlace;
  private long start;
  private long end;
  private long startTime;
  private long lastPrint;

  public ProgressLine(PrintStream out, String label, String metric, long intervalMillis) {
    this.out = out;
    this.label = label;
    this.metric = metric;
    this.intervalMillis = intervalMillis;
    this.inPlace = System.console() != null;
  }

  @Override
  public void onStart(long startIteration, long endIteration) {
    start = startIteration;
    end = endIteration;
    startTime = System.nanoTime();
    lastPrint = 0;
  }

  @Override
  public void onIteration(long iteration, Map<String, Double> metrics) {
    long now = System.nanoTime();
    if (iteration != end && (now - lastPrint) / 1_000_000 < intervalMillis) {
      return;
    }
    lastPrint = now;
    double secs = (now - startTime) / 1e9;
    double rate = (iteration - start) / Math.max(secs, 1e-9);
    double left = rate > 0 ? (end - iteration) / rate : Double.NaN;
    Double m = metrics.get(metric);
    String line = String.format(Locale.ROOT, "%s %d/%d (%3.0f%%) %.1f it/s, %s left%s", label, iteration, end,
        100.0 * iteration / Math.max(end, 1), rate, duration(left),
        m == null ? "" : String.format(Locale.ROOT, ", %s %.4g", metric, m));
    if (inPlace) {
      out.print("\r" + line + (iteration == end ? System.lineSeparator() : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static String duration(double s) {
    if (!Double.isFinite(s)) {
      return "?";
    }
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
