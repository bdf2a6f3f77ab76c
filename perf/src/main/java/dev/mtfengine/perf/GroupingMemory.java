package dev.mtfengine.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The heap a grouping of rows by episode holds (a size, not a time, so not a JMH benchmark): the
 * boxed {@code TreeMap<Long, List<Long>>} that {@code Episodes} used before issue 16 against the
 * primitive {@code LongObjectHashMap<LongArrayList>} it uses now, for N rows in sessions of 10
 * steps. Heap in use after a full collection, with and without the grouping alive; run with a heap
 * large enough for the boxed form, e.g. {@code java -Xmx12g -cp perf/target/benchmarks.jar
 * dev.mtfengine.perf.GroupingMemory 10000000}.
 */
public final class GroupingMemory {
  private GroupingMemory() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int steps = 10;
    long base = used();
    Map<Long, List<Long>> boxed = new TreeMap<>();
    for (long row = 0; row < rows; row++) {
      boxed.computeIfAbsent(row / steps, id -> new ArrayList<>()).add(row);
    }
    long boxedBytes = used() - base;
    int boxedEpisodes = boxed.size();
    boxed = null;
    base = used();
    MutableLongObjectMap<LongArrayList> primitive = new LongObjectHashMap<>();
    for (long row = 0; row < rows; row++) {
      primitive.getIfAbsentPut(row / steps, LongArrayList::new).add(row);
    }
    long primitiveBytes = used() - base;
    System.out.printf(Locale.ROOT, "%d rows in %d episodes of %d steps%n", rows, primitive.size(), steps);
    System.out.printf(Locale.ROOT, "TreeMap<Long, List<Long>> (before): %.0f MB, %.1f bytes per row (%d episodes)%n",
        boxedBytes / 1e6, (double) boxedBytes / rows, boxedEpisodes);
    System.out.printf(Locale.ROOT, "LongObjectHashMap<LongArrayList> (now): %.0f MB, %.1f bytes per row%n",
        primitiveBytes / 1e6, (double) primitiveBytes / rows);
  }

  /** Heap in use after a full collection (several, until it settles). */
  private static long used() {
    Runtime r = Runtime.getRuntime();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = r.totalMemory() - r.freeMemory();
      if (Math.abs(now - last) < 1 << 20) {
        return now;
      }
      last = now;
    }
    return last;
  }
}
