package dev.mtfengine.rl.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes every {@code every}-th iteration's metrics as CSV rows ({@code iteration} first, then the
 * metric names of the first row) and evaluations to a second file. Appends when resuming, so a
 * resumed run continues the same file; flushed after every row, so a crash loses at most one row.
 */
public final class MetricsCsvWriter implements TrainingListener, AutoCloseable {
  private final Path trainFile;
  private final Path evalFile;
  private final int every;
  private BufferedWriter train;
  private BufferedWriter eval;
  private List<String> trainColumns;
  private List<String> evalColumns;

  public MetricsCsvWriter(Path directory, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("metrics CSV: every must be >= 1, got " + every);
    }
    this.trainFile = directory.resolve("metrics.csv");
    this.evalFile = directory.resolve("evaluation.csv");
    this.every = every;
  }

  @Override
  public void onIteration(long iteration, Map<String, Double> metrics) {
    if (iteration % every != 0) {
      return;
    }
    if (train == null) {
      trainColumns = new ArrayList<>(metrics.keySet());
      train = open(trainFile, trainColumns);
    }
    write(train, trainFile, trainColumns, iteration, metrics);
  }

  @Override
  public void onEvaluation(long iteration, Map<String, Double> metrics) {
    if (eval == null) {
      evalColumns = new ArrayList<>(metrics.keySet());
      eval = open(evalFile, evalColumns);
    }
    write(eval, evalFile, evalColumns, iteration, metrics);
  }

  private static BufferedWriter open(Path file, List<String> columns) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (fresh) {
        w.write("iteration," + String.join(",", columns));
        w.newLine();
      }
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException("opening " + file + " failed: " + e.getMessage(), e);
    }
  }

  private static void write(BufferedWriter w, Path file, List<String> columns, long iteration, Map<String, Double> m) {
    StringBuilder sb = new StringBuilder().append(iteration);
    for (String c : columns) {
      Double v = m.get(c);
      sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.9g", v));
    }
    try {
      w.write(sb.toString());
      w.newLine();
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (train != null) train.close();
      if (eval != null) eval.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onEnd(long iteration) {
    close();
  }
}
