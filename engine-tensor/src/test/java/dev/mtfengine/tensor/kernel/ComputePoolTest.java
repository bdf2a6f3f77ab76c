package dev.mtfengine.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The kernel pool runs every task, and only on the caller's thread when asked to. */
class ComputePoolTest {

  @Test
  void everyTaskRunsOnceAndOnCallingThreadKeepsThemAllOnTheCaller() throws Exception {
    int[] runs = new int[8];
    ComputePool.run(8, t -> runs[t]++);
    assertEquals(8, java.util.Arrays.stream(runs).sum());

    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    int answer = ComputePool.onCallingThread(() -> {
      ComputePool.run(8, t -> seen.add(Thread.currentThread()));
      return 42;
    });
    assertEquals(42, answer);
    assertEquals(Set.of(Thread.currentThread()), seen);

    // the setting ends with the call, even when the body throws
    assertThrows(IllegalStateException.class, () -> ComputePool.onCallingThread(() -> {
      throw new IllegalStateException("body failed");
    }));
    Set<Thread> after = ConcurrentHashMap.newKeySet();
    ComputePool.run(Math.max(2, ComputePool.threads()), t -> {
      after.add(Thread.currentThread());
      sleepBriefly();
    });
    assertEquals(Math.min(2, ComputePool.threads()), Math.min(2, after.size()));
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
