package dev.mtfengine.mtf.log;

import dev.mtfengine.rl.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes an MTF log as CSV (docs/data-format.md, "MTF logs") through Apache Commons CSV, streaming
 * row by row so a log larger than the heap can be written.
 *
 * <p>Nothing half-written is ever visible under the target name: rows go to a temporary file in
 * the target's folder, {@link #commit()} flushes it, forces it to disk and renames it over the
 * target (atomically where the file system allows), and {@link #close()} without a commit deletes
 * the temporary file. Use it as
 *
 * <pre>{@code
 * try (MtfLogWriter w = MtfLogWriter.open(path, schema)) {
 *   for (MtfLogRow r : rows) w.write(r);
 *   w.commit();
 * }
 * }</pre>
 *
 * Every row is checked as it is written (widths, value ranges, structure rules of {@link MtfLog}),
 * so a committed file always reads back. Numbers are written with {@link Double#toString}, the
 * shortest decimal that parses back to the same double: a round trip is bit-exact.
 */
public final class MtfLogWriter implements Closeable {
  /** The CSV dialect: RFC 4180 with '\n' line ends, so files are identical across platforms. */
  static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

  private final Path target;
  private final Path temporary;
  private final MtfLogSchema schema;
  private final FileOutputStream stream;
  private final CSVPrinter printer;
  private final Set<Long> finishedSessions = new HashSet<>();
  private final List<String> record;
  private MtfLogRow previous;
  private long rows;
  private boolean finished;

  private MtfLogWriter(Path target, MtfLogSchema schema) throws IOException {
    this.target = target;
    this.schema = schema;
    this.temporary = AtomicFiles.temporarySibling(target);
    FileOutputStream s = null;
    CSVPrinter p;
    try {
      s = new FileOutputStream(temporary.toFile());
      p = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8),
          1 << 16), FORMAT);
      p.printRecord(schema.columns());
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        s.close();
      }
      Files.deleteIfExists(temporary);
      throw e;
    }
    this.stream = s;
    this.printer = p;
    this.record = new ArrayList<>(schema.columnCount());
  }

  /**
   * Opens a writer for {@code target} (created with its folders; replaced on commit) and writes
   * the header of {@code schema}.
   *
   * @throws UncheckedIOException naming the target if the temporary file cannot be created
   */
  public static MtfLogWriter open(Path target, MtfLogSchema schema) {
    if (target == null || schema == null) {
      throw new IllegalArgumentException("MtfLogWriter: target and schema must be set");
    }
    try {
      return new MtfLogWriter(target, schema);
    } catch (IOException e) {
      throw new UncheckedIOException("MtfLogWriter: cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes a whole log to {@code target} and commits it. */
  public static void write(Path target, MtfLog log) {
    try (MtfLogWriter w = open(target, log.schema())) {
      for (MtfLogRow r : log.rows()) {
        w.write(r);
      }
      w.commit();
    }
  }

  public MtfLogSchema schema() {
    return schema;
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /**
   * Checks and writes one row.
   *
   * @throws IllegalArgumentException (a {@link MtfLog.StructureException} for structure rules)
   *     naming the row and column; the row is not written, and the writer can still be closed
   */
  public void write(MtfLogRow row) {
    if (finished) {
      throw new IllegalStateException("MtfLogWriter: " + target + " was already committed or closed");
    }
    row.checkWidths(schema);
    MtfLog.check(previous, row, finishedSessions, (int) Math.min(rows, Integer.MAX_VALUE));
    if (previous != null && previous.sessionId() != row.sessionId()) {
      finishedSessions.add(previous.sessionId());
    }
    record.clear();
    record.add(Long.toString(row.sessionId()));
    record.add(Long.toString(row.userId()));
    record.add(Integer.toString(row.requestIndex()));
    record.add(Integer.toString(row.position()));
    record.add(Long.toString(row.itemId()));
    addAll(row.userFeatures());
    addAll(row.action());
    addAll(row.baselineAction());
    record.add(Double.toString(row.density()));
    addAll(row.predictions());
    record.add(Double.toString(row.fusedScore()));
    record.add(flag(row.click()));
    record.add(flag(row.longView()));
    record.add(flag(row.like()));
    record.add(flag(row.share()));
    record.add(Double.toString(row.watchTimeSeconds()));
    record.add(Double.toString(row.reward()));
    try {
      printer.printRecord(record);
    } catch (IOException e) {
      throw new UncheckedIOException("MtfLogWriter: writing " + target + " failed: " + e.getMessage(), e);
    }
    previous = row;
    rows++;
  }

  private void addAll(double[] values) {
    for (double v : values) {
      record.add(Double.toString(v));
    }
  }

  private static String flag(boolean b) {
    return b ? "1" : "0";
  }

  /**
   * Flushes, forces to disk and renames the temporary file over the target. After a failure the
   * temporary file is removed and the target is untouched.
   */
  public void commit() {
    if (finished) {
      throw new IllegalStateException("MtfLogWriter: " + target + " was already committed or closed");
    }
    finished = true;
    boolean moved = false;
    try {
      printer.flush();
      stream.getChannel().force(true);
      printer.close();
      AtomicFiles.commit(temporary, target);
      moved = true;
    } catch (IOException e) {
      throw new UncheckedIOException("MtfLogWriter: committing " + target + " failed: "
          + e.getMessage(), e);
    } finally {
      if (!moved) {
        discard();
      }
    }
  }

  /** Without a prior {@link #commit()}: discards the temporary file and leaves the target as it was. */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    discard();
  }

  private void discard() {
    try {
      printer.close();
    } catch (IOException ignored) {
      // the file is being thrown away; the original problem is the one worth reporting
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // as above
    }
  }
}
