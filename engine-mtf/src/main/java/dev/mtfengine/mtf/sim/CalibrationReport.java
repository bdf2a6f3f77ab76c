package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's engagement rates under a behaviour policy next to the KuaiRand (CC BY-SA 4.0)
 * aggregates of simulator.md, so a parameter change can be checked against real traffic shape.
 * Rates are per shown item unless noted; the random-exposure click rate is the mean true click
 * probability over all N candidates of each request (what a random slate would get).
 *
 * @param policyName the behaviour policy
 * @param episodes sessions simulated
 * @param rows one row per aggregate
 */
public record CalibrationReport(String policyName, int episodes, List<Row> rows) {

  /**
   * One aggregate.
   *
   * @param name e.g. {@code "ranked click rate"}
   * @param simulated the simulator's value
   * @param kuaiRand the KuaiRand target as text (some are ranges)
   */
  public record Row(String name, double simulated, String kuaiRand) {}

  /** Runs {@code episodes} sessions of {@code policy} (episodes 0..n-1) and tabulates the rates. */
  public static CalibrationReport measure(SessionSimulator simulator, SessionPolicy policy,
      String policyName, ObservationConfig observation, int episodes) {
    return measure(simulator, policy, policyName, observation, episodes, false, Progress.NONE);
  }

  /**
   * As {@link #measure(SessionSimulator, SessionPolicy, String, ObservationConfig, int)}, optionally
   * on the common fork-join pool (same numbers: sums run in episode order; the policy must then be
   * thread-safe), advancing a {@code progress} task per session.
   */
  public static CalibrationReport measure(SessionSimulator simulator, SessionPolicy policy,
      String policyName, ObservationConfig observation, int episodes, boolean parallel,
      Progress progress) {
    EpisodeSummary[] runs = new MonteCarloEvaluator(simulator, progress)
        .run(policy, observation, 0, episodes, parallel);
    double shown = 0, clicks = 0, longViews = 0, likes = 0, shares = 0, requests = 0;
    double randomExposure = 0, reward = 0;
    for (EpisodeSummary e : runs) {
      shown += e.shownItems();
      clicks += e.clicks();
      longViews += e.longViews();
      likes += e.likes();
      shares += e.shares();
      requests += e.requests();
      randomExposure += e.randomExposureClickSum();
      reward += e.totalReward();
    }
    double clickRate = clicks / shown;
    double randomClickRate = randomExposure / requests;
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("ranked click rate", clickRate, "0.46"));
    rows.add(new Row("P(long view | click)", longViews / clicks, "0.72"));
    rows.add(new Row("like rate", likes / shown, "0.018"));
    rows.add(new Row("share rate", shares / shown, "0.001"));
    rows.add(new Row("random-exposure click rate", randomClickRate, "0.18-0.35"));
    rows.add(new Row("ranked / random click rate", clickRate / randomClickRate, "about 2"));
    rows.add(new Row("requests per session", requests / episodes, "about 13"));
    rows.add(new Row("reward per session", reward / episodes, "-"));
    return new CalibrationReport(policyName, episodes, List.copyOf(rows));
  }

  /** The simulated value of row {@code name}. */
  public double value(String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("CalibrationReport: no row " + name))
        .simulated();
  }

  /** A small human-readable table. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("calibration under ").append(policyName).append(" (").append(episodes)
        .append(" sessions)\n");
    sb.append(String.format(Locale.ROOT, "%-28s %10s %10s%n", "aggregate", "simulated", "KuaiRand"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-28s %10.4f %10s%n", r.name(), r.simulated(), r.kuaiRand()));
    }
    return sb.toString();
  }
}
