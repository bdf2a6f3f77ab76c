package dev.mtfengine.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogReader;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.MtfLogWriter;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.SimulationLogger;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.log.WatchTimeProxy;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsToTransitionsTest {
  @TempDir static Path dir;
  static Path csv;
  static MtfLog log;
  static byte[] singleMachine;

  /** A realistic-mode simulator log of 60 sessions and what {@code mtf} makes of it on one machine. */
  @BeforeAll
  static void logAndItsTransitions() throws IOException {
    csv = dir.resolve("logs/log.csv");
    log = writeSimulatedLog(csv);
    Path single = dir.resolve("single.mtft");
    SessionTransitions.convert(csv, single, StateEncoding.defaults(), RewardConfig.defaults(), 0);
    singleMachine = Files.readAllBytes(single);
  }

  /** Writes a log of 60 simulated sessions (realistic mode, Gaussian exploration) to {@code csv}. */
  static MtfLog writeSimulatedLog(Path csv) throws IOException {
    SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults().withBanksPerType(20), 31);
    int k = sim.actionDimension();
    SessionPolicy baseline = obs -> {
      double[] a = new double[k];
      for (int j = 0; j < k; j++) {
        a[j] = (float) (0.5 * StrictMath.tanh(obs.features()[j % obs.features().length]) + 0.1 * j);
      }
      return a;
    };
    MtfLog written = new SimulationLogger(sim, ObservationConfig.realistic(), baseline,
        new GaussianNoisePolicy(ActionBounds.symmetric(k), 0.2), WatchTimeProxy.none()).run(0, 60);
    Files.createDirectories(csv.getParent());
    MtfLogWriter.write(csv, written);
    return written;
  }

  private static LogsToTransitions.Options options(List<Path> inputs, LogsToTransitions.Format format, Path out,
      int partitions, boolean skip) {
    return new LogsToTransitions.Options(inputs.stream().map(Path::toString).toList(), format, out.toString(),
        partitions, false, 0, false, skip);
  }

  private static TransitionSet concatenated(LogsToTransitions.Summary s) {
    TransitionSet.Builder all = null;
    for (LogsToTransitions.Shard shard : s.shards()) {
      TransitionSet part = TransitionFile.read(local(shard.file()));
      if (all == null) {
        all = TransitionSet.builder(part.schema());
      }
      all.addAll(part);
    }
    return all.build();
  }

  @Test
  void onePartitionWritesTheSingleMachineFileByteForByte() throws IOException {
    Path out = dir.resolve("one");
    LogsToTransitions.Summary s = LogsToTransitions.run(SparkTestSession.get(),
        options(List.of(csv), LogsToTransitions.Format.CSV, out, 1, false));
    assertEquals(1, s.shards().size());
    assertArrayEquals(singleMachine, Files.readAllBytes(out.resolve("part-00000.mtft")));
    assertEquals(log.rows().size(), s.rows());
    assertEquals(log.sessions().size(), s.sessions());
    assertEquals(0, s.badRows());
    assertTrue(Files.exists(out.resolve(LogsToTransitions.SUMMARY)));
  }

  /**
   * Three parts over the log split into two files: the shards, read in name order, hold the
   * single-machine rows in the same order.
   */
  @Test
  void shardsInNameOrderHoldTheSingleMachineRowsInOrder() throws IOException {
    Path split = dir.resolve("split");
    Files.createDirectories(split);
    int half = firstRowOfSession(30);
    MtfLogWriter.write(split.resolve("a.csv"), MtfLog.of(log.schema(), log.rows().subList(0, half)));
    MtfLogWriter.write(split.resolve("b.csv"), MtfLog.of(log.schema(), log.rows().subList(half, log.rows().size())));
    Path out = dir.resolve("three");
    LogsToTransitions.Summary s = LogsToTransitions.run(SparkTestSession.get(),
        options(List.of(split), LogsToTransitions.Format.CSV, out, 3, false));
    assertTrue(s.shards().size() >= 2, "rows spread over several shards: " + s.shards());
    assertTrue(TransitionFile.read(dir.resolve("single.mtft")).contentEquals(concatenated(s)),
        "same transitions in the same order");
  }

  /**
   * A warehouse export is not sorted: with every file's rows shuffled, the sessions are assembled
   * by id and give the same transitions (sessions then come in the order of their first rows).
   */
  @Test
  void shuffledRowsGiveTheSameTransitionsPerSession() throws IOException {
    Path shuffled = dir.resolve("shuffled");
    Files.createDirectories(shuffled);
    int half = firstRowOfSession(30);
    writeShuffled(shuffled.resolve("a.csv"), log.rows().subList(0, half), 7);
    writeShuffled(shuffled.resolve("b.csv"), log.rows().subList(half, log.rows().size()), 8);
    LogsToTransitions.Summary s = LogsToTransitions.run(SparkTestSession.get(),
        options(List.of(shuffled), LogsToTransitions.Format.CSV, dir.resolve("from-shuffled"), 3, false));
    assertEquals(bySession(TransitionFile.read(dir.resolve("single.mtft"))), bySession(concatenated(s)));
  }

  private static int firstRowOfSession(int index) {
    long id = log.sessions().get(index).sessionId();
    int row = 0;
    while (log.rows().get(row).sessionId() != id) {
      row++;
    }
    return row;
  }

  /** Every transition as text, grouped by session and in step order within it. */
  private static java.util.TreeMap<Long, List<String>> bySession(TransitionSet set) {
    java.util.TreeMap<Long, List<String>> out = new java.util.TreeMap<>();
    for (long i = 0; i < set.size(); i++) {
      dev.mtfengine.rl.data.Transition t = set.get(i);
      out.computeIfAbsent(t.episodeId(), e -> new ArrayList<>()).add(t.stepIndex() + " "
          + java.util.Arrays.toString(t.state()) + java.util.Arrays.toString(t.action()) + t.reward()
          + java.util.Arrays.toString(t.rewardComponents()) + java.util.Arrays.toString(t.nextState()) + t.done()
          + t.behaviourDensity() + java.util.Arrays.toString(t.baselineAction())
          + java.util.Arrays.toString(t.nextBaselineAction()) + t.roundId());
    }
    return out;
  }

  /** Rows in a random order (a file need not be sorted for Spark; the text stays a valid CSV). */
  private static void writeShuffled(Path file, List<MtfLogRow> rows, long seed) throws IOException {
    Path sorted = dir.resolve("tmp-" + file.getFileName());
    MtfLogWriter.write(sorted, MtfLog.of(log.schema(), rows));
    List<String> lines = Files.readAllLines(sorted);
    List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
    java.util.Collections.shuffle(body, new java.util.Random(seed));
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    out.addAll(body);
    Files.write(file, out);
  }

  @Test
  void parquetLogsGiveTheSameTransitions() throws IOException {
    Path parquet = dir.resolve("parquet-log");
    // the CSV read by Spark's own CSV reader with typed columns, written as Parquet: the documented schema
    Dataset<Row> typed = SparkTestSession.get().read().option("header", "true").option("inferSchema", "true")
        .csv(csv.toString());
    typed.coalesce(1).write().parquet(parquet.toString());
    Path out = dir.resolve("from-parquet");
    LogsToTransitions.Summary s = LogsToTransitions.run(SparkTestSession.get(),
        options(List.of(parquet), LogsToTransitions.Format.PARQUET, out, 2, false));
    assertTrue(TransitionFile.read(dir.resolve("single.mtft")).contentEquals(concatenated(s)));
  }

  @Test
  void badRowsStopTheJobListEveryOneAndWriteNothing() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(csv));
    String[] header = lines.get(0).split(",");
    int density = List.of(header).indexOf("density");
    lines.set(5, replaceCell(lines.get(5), density, "-1"));
    lines.set(9, replaceCell(lines.get(9), density, "oops"));
    Path bad = dir.resolve("bad/log.csv");
    Files.createDirectories(bad.getParent());
    Files.write(bad, lines);
    Path out = dir.resolve("bad-out");
    LogsToTransitions.BadRowsException e = assertThrows(LogsToTransitions.BadRowsException.class,
        () -> LogsToTransitions.run(SparkTestSession.get(), options(List.of(bad), LogsToTransitions.Format.CSV, out, 2,
            false)));
    assertTrue(e.getMessage().startsWith("2 bad rows"), e.getMessage());
    // the single-machine reader's message for the first one, word for word
    String first = assertThrows(IllegalArgumentException.class, () -> MtfLogReader.read(bad)).getMessage();
    assertTrue(e.getMessage().contains(first.substring(first.indexOf(':') + 1)), e.getMessage() + "\n vs " + first);
    assertTrue(e.getMessage().contains(":6: column") && e.getMessage().contains(":10: column"), e.getMessage());
    assertFalse(Files.exists(out), "nothing written under the output directory");
    assertEquals(3, listing(Path.of(out + ".rejected")).size(), "header and two rows listed");
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".staging-")), "no staging left");
    }
  }

  @Test
  void skippingBadSessionsConvertsTheOthersAndCountsThem() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(csv));
    String[] header = lines.get(0).split(",");
    int position = List.of(header).indexOf("position");
    lines.set(3, replaceCell(lines.get(3), position, "7")); // a structure problem: positions jump
    Path bad = dir.resolve("bad2/log.csv");
    Files.createDirectories(bad.getParent());
    Files.write(bad, lines);
    Path out = dir.resolve("skip-out");
    LogsToTransitions.Summary s = LogsToTransitions.run(SparkTestSession.get(),
        options(List.of(bad), LogsToTransitions.Format.CSV, out, 2, true));
    assertEquals(1, s.badRows());
    assertEquals(1, s.skippedSessions());
    assertEquals(log.sessions().size() - 1, s.sessions());
    assertEquals(log.requestCount() - log.sessions().get(0).length(), s.transitions());
    List<String> listed = listing(local(s.rejected()));
    // rows are ordered by position before the rules run, so the gap shows at the row after it
    assertTrue(listed.get(1).contains("(position)") && listed.get(1).contains("session 0,"), listed.toString());
  }

  @Test
  void anExistingOutputIsRefusedBeforeAnyWork() throws IOException {
    Path out = dir.resolve("exists");
    Files.createDirectories(out);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogsToTransitions.run(SparkTestSession.get(), options(List.of(csv), LogsToTransitions.Format.CSV, out, 1,
            false)));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }

  @Test
  void parquetCellsAreTheCsvCellsTheyStandFor() {
    assertEquals("0.10000000149011612", LogsToTransitions.parquetCell(0.1f));
    assertEquals("1", LogsToTransitions.parquetCell(true));
    assertEquals("", LogsToTransitions.parquetCell(null));
    assertEquals("42", LogsToTransitions.parquetCell(42L));
    assertEquals("1.0E-4", LogsToTransitions.parquetCell(1.0E-4));
  }

  /** A path the job reported (plain, or a file: URI). */
  static Path local(String reported) {
    return reported.startsWith("file:") ? Path.of(java.net.URI.create(reported)) : Path.of(reported);
  }

  private static String replaceCell(String line, int column, String value) {
    String[] cells = line.split(",", -1);
    cells[column] = value;
    return String.join(",", cells);
  }

  /** The lines of the one CSV file of a rejected listing. */
  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      Path part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
      return Files.readAllLines(part);
    }
  }
}
