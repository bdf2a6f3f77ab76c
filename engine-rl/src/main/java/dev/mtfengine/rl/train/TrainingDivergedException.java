package dev.mtfengine.rl.train;

/**
 * A loss, metric or parameter became NaN or infinite. The message names the iteration, the quantity
 * and its value; the last checkpoint before it is intact.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long iteration;

  public TrainingDivergedException(long iteration, String message) {
    super("iteration " + iteration + ": " + message);
    this.iteration = iteration;
  }

  public long iteration() {
    return iteration;
  }
}
