package dev.mtfengine.mtf.cli;

/**
 * Receives the sessions of {@code mtf simulate} in episode order (whatever the parallelism of the
 * simulation), so a log written through it is the same for the same seed. This is where the MTF log
 * writer (package {@code dev.mtfengine.mtf.log}: CSV rows, logs to transitions) plugs in; see
 * {@link SimulateCommand#openLogSink}.
 */
public interface SessionLogSink extends AutoCloseable {

  /** Keeps nothing: used when no {@code --out} is given. */
  SessionLogSink DISCARD =
      new SessionLogSink() {
        @Override
        public boolean wantsTransitions() {
          return false;
        }

        @Override
        public void accept(SimulatedSession session) {}

        @Override
        public void close() {}
      };

  /**
   * Whether sessions must carry their transitions and exploration steps; when false the simulator
   * keeps only the totals, which is faster and uses no memory per request.
   */
  boolean wantsTransitions();

  /** One session; called from one thread, in increasing episode order. */
  void accept(SimulatedSession session) throws java.io.IOException;

  /** Flushes and closes whatever the sink writes. */
  @Override
  void close() throws java.io.IOException;
}
