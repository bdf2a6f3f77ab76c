package dev.mtfengine.rl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransitionSetTest {
  static final TransitionSchema SCHEMA =
      new TransitionSchema(3, ActionBounds.symmetric(2), List.of("watch_time", "interaction"));

  static Transition row(Xoshiro256StarStar rng, long episode, int step) {
    float[] s = {(float) rng.nextGaussian(), (float) rng.nextGaussian(), step};
    float[] s2 = {(float) rng.nextGaussian(), (float) rng.nextGaussian(), step + 1};
    float[] a = {(float) (rng.nextDouble() * 2 - 1), (float) (rng.nextDouble() * 2 - 1)};
    float[] b = {0.1f, -0.2f};
    return new Transition(s, a, (float) rng.nextDouble(), new float[] {1f, 2f}, s2, step == 4,
        1.0 + rng.nextDouble(), b, b.clone(), episode, step, (int) (episode % 3));
  }

  static TransitionSet sample(int episodes, long seed) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA);
    for (int e = 0; e < episodes; e++) {
      for (int t = 0; t < 5; t++) {
        b.add(row(rng, e, t));
      }
    }
    return b.build();
  }

  @Test
  void builderKeepsEveryField() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(4);
    Transition t = row(rng, 7, 4);
    TransitionSet set = TransitionSet.builder(SCHEMA).add(t).build();
    Transition back = set.get(0);
    assertArrayEquals(t.state(), back.state());
    assertArrayEquals(t.action(), back.action());
    assertArrayEquals(t.nextState(), back.nextState());
    assertArrayEquals(t.rewardComponents(), back.rewardComponents());
    assertEquals(t.reward(), back.reward());
    assertTrue(back.done());
    assertEquals(t.behaviourDensity(), back.behaviourDensity());
    assertEquals(7L, back.episodeId());
    assertEquals(4, back.stepIndex());
    assertEquals(1, back.roundId());
  }

  @Test
  void fileRoundTripIsBitExactAndMapped(@TempDir Path dir) throws IOException {
    TransitionSet set = sample(300, 1); // 1,500 rows: the builder grows past its first capacity
    Path file = dir.resolve("round0.mtft");
    String hash = TransitionFile.write(set, file);
    assertEquals(set.contentHash(), hash);
    TransitionSet back = TransitionFile.read(file);
    assertEquals(1500, back.size());
    assertTrue(back.contentEquals(set));
    assertEquals(hash, back.contentHash());
    for (long r : new long[] {0, 777, 1499}) {
      Transition a = set.get(r);
      Transition b = back.get(r);
      assertArrayEquals(a.state(), b.state());
      assertArrayEquals(a.baselineAction(), b.baselineAction());
      assertEquals(a.episodeId(), b.episodeId());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void invalidRowsNameTheFieldAndTheRow() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(2);
    TransitionSet.Builder b = TransitionSet.builder(SCHEMA).add(row(rng, 0, 0));
    Transition ok = row(rng, 0, 1);
    Transition nan = new Transition(new float[] {0, Float.NaN, 0}, ok.action(), 0, ok.rewardComponents(),
        ok.nextState(), false, 1, ok.baselineAction(), ok.nextBaselineAction(), 0, 1, 0);
    assertMessage(() -> b.add(nan), "transition 1", "state[1] is NaN");
    Transition wide = new Transition(ok.state(), new float[] {0, 0, 0}, 0, ok.rewardComponents(),
        ok.nextState(), false, 1, ok.baselineAction(), ok.nextBaselineAction(), 0, 1, 0);
    assertMessage(() -> b.add(wide), "action has 3 values", "schema says 2");
    Transition outside = new Transition(ok.state(), new float[] {0, 1.5f}, 0, ok.rewardComponents(),
        ok.nextState(), false, 1, ok.baselineAction(), ok.nextBaselineAction(), 0, 1, 0);
    assertMessage(() -> b.add(outside), "action: dimension 1 is 1.5", "outside [-1.0, 1.0]");
    Transition zeroDensity = new Transition(ok.state(), ok.action(), 0, ok.rewardComponents(),
        ok.nextState(), false, 0, ok.baselineAction(), ok.nextBaselineAction(), 0, 1, 0);
    assertMessage(() -> b.add(zeroDensity), "behaviour_density is 0.0", "> 0");
    Transition badReward = new Transition(ok.state(), ok.action(), Float.POSITIVE_INFINITY,
        ok.rewardComponents(), ok.nextState(), false, 1, ok.baselineAction(), ok.nextBaselineAction(), 0, 1, 0);
    assertMessage(() -> b.add(badReward), "reward is Infinity");
    assertEquals(1, b.size(), "rejected rows are not added");
  }

  private static void assertMessage(Runnable r, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void truncatedAndCorruptedFilesAreRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("set.mtft");
    TransitionFile.write(sample(20, 3), file);
    byte[] bytes = Files.readAllBytes(file);

    Path truncated = dir.resolve("truncated.mtft");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertMessage(() -> TransitionFile.read(truncated), "truncated.mtft", "truncated");

    Path corrupted = dir.resolve("corrupted.mtft");
    Files.write(corrupted, bytes);
    try (RandomAccessFile raf = new RandomAccessFile(corrupted.toFile(), "rw")) {
      raf.seek(bytes.length - 3); // inside the last (round id) column
      raf.write(0x7f);
    }
    assertMessage(() -> TransitionFile.read(corrupted), "corrupted.mtft", "content hash");

    Path notOurs = dir.resolve("other.bin");
    Files.write(notOurs, new byte[64]);
    assertMessage(() -> TransitionFile.read(notOurs), "other.bin", "not a transition set");
  }

  /** Issue 14, class 6: every damaged header field is refused by name, never by a crash. */
  @Test
  void damagedHeaderFieldsAreRefusedByNameBeforeAnythingIsAllocated(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("set.mtft");
    TransitionFile.write(sample(4, 3), file);
    byte[] bytes = Files.readAllBytes(file);
    int a = SCHEMA.actionDim();
    int components = 32 + 16 * a; // after rows (8), state and action widths (4 + 4), the bounds (16 a)
    int firstName = components + 4;
    int columnCount = firstName + 4 + "watch_time".length() + 4 + "interaction".length();
    int firstTypeCode = columnCount + 4 + 4 + "state".length();
    Object[][] damages = {
        {28, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE).array(), "action dimension"},
        {components, le(-5), "reward component count"},
        {components, le(1_000_000_000), "reward component count"},
        {firstName, le(Integer.MAX_VALUE), "name"},
        {columnCount + 4, le(-1), "column state's name"},
        {firstTypeCode, le(99), "type code 99"},
        {16, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2).array(), "rows"},
        {12, le(8), "ends before its fields"},
    };
    for (Object[] d : damages) {
      byte[] b = bytes.clone();
      byte[] patch = (byte[]) d[1];
      System.arraycopy(patch, 0, b, (int) d[0], patch.length);
      Path damaged = dir.resolve("damaged-" + d[0] + "-" + d[2].toString().replace(' ', '_') + ".mtft");
      Files.write(damaged, b);
      assertMessage(() -> TransitionFile.read(damaged), damaged.getFileName().toString(), (String) d[2]);
    }
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  @Test
  void failedWriteLeavesTheOldFileIntact(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("set.mtft");
    TransitionFile.write(sample(2, 5), file);
    byte[] before = Files.readAllBytes(file);
    Path blocker = dir.resolve("sub");
    Files.writeString(blocker, "a file where a folder is needed");
    assertThrows(RuntimeException.class, () -> TransitionFile.write(sample(2, 6), blocker.resolve("x.mtft")));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void samplingIsSeededAndMappedEqualsHeap(@TempDir Path dir) {
    TransitionSet heap = sample(50, 8);
    Path file = dir.resolve("s.mtft");
    TransitionFile.write(heap, file);
    TransitionSet mapped = TransitionFile.read(file);
    Batch a = new MinibatchSampler(heap, DType.F32).sample(64, new Xoshiro256StarStar(42));
    Batch b = new MinibatchSampler(mapped, DType.F32).sample(64, new Xoshiro256StarStar(42));
    assertTrue(a.state().bitEquals(b.state()));
    assertTrue(a.nextBaselineAction().bitEquals(b.nextBaselineAction()));
    assertTrue(a.done().bitEquals(b.done()));
    assertEquals(64, a.size());
    assertEquals(DType.F64, new MinibatchSampler(heap, DType.F64).sample(4, new Xoshiro256StarStar(1)).reward().dtype());
    Batch c = new MinibatchSampler(heap, DType.F32).sample(64, new Xoshiro256StarStar(43));
    assertFalse(a.state().bitEquals(c.state()));
  }

  @Test
  void normalisationStatsStandardiseTheStates() {
    TransitionSet set = sample(100, 9);
    NormalisationStats st = NormalisationStats.of(set);
    assertEquals(2.0, st.stateMean()[2], 1e-12); // step index 0..4, mean 2
    assertEquals(Math.sqrt(2.0), st.stateStd()[2], 1e-12);
    var norm = st.normaliseState(new MinibatchSampler(set, DType.F64).gather(new long[] {0}).state());
    assertEquals(-2 / Math.sqrt(2.0), norm.get(0, 2), 1e-6);
  }

  @Test
  void normalisationStatsRoundTripThroughJson(@TempDir Path dir) throws IOException {
    NormalisationStats st = NormalisationStats.of(sample(30, 10));
    Path f = dir.resolve("normalisation.json");
    st.save(f);
    NormalisationStats back = NormalisationStats.load(f);
    assertArrayEquals(st.stateMean(), back.stateMean(), 0.0);
    assertArrayEquals(st.stateStd(), back.stateStd(), 0.0);
    assertEquals(st.rewardStd(), back.rewardStd(), 0.0);
    Files.writeString(f, "{\"stateMean\": [0], \"stateStd\": [0], \"rewardMean\": 0}");
    assertMessage(() -> NormalisationStats.load(f), "normalisation.json", "rewardStd");
  }
}
