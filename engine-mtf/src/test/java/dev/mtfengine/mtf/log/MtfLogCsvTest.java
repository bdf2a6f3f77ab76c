package dev.mtfengine.mtf.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MtfLogCsvTest {
  @TempDir Path dir;

  @Test
  void roundTripIsBitExact() {
    MtfLog log = LogFixtures.awkward(42, 60);
    Path file = dir.resolve("awkward.csv");
    MtfLogWriter.write(file, log);
    MtfLog back = MtfLogReader.read(file);
    assertEquals(log.schema(), back.schema());
    assertEquals(log.rows(), back.rows()); // MtfLogRow equality is bit for bit
    assertEquals(log.sessions().size(), back.sessions().size());
    // -0.0 and 0.0 differ in bits: make sure the fixture exercises it and it survived
    assertTrue(back.rows().stream().anyMatch(r -> Double.doubleToRawLongBits(r.reward())
        == Double.doubleToRawLongBits(-0.0)));
    MtfLogReader.read(file, log.schema()); // the expected-schema path accepts its own schema
  }

  @Test
  void headerListsEveryColumnInOrder() throws IOException {
    Path file = dir.resolve("small.csv");
    MtfLogWriter.write(file, LogFixtures.small());
    String header = Files.readAllLines(file).get(0);
    assertEquals("session_id,user_id,request_index,position,item_id,feature_0,feature_1,"
        + "action_0,action_1,baseline_action_0,baseline_action_1,density,pred_click,"
        + "pred_long_view,fused_score,click,long_view,like,share,watch_time,reward", header);
    assertEquals(String.join(",", LogFixtures.SMALL.columns()), header);
    assertEquals(21, LogFixtures.SMALL.columnCount());
  }

  @Test
  void columnsMayComeInAnyOrder() throws IOException {
    Path file = dir.resolve("small.csv");
    MtfLog log = LogFixtures.small();
    MtfLogWriter.write(file, log);
    // swap the first two columns everywhere
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] cells = line.split(",", -1);
      String t = cells[0];
      cells[0] = cells[1];
      cells[1] = t;
      lines.add(String.join(",", cells));
    }
    Files.write(file, lines);
    assertEquals(log.rows(), MtfLogReader.read(file).rows());
  }

  // ------------------------------------------------------------------ malformed files

  private Path smallFile() {
    Path file = dir.resolve("bad.csv");
    MtfLogWriter.write(file, LogFixtures.small());
    return file;
  }

  /** Replaces the value of {@code column} on 1-based {@code line}. */
  private static void setCell(Path file, int line, String column, String value) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int c = List.of(lines.get(0).split(",", -1)).indexOf(column);
    String[] cells = lines.get(line - 1).split(",", -1);
    cells[c] = value;
    lines.set(line - 1, String.join(",", cells));
    Files.write(file, lines);
  }

  private static void removeColumn(Path file, String column) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    int c = List.of(lines.get(0).split(",", -1)).indexOf(column);
    for (int i = 0; i < lines.size(); i++) {
      List<String> cells = new ArrayList<>(List.of(lines.get(i).split(",", -1)));
      cells.remove(c);
      lines.set(i, String.join(",", cells));
    }
    Files.write(file, lines);
  }

  private static MtfLogFormatException readFails(Path file) {
    MtfLogFormatException e = assertThrows(MtfLogFormatException.class, () -> MtfLogReader.read(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e;
  }

  private static void assertAt(MtfLogFormatException e, long line, int column, String name,
      String... fragments) {
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
    assertEquals(name, e.columnName(), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
    }
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    Path file = smallFile();
    removeColumn(file, "action_1");
    MtfLogFormatException e = readFails(file);
    assertAt(e, 1, -1, "action_1", "missing");
  }

  @Test
  void missingFixedColumnIsNamed() throws IOException {
    Path file = smallFile();
    removeColumn(file, "density");
    assertAt(readFails(file), 1, -1, "density", "missing");
  }

  @Test
  void unknownAndDuplicateColumnsAreNamed() throws IOException {
    Path file = smallFile();
    setCell(file, 1, "like", "likes");
    assertAt(readFails(file), 1, 18, "likes", "not a column");
    file = smallFile();
    setCell(file, 1, "like", "share");
    assertAt(readFails(file), 1, 19, "share", "twice");
  }

  @Test
  void nanFeatureNamesLineAndColumn() throws IOException {
    Path file = smallFile();
    setCell(file, 3, "feature_0", "NaN");
    MtfLogFormatException e = readFails(file);
    assertAt(e, 3, 6, "feature_0", "NaN", "finite");
    assertTrue(e.getMessage().startsWith(file + ":3: column 6 (feature_0): "), e.getMessage());
  }

  /** Issue 14, class 9: values float32 training cannot hold are refused at their line and column. */
  @Test
  void valuesBeyondTheFloat32TrainingRangeNameLineAndColumn() throws IOException {
    String[][] cases = { // line, column, value, a fragment of the message
        {"3", "feature_0", "1e20", "beyond +-1e6"}, {"4", "reward", "1e39", "within +-1e6"},
        {"2", "watch_time", "5e7", "at most 1e6"}, {"5", "feature_1", "-2e6", "beyond +-1e6"}};
    for (String[] c : cases) {
      Path file = smallFile();
      setCell(file, Integer.parseInt(c[0]), c[1], c[2]);
      MtfLogFormatException e = readFails(file);
      assertEquals(Integer.parseInt(c[0]), e.line(), e.getMessage());
      assertEquals(c[1], e.columnName(), e.getMessage());
      assertTrue(e.getMessage().contains(c[3]), e.getMessage());
    }
  }

  /** Issue 14, class 10: a log that is not UTF-8 is refused at its line, naming the encoding. */
  @Test
  void nonUtf8AndUtf16LogsAreNamedWithTheLine() throws IOException {
    Path file = smallFile();
    List<byte[]> lines = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      lines.add(l.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    java.io.ByteArrayOutputStream latin1 = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      latin1.write(lines.get(i));
      if (i == 3) {
        latin1.write(0xE9); // a Latin-1 e-acute: not UTF-8 on its own
      }
      latin1.write('\n');
    }
    Files.write(file, latin1.toByteArray());
    MtfLogFormatException e = readFails(file);
    assertEquals(4, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains("not valid UTF-8") && e.getMessage().contains("iconv"), e.getMessage());

    Path utf16 = dir.resolve("utf16.csv");
    Files.writeString(utf16, "\uFEFF" + String.join("\n", Files.readAllLines(smallFile())),
        java.nio.charset.StandardCharsets.UTF_16);
    MtfLogFormatException u = readFails(utf16);
    assertEquals(1, u.line());
    assertTrue(u.getMessage().contains("is UTF-16"), u.getMessage());
  }

  @Test
  void nonNumberNamesLineAndColumn() throws IOException {
    Path file = smallFile();
    setCell(file, 5, "reward", "seven");
    assertAt(readFails(file), 5, 21, "reward", "'seven'", "not a number");
    file = smallFile();
    setCell(file, 4, "watch_time", "");
    assertAt(readFails(file), 4, 20, "watch_time", "empty");
    file = smallFile();
    setCell(file, 2, "fused_score", "1.0f"); // Java would parse it; the format does not allow it
    assertAt(readFails(file), 2, 15, "fused_score", "not a number");
    file = smallFile();
    setCell(file, 6, "request_index", "1.5");
    assertAt(readFails(file), 6, 3, "request_index", "not an integer");
  }

  @Test
  void outOfRangeActionNamesLineAndColumn() throws IOException {
    Path file = smallFile();
    setCell(file, 7, "action_1", "1.5");
    assertAt(readFails(file), 7, 9, "action_1", "1.5", "[-1, 1]", "clip");
    file = smallFile();
    setCell(file, 2, "baseline_action_0", "-1.0000001");
    assertAt(readFails(file), 2, 10, "baseline_action_0", "outside [-1, 1]");
  }

  @Test
  void nonPositiveDensityNamesLineAndColumn() throws IOException {
    for (String bad : List.of("0", "-0.0", "-2.5", "NaN")) {
      Path file = smallFile();
      setCell(file, 4, "density", bad);
      assertAt(readFails(file), 4, 12, "density", "must be > 0", "exploration policy");
    }
  }

  @Test
  void otherValueRules() throws IOException {
    Path file = smallFile();
    setCell(file, 2, "click", "2");
    assertAt(readFails(file), 2, 16, "click", "feedback flag");
    file = smallFile();
    setCell(file, 2, "pred_long_view", "1.01");
    assertAt(readFails(file), 2, 14, "pred_long_view", "[0, 1]");
    file = smallFile();
    setCell(file, 9, "watch_time", "-1");
    assertAt(readFails(file), 9, 20, "watch_time", ">= 0");
  }

  @Test
  void wrongValueCountAndEmptyLinesAreReported() throws IOException {
    Path file = smallFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(3, lines.get(3) + ",9");
    Files.write(file, lines);
    assertAt(readFails(file), 4, 0, null, "22 values", "21 columns");
    file = smallFile();
    lines = new ArrayList<>(Files.readAllLines(file));
    lines.add(2, "");
    Files.write(file, lines);
    assertAt(readFails(file), 3, 0, null, "1 value");
  }

  @Test
  void structureErrorsNameLineAndColumn() throws IOException {
    Path file = smallFile();
    setCell(file, 3, "action_0", "0.75"); // second item of request 0 disagrees on the action
    assertAt(readFails(file), 3, 8, "action_0", "differs", "every item of a request");
    file = smallFile();
    setCell(file, 4, "request_index", "2"); // session 1 jumps from request 0 to 2
    assertAt(readFails(file), 4, 3, "request_index", "0, 1, 2");
    file = smallFile();
    setCell(file, 6, "request_index", "1"); // session 2 starts at request 1
    assertAt(readFails(file), 6, 3, "request_index", "first request");
    file = smallFile();
    setCell(file, 3, "position", "2");
    assertAt(readFails(file), 3, 4, "position", "positions must run");
  }

  @Test
  void emptyFileAndExpectedSchemaMismatch() throws IOException {
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertTrue(readFails(empty).getMessage().contains("empty"));
    Path file = smallFile();
    MtfLogSchema other = new MtfLogSchema(3, 2, List.of("click", "long_view"));
    MtfLogFormatException e = assertThrows(MtfLogFormatException.class,
        () -> MtfLogReader.read(file, other));
    assertAt(e, 1, -1, "feature_2", "missing");
    Path missing = dir.resolve("nope.csv");
    UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> MtfLogReader.read(missing));
    assertTrue(io.getMessage().contains("nope.csv"));
  }

  // ------------------------------------------------------------------ atomic writes

  private List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }

  @Test
  void noTemporaryFileAfterSuccess() throws IOException {
    Path file = dir.resolve("ok.csv");
    MtfLogWriter.write(file, LogFixtures.small());
    MtfLogWriter.write(file, LogFixtures.small()); // replacing an existing file too
    assertEquals(List.of(file), filesIn(dir));
  }

  @Test
  void failedWriteLeavesNothingAndKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("kept.csv");
    Files.writeString(file, "old content\n", StandardCharsets.UTF_8);
    MtfLog log = LogFixtures.small();
    try (MtfLogWriter w = MtfLogWriter.open(file, log.schema())) {
      w.write(log.rows().get(0));
      // a row of session 1 request 1 position 1 cannot follow request 0 position 0
      assertThrows(MtfLog.StructureException.class, () -> w.write(log.rows().get(3)));
      // no commit: closing discards the temporary file
    }
    assertEquals(List.of(file), filesIn(dir));
    assertEquals("old content\n", Files.readString(file));

    Path fresh = dir.resolve("sub").resolve("never.csv");
    try (MtfLogWriter w = MtfLogWriter.open(fresh, log.schema())) {
      w.write(log.rows().get(0));
      throw new IllegalStateException("simulated crash mid-write");
    } catch (IllegalStateException expected) {
      assertEquals("simulated crash mid-write", expected.getMessage());
    }
    assertFalse(Files.exists(fresh));
    assertEquals(List.of(), filesIn(fresh.getParent()));
  }

  @Test
  void rowsAreCheckedAgainstTheSchema() {
    MtfLogRow wide = new MtfLogRow(1, 1, 0, 0, 1, new double[3], new double[2], new double[2], 1,
        new double[2], 0, false, false, false, false, 0, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MtfLog.of(LogFixtures.SMALL, List.of(wide)));
    assertTrue(e.getMessage().contains("3 user features"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MtfLogRow(1, 1, 0, 0, 1, new double[0],
        new double[] {1.5}, new double[] {0}, 1, new double[1], 0, false, false, false, false, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new MtfLogRow(1, 1, 0, 0, 1, new double[0],
        new double[] {0.5}, new double[] {0}, 0.0, new double[1], 0, false, false, false, false, 0, 0));
  }
}
