package dev.mtfengine.rl.train;

import dev.mtfengine.rl.io.AtomicFiles;
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
 * At the start of a run the files are cut back to the rows up to its first iteration (rows an
 * interrupted run logged after its last checkpoint are logged again by the resumed run, not twice),
 * and a row is never written for an iteration the file already holds.
 */
public final class MetricsCsvWriter implements TrainingListener, AutoCloseable {
  private final Path trainFile;
  private final Path evalFile;
  private final int every;
  private BufferedWriter train;
  private BufferedWriter eval;
  private List<String> trainColumns;
  private List<String> evalColumns;
  private long lastTrain = -1; // the last iteration each file holds
  private long lastEval = -1;

  public MetricsCsvWriter(Path directory, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("metrics CSV: every must be >= 1, got " + every);
    }
    this.trainFile = directory.resolve("metrics.csv");
    this.evalFile = directory.resolve("evaluation.csv");
    this.every = every;
  }

  @Override
  public void onStart(long startIteration, long endIteration) {
    lastTrain = cutBack(trainFile, startIteration);
    lastEval = cutBack(evalFile, startIteration);
  }

  /** Drops the rows after {@code iteration} from {@code file}; returns the last iteration kept (-1: none). */
  private static long cutBack(Path file, long iteration) {
    if (!Files.exists(file)) {
      return -1;
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>();
      long last = -1;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (i == 0) {
          kept.add(line); // the header
          continue;
        }
        int comma = line.indexOf(',');
        long at;
        try {
          at = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
        } catch (NumberFormatException e) {
          break; // a row cut short by a crash, and anything after it
        }
        if (at > iteration) {
          break;
        }
        kept.add(line);
        last = at;
      }
      if (kept.size() != lines.size()) {
        AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
      }
      return last;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void onIteration(long iteration, Map<String, Double> metrics) {
    if (iteration % every != 0 || iteration <= lastTrain) {
      return;
    }
    if (train == null) {
      trainColumns = new ArrayList<>(metrics.keySet());
      train = open(trainFile, trainColumns);
    }
    write(train, trainFile, trainColumns, iteration, metrics);
    lastTrain = iteration;
  }

  @Override
  public void onEvaluation(long iteration, Map<String, Double> metrics) {
    if (iteration <= lastEval) {
      return; // a run resumed at its last iteration evaluates it again; the file has it
    }
    if (eval == null) {
      evalColumns = new ArrayList<>(metrics.keySet());
      eval = open(evalFile, evalColumns);
    }
    write(eval, evalFile, evalColumns, iteration, metrics);
    lastEval = iteration;
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
