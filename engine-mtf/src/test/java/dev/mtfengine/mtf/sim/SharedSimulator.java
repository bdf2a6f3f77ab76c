package dev.mtfengine.mtf.sim;

/**
 * The default simulator and its exact evaluator, built once per test JVM (the tabular model takes
 * a few seconds) and shared by the test classes that need them.
 */
final class SharedSimulator {
  static final long SEED = 1L;
  private static ExactEvaluator defaults;

  private SharedSimulator() {}

  static synchronized ExactEvaluator defaults() {
    if (defaults == null) {
      SessionSimulator sim = new SessionSimulator(SimulatorParams.defaults(), SEED);
      defaults = new ExactEvaluator(sim, ExactConfig.defaults());
      defaults.optimal();
    }
    return defaults;
  }

  static SessionSimulator defaultSimulator() {
    return defaults().model().simulator();
  }
}
