package dev.mtfengine.tensor;

/**
 * Thrown by {@link GradCheck.Report#assertPassed()} when a tape gradient disagrees with central
 * differences. The message names the checked function, the tolerance and, for each failing input,
 * the worst element with both values. A plain runtime exception so that library code and any test
 * framework can use it.
 */
public final class GradCheckException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient GradCheck.Report report;

  public GradCheckException(GradCheck.Report report) {
    super(report.describe());
    this.report = report;
  }

  /** The full report of the failed check. */
  public GradCheck.Report report() {
    return report;
  }
}
