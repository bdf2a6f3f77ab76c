package dev.mtfengine.mtf.log;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-made logs shared by the log and metrics tests. */
public final class LogFixtures {
  /** F = 2 features, K = 2 action dimensions, heads click and long_view. */
  public static final MtfLogSchema SMALL = new MtfLogSchema(2, 2, List.of("click", "long_view"));

  private LogFixtures() {}

  /** A row of {@link #SMALL} with the given identifiers and feedback; other values fixed. */
  public static MtfLogRow row(long session, int request, int position, boolean click,
      boolean longView, double reward) {
    return new MtfLogRow(session, 100 + session, request, position, 1000L * session + 10L * request
        + position, new double[] {0.5, -1.25}, new double[] {0.25, -0.5},
        new double[] {0.2, -0.4}, 2.5, new double[] {0.3, 0.1 + 0.1 * position},
        1.0 - 0.25 * position, click, longView, false, false, longView ? 30.0 : 0.0, reward);
  }

  /**
   * Two sessions of two requests with two items each, eight rows, in order: (session 1, request 0,
   * positions 0 1), (1, 1, 0 1), (2, 0, 0 1), (2, 1, 0 1). Header is line 1, so row r is line r + 2.
   */
  public static MtfLog small() {
    List<MtfLogRow> rows = new ArrayList<>();
    for (long s = 1; s <= 2; s++) {
      for (int t = 0; t < 2; t++) {
        rows.add(row(s, t, 0, true, true, 7.0 + t));
        rows.add(row(s, t, 1, t == 1, false, 7.0 + t));
      }
    }
    return MtfLog.of(SMALL, rows);
  }

  /**
   * A log with awkward doubles everywhere a double goes (negative zero, subnormals, extreme
   * exponents, +-1 and 0 exactly, +Infinity density, -Infinity fused score), for bit-exact round
   * trips.
   */
  public static MtfLog awkward(long seed, int sessions) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] special = {
      0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e6,
      Math.nextDown(1e6), 1.0 / 3.0, 0.1, 123456.789123456789, -2.5e-8
    };
    MtfLogSchema schema = new MtfLogSchema(3, 4, List.of("click", "long_view", "like", "share"));
    List<MtfLogRow> rows = new ArrayList<>();
    int s = 0;
    for (int session = 0; session < sessions; session++) {
      int requests = 1 + rng.nextInt(4);
      long user = rng.nextLong();
      for (int t = 0; t < requests; t++) {
        double[] features = new double[3];
        for (int i = 0; i < 3; i++) {
          features[i] = rng.nextInt(3) == 0 ? special[s++ % special.length] : rng.nextGaussian() * 1e3;
        }
        double[] action = new double[4];
        double[] baseline = new double[4];
        for (int j = 0; j < 4; j++) {
          int pick = rng.nextInt(6);
          action[j] = pick == 0 ? 1.0 : pick == 1 ? -1.0 : pick == 2 ? -0.0
              : (float) (2 * rng.nextDouble() - 1);
          baseline[j] = 2 * rng.nextDouble() - 1; // a full double, not a float
        }
        double density = rng.nextInt(5) == 0 ? Double.POSITIVE_INFINITY
            : rng.nextInt(4) == 0 ? Double.MIN_VALUE : Math.exp(rng.nextGaussian() * 20);
        double reward = rng.nextInt(4) == 0 ? -0.0 : rng.nextGaussian() * 50;
        int items = 1 + rng.nextInt(3);
        for (int p = 0; p < items; p++) {
          double[] predictions = new double[4];
          for (int k = 0; k < 4; k++) {
            int pick = rng.nextInt(8);
            predictions[k] = pick == 0 ? 0.0 : pick == 1 ? 1.0 : pick == 2 ? Double.MIN_VALUE
                : rng.nextDouble();
          }
          double fused = rng.nextInt(6) == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian();
          boolean click = rng.nextBoolean();
          boolean longView = click && rng.nextBoolean();
          rows.add(new MtfLogRow(session * 7L - 3, user, t, p, rng.nextLong(), features, action,
              baseline, density, predictions, fused, click, longView, longView && rng.nextBoolean(),
              longView && rng.nextInt(5) == 0, longView ? rng.nextDouble() * 60 : 0.0, reward));
        }
      }
    }
    return MtfLog.of(schema, rows);
  }
}
