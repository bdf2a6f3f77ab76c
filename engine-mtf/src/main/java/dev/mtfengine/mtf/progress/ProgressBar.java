package dev.mtfengine.mtf.progress;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A text progress display for {@link Progress} tasks, written to a stream the caller chooses
 * (stderr for the command line, so stdout stays parseable).
 *
 * <ul>
 *   <li>{@link Mode#TTY}: one line redrawn in place (carriage return, erase to end of line) at most
 *       ten times a second, e.g. {@code tabular model [#########-----------] 45% 1080/2400 410/s
 *       ETA 0:03}; closing the task leaves a final line with the elapsed time.
 *   <li>{@link Mode#LINES}: for logs and CI, where carriage returns turn into garbage: a plain line
 *       every {@code lineIntervalSeconds} (default 10) while the task runs, and one final line. A
 *       task shorter than the interval prints only its final line.
 *   <li>{@link Mode#OFF}: nothing.
 * </ul>
 *
 * {@link #detectMode()} picks the mode: the system property {@code mtf.progress} ({@code tty},
 * {@code lines}, {@code off}) wins, which is how the {@code ./mtf} launcher passes on whether
 * stderr is a terminal (Java cannot ask that of stderr itself); else {@code lines} when the
 * environment variable {@code CI} is set; else {@code tty} when the JVM has an interactive console.
 */
public final class ProgressBar implements Progress {
  /** How the display is drawn. */
  public enum Mode {
    /** Redraw one line in place. */
    TTY,
    /** Print occasional plain lines. */
    LINES,
    /** Print nothing. */
    OFF
  }

  private static final int BAR_WIDTH = 24;
  private static final int MAX_DETAIL = 48;
  private static final long TTY_INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final Mode mode;
  private final long lineIntervalNanos;
  private final LongSupplier clock;
  // one task draws at a time; tasks of one bar are sequential in practice, the lock keeps a
  // parallel loop's threads from interleaving half-written lines
  private final Object drawLock = new Object();

  /** A display in {@code mode}, plain lines every 10 seconds in {@link Mode#LINES}. */
  public ProgressBar(PrintWriter out, Mode mode) {
    this(out, mode, 10.0, System::nanoTime);
  }

  /**
   * @param out where to draw (not closed by the bar)
   * @param mode how to draw
   * @param lineIntervalSeconds in {@link Mode#LINES}, seconds between intermediate lines (> 0)
   * @param clock nanosecond clock (tests pass a fake one)
   */
  public ProgressBar(PrintWriter out, Mode mode, double lineIntervalSeconds, LongSupplier clock) {
    if (out == null || mode == null || clock == null) {
      throw new IllegalArgumentException("ProgressBar: out, mode and clock must be set");
    }
    if (!(lineIntervalSeconds > 0)) {
      throw new IllegalArgumentException(
          "ProgressBar: lineIntervalSeconds = " + lineIntervalSeconds + " must be > 0");
    }
    this.out = out;
    this.mode = mode;
    this.lineIntervalNanos = (long) (lineIntervalSeconds * 1e9);
    this.clock = clock;
  }

  /** The mode chosen by {@code -Dmtf.progress}, the {@code CI} variable or the console. */
  public static Mode detectMode() {
    String forced = System.getProperty("mtf.progress", "").trim().toLowerCase(Locale.ROOT);
    switch (forced) {
      case "tty":
        return Mode.TTY;
      case "lines":
        return Mode.LINES;
      case "off":
        return Mode.OFF;
      default:
        break;
    }
    String ci = System.getenv("CI");
    if (ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false")) {
      return Mode.LINES;
    }
    return isTerminal() ? Mode.TTY : Mode.LINES;
  }

  /**
   * Whether the JVM talks to a terminal. Up to JDK 21 {@link System#console()} is null unless
   * stdin and stdout are terminals; from JDK 22 it may return a console anyway, and {@code
   * Console.isTerminal()} (called by reflection: this code is compiled for 17) tells the truth.
   */
  private static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // JDK 17-21: a non-null console is a terminal
    }
  }

  /** The drawing mode. */
  public Mode mode() {
    return mode;
  }

  @Override
  public Task start(String label, long total) {
    if (mode == Mode.OFF) {
      return Task.NONE;
    }
    return new BarTask(label, total);
  }

  private final class BarTask implements Task {
    private final String label;
    private final long total;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private volatile String detail = "";
    private volatile long lastDraw;
    private boolean closed;

    BarTask(String label, long total) {
      this.label = label;
      this.total = total;
      this.startNanos = clock.getAsLong();
      this.lastDraw = startNanos;
      if (mode == Mode.TTY) {
        draw(false, startNanos);
      }
    }

    @Override
    public void advance(long steps) {
      done.addAndGet(steps);
      maybeDraw();
    }

    @Override
    public void update(long doneNow, String detailNow) {
      done.set(doneNow);
      detail = detailNow == null ? "" : detailNow;
      maybeDraw();
    }

    private void maybeDraw() {
      long now = clock.getAsLong();
      long interval = mode == Mode.TTY ? TTY_INTERVAL_NANOS : lineIntervalNanos;
      // cheap unlocked check first: parallel loops call this per step
      if (now - lastDraw < interval) {
        return;
      }
      synchronized (drawLock) {
        if (closed || now - lastDraw < interval) {
          return;
        }
        lastDraw = now;
        draw(false, now);
      }
    }

    @Override
    public void close() {
      synchronized (drawLock) {
        if (closed) {
          return;
        }
        closed = true;
        draw(true, clock.getAsLong());
      }
    }

    private void draw(boolean finished, long now) {
      String line = render(finished, now);
      if (mode == Mode.TTY) {
        // \r back to column 0, ESC[K erases what a longer previous line left behind
        out.print("\r" + line + "\u001b[K" + (finished ? System.lineSeparator() : ""));
      } else {
        out.println(line);
      }
      out.flush();
    }

    private String render(boolean finished, long now) {
      long n = done.get();
      double seconds = (now - startNanos) / 1e9;
      StringBuilder sb = new StringBuilder(label);
      if (total > 0) {
        double fraction = Math.min(1.0, Math.max(0.0, n / (double) total));
        if (!finished && mode == Mode.TTY) {
          int filled = (int) Math.round(fraction * BAR_WIDTH);
          sb.append(" [").append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled))
              .append(']');
        }
        sb.append(String.format(Locale.ROOT, " %3.0f%% %d/%d", 100 * fraction, n, total));
      } else {
        sb.append(' ').append(n);
      }
      if (finished) {
        sb.append(String.format(Locale.ROOT, ", done in %s", duration(seconds)));
      } else {
        double rate = seconds > 0 ? n / seconds : 0;
        sb.append(", ").append(rate(rate));
        // the first second's rate includes warm-up (JIT, class loading): an ETA from it misleads
        if (total > 0 && rate > 0 && n < total && seconds >= 1.0) {
          sb.append(", ETA ").append(duration((total - n) / rate));
        }
      }
      String d = detail;
      if (!d.isEmpty()) {
        sb.append(", ").append(d.length() > MAX_DETAIL ? d.substring(0, MAX_DETAIL - 3) + "..." : d);
      }
      return sb.toString();
    }
  }

  /** e.g. {@code 0.41 s}, {@code 12.3 s}, {@code 2:05}, {@code 1:02:05}. */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long t = Math.round(seconds);
    return t >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
        : String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
  }

  private static String rate(double perSecond) {
    if (perSecond >= 100) {
      return String.format(Locale.ROOT, "%.0f/s", perSecond);
    }
    return String.format(Locale.ROOT, "%.1f/s", perSecond);
  }
}
