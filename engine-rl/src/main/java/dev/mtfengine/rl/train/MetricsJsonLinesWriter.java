package dev.mtfengine.rl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes one JSON object per logged iteration or evaluation to {@code metrics.jsonl}: {@code
 * {"kind": "train"|"eval", "iteration": n, "<metric>": value, ...}}. Non-finite values are written
 * as strings ("NaN", "Infinity"), which JSON has no numbers for.
 */
public final class MetricsJsonLinesWriter implements TrainingListener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final int every;
  private BufferedWriter out;

  public MetricsJsonLinesWriter(Path directory, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("metrics JSON lines: every must be >= 1, got " + every);
    }
    this.file = directory.resolve("metrics.jsonl");
    this.every = every;
  }

  @Override
  public void onIteration(long iteration, Map<String, Double> metrics) {
    if (iteration % every == 0) {
      write("train", iteration, metrics);
    }
  }

  @Override
  public void onEvaluation(long iteration, Map<String, Double> metrics) {
    write("eval", iteration, metrics);
  }

  private void write(String kind, long iteration, Map<String, Double> metrics) {
    ObjectNode o = JSON.createObjectNode().put("kind", kind).put("iteration", iteration);
    metrics.forEach((k, v) -> {
      if (Double.isFinite(v)) {
        o.put(k, v);
      } else {
        o.put(k, String.valueOf(v));
      }
    });
    try {
      if (out == null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      out.write(JSON.writeValueAsString(o));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (out != null) out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onEnd(long iteration) {
    close();
  }
}
