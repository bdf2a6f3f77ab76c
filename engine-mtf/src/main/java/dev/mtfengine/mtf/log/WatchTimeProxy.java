package dev.mtfengine.mtf.log;

/**
 * The watch time a simulator log records per shown item. The simulator models clicks, long views,
 * likes and shares but not durations, so watch time is a deterministic proxy of the feedback:
 * {@code shortPlaySeconds} for a click without long view, {@code longViewSeconds} for a long view,
 * 0 otherwise. {@link #none()} (the default) logs 0 everywhere and invents nothing.
 *
 * @param shortPlaySeconds seconds logged for a click without long view (finite, >= 0)
 * @param longViewSeconds seconds logged for a long view (finite, >= 0)
 */
public record WatchTimeProxy(double shortPlaySeconds, double longViewSeconds) {

  public WatchTimeProxy {
    if (!(Double.isFinite(shortPlaySeconds) && shortPlaySeconds >= 0
        && Double.isFinite(longViewSeconds) && longViewSeconds >= 0)) {
      throw new IllegalArgumentException("WatchTimeProxy: seconds must be finite and >= 0, got "
          + shortPlaySeconds + " and " + longViewSeconds);
    }
  }

  /** No watch time (0 for every item). */
  public static WatchTimeProxy none() {
    return new WatchTimeProxy(0, 0);
  }

  /** The watch time of one item. */
  public double seconds(boolean click, boolean longView) {
    return longView ? longViewSeconds : click ? shortPlaySeconds : 0.0;
  }
}
