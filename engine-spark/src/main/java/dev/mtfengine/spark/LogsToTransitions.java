package dev.mtfengine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;

import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogFormatException;
import dev.mtfengine.mtf.log.MtfLogReader;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.MtfLogSchema;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSet;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MTF logs to transition shards on Spark: what {@code mtf train --data log.csv} does on one
 * machine ({@code MtfLogReader}, then {@code SessionTransitions}), for logs spread over many files
 * of a warehouse export (docs/scale-out.md).
 *
 * <ol>
 *   <li><b>Rows.</b> Each input file is read by one task, so every row keeps its file and line:
 *       CSV through the reader's own dialect, Parquet with its row index ({@code
 *       _metadata.row_index}; the "line" of a Parquet row is its 1-based index in the file). Every
 *       row is checked by {@link MtfLogReader.LineParser}, the single-machine reader's rules and
 *       messages; a bad row is kept with its message, never dropped.
 *   <li><b>Sessions.</b> Window functions over each session (partitioned by {@code session_id})
 *       give its first row (file, line), the session's place in log order, and whether any of its
 *       rows is bad. Rows need not be sorted in the files: sessions are assembled by id, ordered
 *       by (session's first file and line, request index, position).
 *   <li><b>Shards.</b> Sessions are range-partitioned in log order into {@code partitions} parts;
 *       each task checks its sessions against the structure rules of {@link MtfLog} (same
 *       messages), turns them into transitions with {@link SessionTransitions} and writes one
 *       {@code .mtft} shard, {@code part-NNNNN.mtft}. Read in name order, the shards hold the
 *       transitions {@code mtf} makes of the same log on one machine, in the same order; with one
 *       partition the shard is that file, byte for byte.
 * </ol>
 *
 * Bad rows stop the job by default: nothing is written under the output directory, every bad
 * row is listed (file, line, problem) in {@code <output>.rejected/}, and the error names the count
 * and the first problems. With {@code skipBadSessions} the sessions holding a bad row are left out
 * instead, counted, and listed the same way. Shards are written under a temporary directory that is
 * renamed to the output directory only when the whole job succeeded.
 */
public final class LogsToTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(LogsToTransitions.class);
  /** The summary written beside the shards. */
  public static final String SUMMARY = "summary.json";
  /** How many problems the error message and the log quote (all are in the rejected listing). */
  static final int QUOTED_PROBLEMS = 5;

  private LogsToTransitions() {}

  /** The input file format. */
  public enum Format {
    CSV(".csv"),
    PARQUET(".parquet");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * What to convert and how.
   *
   * @param inputs files or directories (every {@code *.csv} / {@code *.parquet} file in them)
   * @param format the inputs' format
   * @param output the directory of the shards; must not exist
   * @param partitions the number of shards (>= 1); empty parts write no shard
   * @param featuresOnly the state encoding: user features alone ({@link StateEncoding#featuresOnly()},
   *     oracle-mode simulator logs) instead of {@link StateEncoding#defaults()}
   * @param roundId the progressive-training round stored in every transition
   * @param parquetCopy also write the transitions as Parquet under {@code <output>/parquet}
   * @param skipBadSessions leave out (and list) sessions with a bad row instead of failing
   */
  public record Options(List<String> inputs, Format format, String output, int partitions, boolean featuresOnly,
      int roundId, boolean parquetCopy, boolean skipBadSessions) implements Serializable {
    public Options {
      inputs = List.copyOf(inputs);
      if (inputs.isEmpty()) {
        throw new IllegalArgumentException("logs-to-transitions: give at least one input file or directory");
      }
      if (partitions < 1) {
        throw new IllegalArgumentException("logs-to-transitions: partitions = " + partitions + " must be >= 1");
      }
      if (roundId < 0) {
        throw new IllegalArgumentException("logs-to-transitions: round = " + roundId + " must be >= 0");
      }
    }
  }

  /** One written shard. */
  public record Shard(String file, long transitions, String contentHash) implements Serializable {}

  /**
   * What the job did.
   *
   * @param rows rows read (every file, bad ones included)
   * @param sessions sessions converted
   * @param transitions transitions written (one per request)
   * @param badRows rows with a problem (a value, or a structure rule of their session)
   * @param skippedSessions sessions left out because of a bad row ({@code skipBadSessions})
   * @param rejected the listing of bad rows, or null when there were none
   */
  public record Summary(List<String> files, long rows, long sessions, long transitions, long badRows,
      long skippedSessions, List<Shard> shards, String rejected, double seconds) {}

  /** The job failed on bad rows; nothing was written under the output directory. */
  public static final class BadRowsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadRowsException(String message) {
      super(message);
    }
  }

  /** The rows stage's columns: a row of the log with its place and, if bad, its problem. */
  static final StructType ROWS = new StructType()
      .add("file", DataTypes.StringType, false)
      .add("line", DataTypes.LongType, false)
      .add("session_id", DataTypes.LongType, true)
      .add("request_index", DataTypes.IntegerType, true)
      .add("position", DataTypes.IntegerType, true)
      .add("cells", DataTypes.StringType, true)
      .add("problem", DataTypes.StringType, true);

  /** The shards stage's output: a shard written, or a bad row found by the structure rules. */
  static final StructType OUTCOMES = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("file", DataTypes.StringType, true)
      .add("line", DataTypes.LongType, true)
      .add("problem", DataTypes.StringType, true)
      .add("sessions", DataTypes.LongType, true)
      .add("transitions", DataTypes.LongType, true)
      .add("hash", DataTypes.StringType, true)
      .add("left_out", DataTypes.LongType, true);

  /** Runs the job; throws {@link BadRowsException} (listing written) when rows are bad and not skipped. */
  public static Summary run(SparkSession spark, Options o) {
    long start = System.nanoTime();
    if (ShardStore.exists(o.output())) {
      throw new IllegalArgumentException(o.output() + " already exists; the shards go to a new directory"
          + " (remove it or choose another)");
    }
    String rejected = o.output() + ".rejected";
    if (ShardStore.exists(rejected)) {
      ShardStore.delete(rejected); // the listing of an earlier failed run of the same output
    }
    List<String> files = ShardStore.list(o.inputs(), o.format().suffix);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Headers headers = o.format() == Format.CSV ? Headers.ofCsv(jsc, files) : Headers.ofParquet(spark, files);
    Broadcast<Headers> sharedHeaders = jsc.broadcast(headers);
    LOG.info("logs-to-transitions: {} {} file(s), schema {}", files.size(), o.format(), headers.schema());

    Dataset<Row> rows = (o.format() == Format.CSV ? csvRows(spark, jsc, files, sharedHeaders) : parquetRows(spark, files, headers))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rowCount = rows.count();
      Dataset<Row> badValues = rows.filter(col("problem").isNotNull()).select("file", "line", "problem");
      long badValueCount = badValues.count();
      if (badValueCount > 0 && !o.skipBadSessions()) {
        throw reject(badValues, badValueCount, rejected, "value");
      }

      // sessions: window functions give each row its session's first (file, line) and whether the
      // session holds a bad row; sessions are then range-partitioned in log order
      WindowSpec session = Window.partitionBy("session_id");
      Dataset<Row> ordered = rows
          .withColumn("first", min(struct(col("file"), col("line"))).over(session))
          .withColumn("bad_session", max(col("problem").isNotNull()).over(session));
      long skippedSessions = o.skipBadSessions()
          ? ordered.filter(col("bad_session").and(col("session_id").isNotNull())).select("session_id").distinct().count()
          : 0;
      Dataset<Row> clean = ordered.filter(col("session_id").isNotNull().and(not(col("bad_session"))))
          .repartitionByRange(o.partitions(), col("first.file"), col("first.line"))
          .sortWithinPartitions(col("first.file"), col("first.line"), col("request_index"), col("position"));

      String staging = new Path(new Path(o.output()).getParent(),
          "." + new Path(o.output()).getName() + ".staging-" + UUID.randomUUID()).toString();
      ShardStore.mkdirs(staging);
      boolean committed = false;
      Dataset<Row> outcomes = clean.mapPartitions(
              new ShardWriter(sharedHeaders, o.featuresOnly(), o.roundId(), staging), Encoders.row(OUTCOMES))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<Row> shardRows = outcomes.filter(col("kind").equalTo("shard")).collectAsList();
        Dataset<Row> badStructure = outcomes.filter(col("kind").equalTo("bad")).select("file", "line", "problem");
        long badStructureCount = badStructure.count();
        if (badStructureCount > 0 && !o.skipBadSessions()) {
          throw reject(badStructure, badStructureCount, rejected, "structure");
        }
        long badRows = badValueCount + badStructureCount;
        long structureSessions = 0;
        List<Shard> shards = new ArrayList<>();
        long sessions = 0;
        long transitions = 0;
        shardRows = new ArrayList<>(shardRows);
        shardRows.sort((a, b) -> a.getString(1).compareTo(b.getString(1)));
        for (Row r : shardRows) {
          sessions += r.getLong(4);
          transitions += r.getLong(5);
          structureSessions += r.getLong(7); // sessions this part left out for structure problems
          if (r.getLong(5) > 0) {
            shards.add(new Shard(new Path(o.output(), new Path(r.getString(1)).getName()).toString(), r.getLong(5),
                r.getString(6)));
          }
        }
        if (badRows > 0) {
          writeListing(badValues.union(badStructure), rejected);
          LOG.warn("logs-to-transitions: {} bad row(s); {} session(s) left out, listed in {}", badRows,
              skippedSessions + structureSessions, rejected);
        }
        if (o.parquetCopy()) {
          writeParquetCopy(spark, jsc, shards, staging);
        }
        Summary summary = new Summary(files, rowCount, sessions, transitions, badRows,
            skippedSessions + structureSessions, shards, badRows > 0 ? rejected : null, (System.nanoTime() - start) * 1e-9);
        ShardStore.writeText(new Path(staging, SUMMARY).toString(), Json.write(summary));
        ShardStore.rename(staging, o.output());
        committed = true;
        return summary;
      } finally {
        outcomes.unpersist();
        if (!committed) {
          ShardStore.delete(staging);
        }
      }
    } finally {
      rows.unpersist();
    }
  }

  /** Lists every bad row and builds the job's error, quoting the first few. */
  private static BadRowsException reject(Dataset<Row> bad, long count, String rejected, String kind) {
    List<Row> first = bad.orderBy("file", "line").limit(QUOTED_PROBLEMS).collectAsList();
    writeListing(bad, rejected);
    StringBuilder m = new StringBuilder().append(count).append(count == 1 ? " bad row" : " bad rows")
        .append(" (").append(kind).append(" check); nothing was written. Every one is listed in ").append(rejected)
        .append(" (file, line, problem). Fix the log, or pass --skip-bad-sessions to leave out the sessions that hold them. First:");
    for (Row r : first) {
      m.append("\n  ").append(r.getString(2));
    }
    return new BadRowsException(m.toString());
  }

  /** Every bad row, sorted by file and line, as one CSV file with a header. */
  private static void writeListing(Dataset<Row> bad, String rejected) {
    bad.orderBy("file", "line").coalesce(1).write().mode("overwrite").option("header", "true").csv(rejected);
  }

  // ---------------------------------------------------------------------------------- rows stage

  /** Each file's header (a file whose header is bad has its problem instead). */
  static final class Headers implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The first file's header: its schema is the one every file must have. */
    final String first;
    final Map<String, List<String>> byFile;
    /** Parquet: the dataset's columns, shared by every file; null for CSV. */
    final List<String> common;
    final Map<String, String> problems;
    private transient MtfLogSchema schema;

    Headers(String first, Map<String, List<String>> byFile, List<String> common, Map<String, String> problems) {
      this.first = first;
      this.byFile = byFile;
      this.common = common;
      this.problems = problems;
    }

    MtfLogSchema schema() {
      if (schema == null) {
        schema = parser(first).schema();
      }
      return schema;
    }

    MtfLogReader.LineParser parser(String file) {
      return MtfLogReader.LineParser.forHeader(file, common != null ? common : byFile.get(file));
    }

    /** Reads every CSV header in parallel; the first file's schema is the one every file must have. */
    static Headers ofCsv(JavaSparkContext jsc, List<String> files) {
      List<List<String>> read = jsc.parallelize(files, Math.max(1, Math.min(files.size(), 64)))
          .map(LogsToTransitions::csvHeader).collect();
      Map<String, List<String>> byFile = new HashMap<>();
      Map<String, String> problems = new HashMap<>();
      MtfLogSchema expected = MtfLogReader.LineParser.forHeader(files.get(0), read.get(0)).schema();
      for (int i = 0; i < files.size(); i++) {
        try {
          MtfLogReader.LineParser p = MtfLogReader.LineParser.forHeader(files.get(i), read.get(i));
          p.requireSchema(expected);
          byFile.put(files.get(i), p.header());
        } catch (MtfLogFormatException e) {
          problems.put(files.get(i), e.getMessage());
        }
      }
      if (!problems.isEmpty() && problems.containsKey(files.get(0))) {
        throw new MtfLogFormatException(files.get(0), 1, 0, null, problems.get(files.get(0)));
      }
      return new Headers(files.get(0), byFile, null, problems);
    }

    /** Parquet files share the dataset's columns (Spark's schema of the first file). */
    static Headers ofParquet(SparkSession spark, List<String> files) {
      List<String> names = List.of(spark.read().parquet(files.toArray(String[]::new)).columns());
      MtfLogReader.LineParser.forHeader(files.get(0), names); // a bad header is refused here
      return new Headers(files.get(0), Map.of(), List.copyOf(names), new HashMap<>());
    }
  }

  /** The first line of a CSV file, as cells (empty for an empty file). */
  private static List<String> csvHeader(String file) {
    try (Reader in = open(file); CSVParser parser = MtfLogReader.records(in)) {
      Iterator<CSVRecord> it = parser.iterator();
      return it.hasNext() ? it.next().toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      return List.of();
    }
  }

  /** A strict UTF-8 reader of a file on any Hadoop file system. */
  private static Reader open(String file) throws IOException {
    Path p = new Path(file);
    return new java.io.BufferedReader(new InputStreamReader(p.getFileSystem(new Configuration()).open(p),
        StandardCharsets.UTF_8.newDecoder()), 1 << 16);
  }

  private static Dataset<Row> csvRows(SparkSession spark, JavaSparkContext jsc, List<String> files,
      Broadcast<Headers> headers) {
    JavaRDD<Row> rdd = jsc.parallelize(files, files.size()).flatMap((FlatMapFunction<String, Row>) file ->
        new CsvRows(file, headers.value()));
    return spark.createDataFrame(rdd, ROWS);
  }

  /** The rows of one CSV file, lazily, each checked; a problem becomes the row's {@code problem}. */
  private static final class CsvRows implements Iterator<Row> {
    private final String file;
    private Reader in;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private MtfLogReader.LineParser lines;
    private int sessionColumn;
    private Row next;
    private boolean done;

    CsvRows(String file, Headers headers) throws IOException {
      this.file = file;
      String headerProblem = headers.problems.get(file);
      if (headerProblem != null) {
        next = RowFactory.create(file, 1L, null, null, null, null, headerProblem);
        done = true;
        return;
      }
      lines = headers.parser(file);
      sessionColumn = lines.header().indexOf(MtfLogSchema.ID_COLUMNS.get(0));
      in = open(file);
      parser = MtfLogReader.records(in);
      records = parser.iterator();
      records.next(); // the header, checked already
      advance();
    }

    private void advance() {
      next = null;
      if (done) {
        return;
      }
      long line = parser.getCurrentLineNumber() + 1;
      try {
        if (!records.hasNext()) {
          finish();
          return;
        }
        CSVRecord r = records.next();
        line = r.getRecordNumber();
        String[] cells = r.values();
        try {
          MtfLogRow row = lines.parse(cells.length, i -> cells[i], line);
          next = RowFactory.create(file, line, row.sessionId(), row.requestIndex(), row.position(),
              String.join(",", cells), null);
        } catch (MtfLogFormatException e) {
          next = RowFactory.create(file, line, sessionOf(cells), null, null, null, e.getMessage());
        }
      } catch (UncheckedIOException e) {
        // the reader's two whole-file problems: not UTF-8, or not CSV (e.g. an unterminated quote);
        // the rest of the file cannot be read, which the message says
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String problem = cause instanceof CharacterCodingException
            ? "is not valid UTF-8 from here on; MTF logs are UTF-8 text: convert the file (e.g. iconv -t UTF-8)"
            : "not a readable CSV file from here on: " + cause.getMessage()
                + "; write MTF logs with MtfLogWriter or an RFC 4180 CSV writer";
        next = RowFactory.create(file, line, null, null, null, null,
            new MtfLogFormatException(file, line, 0, null, problem + " (the rest of the file was not read)").getMessage());
        finish();
      }
    }

    private Long sessionOf(String[] cells) {
      try {
        return sessionColumn >= 0 && sessionColumn < cells.length ? Long.valueOf(cells[sessionColumn]) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private void finish() {
      done = true;
      try {
        parser.close();
        in.close();
      } catch (IOException ignored) {
        // read-only stream
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Row next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Row r = next;
      advance();
      return r;
    }
  }

  /** Parquet rows rendered as the CSV cells they stand for, then checked by the same parser. */
  private static Dataset<Row> parquetRows(SparkSession spark, List<String> files, Headers headers) {
    List<String> names = headers.common;
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    columns.add(col("_metadata.file_path").as("__file"));
    columns.add(col("_metadata.row_index").as("__row"));
    for (String n : names) {
      columns.add(col("`" + n + "`"));
    }
    Dataset<Row> raw = spark.read().parquet(files.toArray(String[]::new))
        .select(columns.toArray(org.apache.spark.sql.Column[]::new));
    int width = names.size();
    return raw.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> {
      String file = r.getString(0).startsWith("file:") ? java.net.URI.create(r.getString(0)).getPath() : r.getString(0);
      long line = r.getLong(1) + 1;
      String[] cells = new String[width];
      for (int i = 0; i < width; i++) {
        cells[i] = parquetCell(r.get(i + 2));
      }
      MtfLogReader.LineParser lines = MtfLogReader.LineParser.forHeader(file, names);
      try {
        MtfLogRow row = lines.parse(width, i -> cells[i], line);
        return RowFactory.create(file, line, row.sessionId(), row.requestIndex(), row.position(),
            String.join(",", cells), null);
      } catch (MtfLogFormatException e) {
        Long session = null;
        try {
          session = Long.valueOf(cells[names.indexOf(MtfLogSchema.ID_COLUMNS.get(0))]);
        } catch (NumberFormatException | IndexOutOfBoundsException ignored) {
          // a bad session id is the row's problem already
        }
        return RowFactory.create(file, line, session, null, null, null, e.getMessage());
      }
    }, Encoders.row(ROWS));
  }

  /**
   * A Parquet value as the CSV cell it stands for: integers and decimals in Java's shortest
   * round-trip form (a float widened to double first, exactly), booleans as the flags 0 / 1, null
   * as an empty cell (which the parser names as missing).
   */
  static String parquetCell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof Float f) {
      return Double.toString(f.doubleValue());
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }

  // -------------------------------------------------------------------------------- shards stage

  /**
   * One task of the shards stage: its rows arrive sorted by session's place, request and position;
   * each session is checked by the structure rules and converted; the part's transitions become
   * one shard in the staging directory. Emits a "shard" outcome (with the number of sessions it left
   * out for structure problems) and one "bad" outcome per session that broke a rule (its first bad row).
   */
  private static final class ShardWriter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Headers> headers;
    private final boolean featuresOnly;
    private final int roundId;
    private final String staging;
    private transient StateEncoding encoding;

    ShardWriter(Broadcast<Headers> headers, boolean featuresOnly, int roundId, String staging) {
      this.headers = headers;
      this.featuresOnly = featuresOnly;
      this.roundId = roundId;
      this.staging = staging;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      Headers h = headers.value();
      encoding = featuresOnly ? StateEncoding.featuresOnly() : StateEncoding.defaults();
      Map<String, MtfLogReader.LineParser> parsers = new HashMap<>();
      TransitionSet.Builder shard = TransitionSet.builder(SessionTransitions.schema(h.schema(), encoding));
      List<Row> out = new ArrayList<>();
      List<Row> session = new ArrayList<>();
      long sessions = 0;
      long leftOut = 0;
      while (input.hasNext() || !session.isEmpty()) {
        Row r = input.hasNext() ? input.next() : null;
        if (r != null && (session.isEmpty() || session.get(0).getLong(2) == r.getLong(2))) {
          session.add(r);
          continue;
        }
        Row bad = convert(session, h, parsers, shard);
        if (bad == null) {
          sessions++;
        } else {
          out.add(bad);
          leftOut++;
        }
        session.clear();
        if (r != null) {
          session.add(r);
        }
      }
      String name = String.format(Locale.ROOT, "part-%05d.mtft", TaskContext.getPartitionId());
      String hash = null;
      if (shard.size() > 0) {
        hash = ShardStore.write(shard.build(), new Path(staging, name).toString());
      }
      out.add(RowFactory.create("shard", name, null, null, sessions, (long) shard.size(), hash, leftOut));
      return out.iterator();
    }

    /** Adds one session's transitions; returns its first bad row's outcome instead if a rule is broken. */
    private Row convert(List<Row> rows, Headers h, Map<String, MtfLogReader.LineParser> parsers,
        TransitionSet.Builder shard) {
      MtfLog.Builder log = MtfLog.builder(h.schema());
      for (Row r : rows) {
        String file = r.getString(0);
        long line = r.getLong(1);
        MtfLogReader.LineParser p = parsers.computeIfAbsent(file, h::parser);
        String[] cells = r.getString(5).split(",", -1);
        try {
          log.add(p.parse(cells.length, i -> cells[i], line));
        } catch (MtfLog.StructureException e) {
          return RowFactory.create("bad", file, line, p.structureError(e, line).getMessage(), null, null, null, null);
        }
      }
      LoggedSession s = log.build().sessions().get(0);
      for (Transition t : SessionTransitions.transitions(s, encoding, RewardConfig.defaults(), roundId)) {
        shard.add(t);
      }
      return null;
    }
  }

  // ------------------------------------------------------------------------------- parquet copy

  /** The transitions' Parquet columns (docs/scale-out.md). */
  static final StructType TRANSITIONS = new StructType()
      .add("state", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("action", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("reward", DataTypes.FloatType, false)
      .add("reward_components", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("next_state", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("done", DataTypes.BooleanType, false)
      .add("behaviour_density", DataTypes.DoubleType, false)
      .add("baseline_action", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("next_baseline_action", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("episode_id", DataTypes.LongType, false)
      .add("step_index", DataTypes.IntegerType, false)
      .add("round_id", DataTypes.IntegerType, false);

  private static void writeParquetCopy(SparkSession spark, JavaSparkContext jsc, List<Shard> shards, String staging) {
    List<String> staged = new ArrayList<>();
    for (Shard s : shards) {
      staged.add(new Path(staging, new Path(s.file()).getName()).toString());
    }
    if (staged.isEmpty()) {
      return;
    }
    JavaRDD<Row> rows = jsc.parallelize(staged, staged.size()).flatMap((FlatMapFunction<String, Row>) file -> {
      TransitionSet set = ShardStore.read(file);
      List<Row> out = new ArrayList<>((int) set.size());
      for (long i = 0; i < set.size(); i++) {
        Transition t = set.get(i);
        out.add(RowFactory.create(boxed(t.state()), boxed(t.action()), t.reward(), boxed(t.rewardComponents()),
            boxed(t.nextState()), t.done(), t.behaviourDensity(), boxed(t.baselineAction()),
            boxed(t.nextBaselineAction()), t.episodeId(), t.stepIndex(), t.roundId()));
      }
      return out.iterator();
    });
    spark.createDataFrame(rows, TRANSITIONS).write().parquet(new Path(staging, "parquet").toString());
  }

  private static Float[] boxed(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }
}
