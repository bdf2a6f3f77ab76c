package dev.mtfengine.mtf.progress;

/**
 * Where long loops report how far they are (design.md, "Ecosystem choices": a progress bar on every
 * loop longer than a few seconds). Library code (the tabular model, value iteration, Monte Carlo)
 * takes a {@code Progress} and knows nothing of terminals; the command line passes a {@link
 * ProgressBar}, tests and library callers {@link #NONE}.
 *
 * <p>Usage: {@code try (Progress.Task t = progress.start("tabular model", total)) { ...
 * t.advance(1); ... }}. A task is thread-safe: parallel loops may advance it from any thread.
 */
public interface Progress {

  /** Reports nothing. */
  Progress NONE = (label, total) -> Task.NONE;

  /**
   * Starts a task.
   *
   * @param label what is running, e.g. {@code "value iteration"}
   * @param total steps to completion, or a value {@code <= 0} when unknown (then only the count and
   *     the detail are shown)
   */
  Task start(String label, long total);

  /** One running loop. Closing it prints its final state (elapsed time) once. */
  interface Task extends AutoCloseable {
    /** Does nothing. */
    Task NONE =
        new Task() {
          @Override
          public void advance(long steps) {}

          @Override
          public void update(long done, String detail) {}

          @Override
          public void close() {}
        };

    /** Adds {@code steps} to the count (thread-safe). */
    void advance(long steps);

    /** Sets the count to {@code done} and a short detail such as {@code "residual 3e-9"}. */
    void update(long done, String detail);

    /** Finishes the task; no checked exception, so try-with-resources stays short. */
    @Override
    void close();
  }
}
