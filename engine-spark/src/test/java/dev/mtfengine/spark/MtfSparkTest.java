package dev.mtfengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: a conversion end to end, and refusals in one line with what to do. */
class MtfSparkTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    SparkTestSession.get(); // the tests' loopback session; the command reuses it
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MtfSpark.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void logsToTransitionsThenTrainFromTheCommandLine() throws Exception {
    Path csv = dir.resolve("log.csv");
    LogsToTransitionsTest.writeSimulatedLog(csv);
    Path shards = dir.resolve("shards");
    String[] r = run("logs-to-transitions", "--input", csv.toString(), "--out", shards.toString(),
        "--partitions", "2");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("transitions in 2 shard(s)"), r[1]);
    String[] t = run("train", "--shards", shards.toString(), "--out", dir.resolve("run").toString(), "--scale", "smoke",
        "--iterations", "40", "--local-steps", "10");
    assertEquals("0", t[0], t[2]);
    assertTrue(t[1].contains("40 updates in 2 rounds of 10"), t[1]);
    assertTrue(Files.exists(dir.resolve("run").resolve(DataParallelTraining.SUMMARY)));
  }

  @Test
  void badOptionsAreRefusedInOneLine() throws Exception {
    String[] f = run("logs-to-transitions", "--input", "x.csv", "--out", dir.resolve("o").toString(), "--format", "orc");
    assertEquals("2", f[0]);
    assertTrue(f[2].contains("--format must be csv or parquet, got 'orc'"), f[2]);
    String[] missing = run("logs-to-transitions", "--input", dir.resolve("nowhere").toString(), "--out",
        dir.resolve("o").toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("nowhere: no such file or directory"), missing[2]);
  }
}
