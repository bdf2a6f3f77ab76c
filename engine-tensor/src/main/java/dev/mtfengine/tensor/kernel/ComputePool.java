package dev.mtfengine.tensor.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The worker threads kernels split large problems over. The split is fixed by the problem size and
 * the thread count (task {@code t} of {@code T} always gets the same contiguous range), never by
 * timing, and kernels write disjoint outputs per task, so results do not depend on scheduling.
 *
 * <p>Thread count: system property {@code mtf.threads}, default the number of available processors.
 * A call made from inside a task runs its tasks on the calling thread (no nested parallelism).
 */
public final class ComputePool {
  private static final int THREADS = configuredThreads();
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
  private static volatile ExecutorService executor;

  private ComputePool() {}

  private static int configuredThreads() {
    String p = System.getProperty("mtf.threads");
    int n = Runtime.getRuntime().availableProcessors();
    if (p != null) {
      try {
        n = Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("system property mtf.threads must be an integer, got '" + p + "'", e);
      }
      if (n < 1) {
        throw new IllegalArgumentException("system property mtf.threads must be >= 1, got " + n);
      }
    }
    return n;
  }

  /** The number of threads large kernels use. */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1}, at most {@link #threads()} at once,
   * and returns when all are done. Task 0 runs on the calling thread. Exceptions are rethrown.
   */
  public static void run(int tasks, IntConsumer body) {
    if (tasks <= 1 || THREADS == 1 || INSIDE.get()) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    ExecutorService ex = executor();
    List<Future<?>> futures = new ArrayList<>(tasks - 1);
    for (int t = 1; t < tasks; t++) {
      final int task = t;
      futures.add(ex.submit(() -> {
        INSIDE.set(true);
        try {
          body.accept(task);
        } finally {
          INSIDE.set(false);
        }
      }));
    }
    INSIDE.set(true);
    try {
      body.accept(0);
    } finally {
      INSIDE.set(false);
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a kernel task", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException) {
          throw (RuntimeException) c;
        }
        if (c instanceof Error) {
          throw (Error) c;
        }
        throw new IllegalStateException(c);
      }
    }
  }

  /**
   * Calls {@code body} with every kernel it runs kept on the calling thread, for callers that
   * already keep the cores busy with threads of their own (trainings run side by side): a kernel's
   * bits do not depend on its thread count, and splitting it would only add hand-offs between more
   * runnable threads than cores.
   */
  public static <T> T onCallingThread(java.util.concurrent.Callable<T> body) throws Exception {
    boolean outer = INSIDE.get();
    INSIDE.set(true);
    try {
      return body.call();
    } finally {
      INSIDE.set(outer);
    }
  }

  /** Start of task {@code t}'s share when {@code n} items are split into {@code tasks} ranges. */
  public static int splitStart(int n, int tasks, int t) {
    return (int) ((long) n * t / tasks);
  }

  private static ExecutorService executor() {
    ExecutorService ex = executor;
    if (ex == null) {
      synchronized (ComputePool.class) {
        ex = executor;
        if (ex == null) {
          ex = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
            Thread th = new Thread(r, "mtf-kernel");
            th.setDaemon(true);
            return th;
          });
          executor = ex;
        }
      }
    }
    return ex;
  }
}
