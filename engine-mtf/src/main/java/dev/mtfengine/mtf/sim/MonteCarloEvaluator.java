package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.progress.Progress;
import java.util.stream.IntStream;

/**
 * Monte Carlo evaluation with common random numbers: episode e uses the streams of episode index
 * {@code firstEpisode + e} whatever the policy, so two policies evaluated on the same range see
 * the same users, starts, bank draws and feedback uniforms, and their paired difference has a much
 * smaller standard error than the difference of two independent estimates. Use it for what the
 * exact evaluator cannot handle: history-dependent policies and realistic observations.
 *
 * <p>Parallel runs give the same numbers as sequential ones: each episode's return is stored at
 * its index and the sums run in index order.
 */
public final class MonteCarloEvaluator {
  private final SessionSimulator simulator;
  private final Progress progress;

  public MonteCarloEvaluator(SessionSimulator simulator) {
    this(simulator, Progress.NONE);
  }

  /** An evaluator whose runs advance a {@code progress} task by one step per session. */
  public MonteCarloEvaluator(SessionSimulator simulator, Progress progress) {
    if (simulator == null || progress == null) {
      throw new IllegalArgumentException("MonteCarloEvaluator: simulator and progress must be set");
    }
    this.simulator = simulator;
    this.progress = progress;
  }

  /**
   * The mean undiscounted return of {@code policy} over episodes {@code [firstEpisode, firstEpisode
   * + episodes)} with its standard error.
   *
   * @param parallel run episodes on the common fork-join pool (the policy must be thread-safe)
   */
  public MonteCarloResult evaluate(SessionPolicy policy, ObservationConfig observation,
      long firstEpisode, int episodes, boolean parallel) {
    EpisodeSummary[] runs = run(policy, observation, firstEpisode, episodes, parallel);
    double[] returns = new double[episodes];
    double length = 0;
    for (int e = 0; e < episodes; e++) {
      returns[e] = runs[e].totalReward();
      length += runs[e].requests();
    }
    return MonteCarloResult.of(returns, length / episodes);
  }

  /**
   * The paired difference {@code value(a) - value(b)} on common random numbers: mean and standard
   * error of the per-episode differences.
   */
  public MonteCarloResult evaluateDifference(SessionPolicy a, SessionPolicy b,
      ObservationConfig observation, long firstEpisode, int episodes, boolean parallel) {
    EpisodeSummary[] runsA = run(a, observation, firstEpisode, episodes, parallel);
    EpisodeSummary[] runsB = run(b, observation, firstEpisode, episodes, parallel);
    double[] differences = new double[episodes];
    double length = 0;
    for (int e = 0; e < episodes; e++) {
      differences[e] = runsA[e].totalReward() - runsB[e].totalReward();
      length += runsA[e].requests();
    }
    return MonteCarloResult.of(differences, length / episodes);
  }

  /** The per-episode summaries, in episode order. */
  public EpisodeSummary[] run(SessionPolicy policy, ObservationConfig observation,
      long firstEpisode, int episodes, boolean parallel) {
    if (episodes < 2) {
      throw new IllegalArgumentException(
          "MonteCarloEvaluator: need at least 2 episodes for a standard error, got " + episodes);
    }
    EpisodeSummary[] runs = new EpisodeSummary[episodes];
    IntStream range = IntStream.range(0, episodes);
    try (Progress.Task task = progress.start("sessions", episodes)) {
      (parallel ? range.parallel() : range).forEach(e -> {
        runs[e] = simulator.runEpisode(policy, observation, firstEpisode + e, null);
        task.advance(1);
      });
    }
    return runs;
  }
}
