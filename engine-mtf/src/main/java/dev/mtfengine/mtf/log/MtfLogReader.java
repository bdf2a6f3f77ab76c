package dev.mtfengine.mtf.log;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an MTF log CSV (docs/data-format.md, "MTF logs") through Apache Commons CSV and checks all
 * of it: the header (every required column present, no unknown or duplicate column, complete
 * vector groups), every value (a number where a number belongs, finite features, actions in [-1,
 * 1], density > 0, predictions in [0, 1], feedback flags 0 or 1, watch time >= 0) and the
 * structure rules of {@link MtfLog}. The first problem stops the read with a {@link
 * MtfLogFormatException} naming the file, the line (the header is line 1), the column and what to
 * do.
 *
 * <p>Line numbers are record numbers: the format never needs quoted line breaks (every value is a
 * number), and empty lines are reported rather than skipped, so record n sits on line n.
 */
public final class MtfLogReader {
  /** Reading dialect: the writer's, but empty lines are records (so they are reported). */
  private static final CSVFormat FORMAT =
      MtfLogWriter.FORMAT.builder().setIgnoreEmptyLines(false).get();
  /** A plain decimal or scientific number, NaN or (+/-)Infinity; no hex, no 'f'/'d' suffixes. */
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private MtfLogReader() {}

  /**
   * The records of a log read from {@code in}, in the reader's CSV dialect (record n is line n:
   * empty lines are records). For callers that read a log's text themselves (engine-spark).
   */
  public static CSVParser records(Reader in) throws IOException {
    return FORMAT.parse(in);
  }

  /** Reads {@code file}, taking the schema from its header. */
  public static MtfLog read(Path file) {
    return read(file, null);
  }

  /**
   * Reads {@code file} and requires its header to describe {@code expected} (null: any schema).
   *
   * @throws MtfLogFormatException for the first malformed header, value or row
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static MtfLog read(Path file, MtfLogSchema expected) {
    refuseUtf16(file);
    CSVParser open = null;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      open = parser;
      return parse(file, parser, expected);
    } catch (CharacterCodingException e) {
      throw notUtf8(file);
    } catch (IOException e) {
      throw new UncheckedIOException("MtfLogReader: cannot read " + file + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      // Commons CSV wraps parse errors (e.g. an unterminated quote) and decoding errors in UncheckedIOException
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof CharacterCodingException c) {
        throw notUtf8(file);
      }
      throw new MtfLogFormatException(file, open == null ? 0 : open.getCurrentLineNumber() + 1, 0, null,
          "not a readable CSV file: " + cause.getMessage()
              + "; write MTF logs with MtfLogWriter or an RFC 4180 CSV writer");
    }
  }

  /**
   * A byte sequence that is not UTF-8. The decoder works ahead of the parser, so the line is found
   * by decoding the file again line by line (only on this error path).
   */
  private static MtfLogFormatException notUtf8(Path file) {
    return new MtfLogFormatException(file, firstNonUtf8Line(file), 0, null, "is not valid UTF-8; MTF logs are"
        + " UTF-8 text: convert the file (e.g. iconv -t UTF-8) and read it again");
  }

  /** The 1-based number of the first line that does not decode as UTF-8 (0 if every line does). */
  static long firstNonUtf8Line(Path file) {
    try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      long number = 1;
      for (int b; ; ) {
        b = in.read();
        if (b == '\n' || b < 0) {
          try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line.toByteArray()));
          } catch (CharacterCodingException bad) {
            return number;
          }
          if (b < 0) {
            return 0;
          }
          line.reset();
          number++;
        } else {
          line.write(b);
        }
      }
    } catch (IOException io) {
      throw new UncheckedIOException("MtfLogReader: cannot read " + file + ": " + io.getMessage(), io);
    }
  }

  /** A UTF-16 file starts with a byte-order mark; say so instead of failing on its first byte. */
  private static void refuseUtf16(Path file) {
    byte[] head = new byte[2];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, 2) == 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
          || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
        throw new MtfLogFormatException(file, 1, 0, null, "is UTF-16 (it starts with a UTF-16 byte-order mark);"
            + " MTF logs are UTF-8 text: convert the file (e.g. iconv -f UTF-16 -t UTF-8) and read it again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("MtfLogReader: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MtfLog parse(Path file, CSVParser parser, MtfLogSchema expected) {
    Iterator<CSVRecord> records = parser.iterator();
    if (!records.hasNext()) {
      throw new MtfLogFormatException(file, 0, 0, null,
          "the file is empty; an MTF log starts with a header line (docs/data-format.md)");
    }
    LineParser lines = LineParser.forHeader(new Source(file, file.toString()), records.next().toList());
    if (expected != null) {
      lines.requireSchema(expected);
    }
    MtfLog.Builder log = MtfLog.builder(lines.schema());
    while (records.hasNext()) {
      CSVRecord record = records.next();
      long line = record.getRecordNumber();
      MtfLogRow row = lines.parse(record.size(), record::get, line);
      try {
        log.add(row);
      } catch (MtfLog.StructureException e) {
        throw lines.structureError(e, line);
      }
    }
    return log.build();
  }

  private static String problemOf(MtfLogSchema.HeaderException e) {
    String m = e.getMessage();
    String prefix = e.column() > 0 ? "column " + e.column() + " (" + e.name() + ") "
        : "column " + e.name() + " ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /**
   * The reader's rules for the lines of a log whose header is known, one line at a time: what
   * {@link #read} does for each record, for a caller that splits the log itself (engine-spark
   * reads each file of a warehouse export in its own task and keeps going after a bad row, to
   * count and list them all). Messages are the reader's, naming {@code source} and the line.
   */
  /** The log a message names: a local file (then the exception carries its path) or a URI. */
  private record Source(Path file, String name) {
    MtfLogFormatException error(long line, int column, String columnName, String problem) {
      return file != null ? new MtfLogFormatException(file, line, column, columnName, problem)
          : new MtfLogFormatException(name, line, column, columnName, problem);
    }
  }

  public static final class LineParser {
    private final Source source;
    private final List<String> header;
    private final MtfLogSchema schema;
    private final Map<String, Integer> position = new HashMap<>();
    private final RowParser rows;

    private LineParser(Source source, List<String> header, MtfLogSchema schema) {
      this.source = source;
      this.header = header;
      this.schema = schema;
      for (int c = 0; c < header.size(); c++) {
        position.put(header.get(c), c);
      }
      List<String> columns = schema.columns();
      int[] at = new int[columns.size()]; // schema column -> header position
      for (int i = 0; i < at.length; i++) {
        at[i] = position.get(columns.get(i));
      }
      this.rows = new RowParser(source, schema, header, at);
    }

    /**
     * The parser for the log whose header line (line 1) holds {@code header}; a leading UTF-8
     * byte-order mark is not part of the first name.
     *
     * @throws MtfLogFormatException for a malformed header, naming {@code source}, line 1 and the column
     */
    public static LineParser forHeader(String source, List<String> header) {
      return forHeader(new Source(null, source), header);
    }

    private static LineParser forHeader(Source source, List<String> header) {
      List<String> names = new ArrayList<>(header);
      if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
        names.set(0, names.get(0).substring(1));
      }
      try {
        return new LineParser(source, List.copyOf(names), MtfLogSchema.fromHeader(names));
      } catch (MtfLogSchema.HeaderException e) {
        throw source.error(1, e.column(), e.name(), problemOf(e));
      }
    }

    /** The schema the header describes. */
    public MtfLogSchema schema() {
      return schema;
    }

    /** The header's column names, in file order. */
    public List<String> header() {
      return header;
    }

    /**
     * Requires the header to describe {@code expected}.
     *
     * @throws MtfLogFormatException naming the first column missing, unexpected or out of order
     */
    public void requireSchema(MtfLogSchema expected) {
      List<String> want = expected.columns();
      for (String c : want) {
        if (!header.contains(c)) {
          throw source.error(1, -1, c, "is missing; the expected schema (F = "
              + expected.featureCount() + ", K = " + expected.actionDimension() + ", heads "
              + expected.heads() + ") needs it");
        }
      }
      for (int c = 0; c < header.size(); c++) {
        if (!want.contains(header.get(c))) {
          throw source.error(1, c + 1, header.get(c), "is not in the expected "
              + "schema (F = " + expected.featureCount() + ", K = " + expected.actionDimension()
              + ", heads " + expected.heads() + "); remove it or read without an expected schema");
        }
      }
      if (!schema.heads().equals(expected.heads())) {
        throw source.error(1, 0, null, "the prediction columns come in the "
            + "order " + schema.heads() + ", the expected schema has " + expected.heads()
            + "; reorder the pred_ columns");
      }
    }

    /**
     * One data line: {@code count} cells, cell c (in header order) given by {@code cell}.
     *
     * @throws MtfLogFormatException for a wrong number of values or the first bad value
     */
    public MtfLogRow parse(int count, IntFunction<String> cell, long line) {
      if (count != header.size()) {
        throw source.error(line, 0, null, "has " + count
            + (count == 1 ? " value" : " values") + ", the header has " + header.size()
            + " columns; every line needs one value per column (remove empty lines, check the "
            + "delimiter is ',')");
      }
      return rows.parse(cell, line);
    }

    /** The reader's error for a row that breaks a structure rule of {@link MtfLog}. */
    public MtfLogFormatException structureError(MtfLog.StructureException e, long line) {
      Integer c = position.get(e.column());
      return source.error(line, c == null ? -1 : c + 1, e.column(), e.getMessage());
    }
  }

  /** Parses the cells of one record into a row, naming file, line and column on any problem. */
  private static final class RowParser {
    private final Source file;
    private final MtfLogSchema schema;
    private final List<String> header;
    private final int[] at;
    private IntFunction<String> record;
    private long line;
    private int next;

    RowParser(Source file, MtfLogSchema schema, List<String> header, int[] at) {
      this.file = file;
      this.schema = schema;
      this.header = header;
      this.at = at;
    }

    MtfLogRow parse(IntFunction<String> r, long lineNumber) {
      record = r;
      line = lineNumber;
      next = 0;
      long session = integer(Long.MIN_VALUE);
      long user = integer(Long.MIN_VALUE);
      int request = (int) integer(0);
      int position = (int) integer(0);
      long item = integer(Long.MIN_VALUE);
      double[] features = vector(schema.featureCount(), MtfLogValues::feature);
      double[] action = vector(schema.actionDimension(), MtfLogValues::action);
      double[] baseline = vector(schema.actionDimension(), MtfLogValues::action);
      double density = number(MtfLogValues::density);
      double[] predictions = vector(schema.heads().size(), MtfLogValues::prediction);
      double fused = number(MtfLogValues::fusedScore);
      boolean click = flag();
      boolean longView = flag();
      boolean like = flag();
      boolean share = flag();
      double watch = number(MtfLogValues::watchTime);
      double reward = number(MtfLogValues::reward);
      try {
        return new MtfLogRow(session, user, request, position, item, features, action, baseline,
            density, predictions, fused, click, longView, like, share, watch, reward);
      } catch (IllegalArgumentException e) {
        throw file.error(line, 0, null, e.getMessage());
      }
    }

    private String cell() {
      return record.apply(at[next]);
    }

    private MtfLogFormatException error(String problem) {
      int c = at[next];
      return file.error(line, c + 1, header.get(c),
          problem.startsWith("is ") ? "value " + problem : problem);
    }

    /** An integer column; {@code min} is the smallest allowed value. */
    private long integer(long min) {
      String s = cell();
      long v;
      if (!INTEGER.matcher(s).matches()) {
        throw error(describe(s) + " is not an integer; this column holds whole numbers");
      }
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw error(describe(s) + " does not fit a 64-bit integer");
      }
      if (v < min || (min == 0 && v > Integer.MAX_VALUE)) {
        throw error("is " + v + "; it must be in [" + min + ", " + Integer.MAX_VALUE + "]");
      }
      next++;
      return v;
    }

    private double number(DoubleFunction<String> rule) {
      String s = cell();
      if (!NUMBER.matcher(s).matches()) {
        throw error(describe(s) + " is not a number; write decimal numbers such as 0.25 or "
            + "1.5E-4 (NaN and Infinity are spelled so)");
      }
      double v = Double.parseDouble(s);
      String problem = rule.apply(v);
      if (problem != null) {
        throw error(problem);
      }
      next++;
      return v;
    }

    private double[] vector(int width, DoubleFunction<String> rule) {
      double[] v = new double[width];
      for (int i = 0; i < width; i++) {
        v[i] = number(rule);
      }
      return v;
    }

    private boolean flag() {
      String s = cell();
      if (!s.equals("0") && !s.equals("1")) {
        throw error(describe(s) + " is not a feedback flag; write 1 when the event happened, "
            + "0 otherwise");
      }
      next++;
      return s.equals("1");
    }

    private static String describe(String s) {
      return s.isEmpty() ? "the value is empty and" : "'" + s + "'";
    }
  }
}
