package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.metrics.ConsumptionMetrics;
import dev.mtfengine.mtf.metrics.MtfGauc;
import dev.mtfengine.mtf.metrics.LoggedEpisodes;
import dev.mtfengine.mtf.metrics.ValidView;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import java.util.List;

/**
 * Scores a policy every way the experiment reports (algorithm.md section 7): the simulator's exact
 * value J and J / J*, MTF-GAUC and NCIS cumulative reward on the logged test set, and valid
 * consumption and watch time per user from Monte Carlo sessions of the policy itself (the
 * simulator's stand-in for the paper's online A/B metrics). All sessions use fixed episode ranges,
 * so every policy meets the same users (common random numbers).
 */
public final class PolicyEvaluator {
  private final SessionSimulator simulator;
  private final ExactEvaluator exact;
  private final MtfLog testLog;
  private final long consumptionFirstEpisode;
  private final int consumptionSessions;
  private final ExplorationPolicy testLogging;
  private final List<Episode> testEpisodes;
  private final double optimal;

  /** c, the cap on a session's importance weight in NCIS (our decision, algorithm.md section 7). */
  public static final double NCIS_CAP = 100;

  /**
   * A policy's scores.
   *
   * @param value exact J (expected undiscounted session return)
   * @param ratio J / J*
   * @param gauc MTF-GAUC on the test set
   * @param ncis NCIS cumulative reward on the test set (the paper's reading, one capped weight per
   *     session, with the target smoothed by the test log's own noise: {@link MatchedSmoothing})
   * @param ncisEffectiveSessions the effective sample size of the NCIS weights
   * @param validConsumptionPerUser long views per user (session), Monte Carlo
   * @param watchTimePerUser seconds of proxy watch time per user, Monte Carlo
   */
  public record Score(double value, double ratio, double gauc, double ncis, double ncisEffectiveSessions,
      double validConsumptionPerUser, double watchTimePerUser) {}

  /**
   * @param testLog the logged test set (needs logged densities for NCIS)
   * @param testLogging the exploration policy that logged it (NCIS smooths the policy with its noise)
   * @param consumptionFirstEpisode first episode of the Monte Carlo consumption sessions
   * @param consumptionSessions their number
   */
  public PolicyEvaluator(SessionSimulator simulator, ExactEvaluator exact, MtfLog testLog,
      ExplorationPolicy testLogging, long consumptionFirstEpisode, int consumptionSessions) {
    if (exact.simulator() != simulator) {
      throw new IllegalArgumentException("PolicyEvaluator: the exact evaluator models another simulator");
    }
    this.simulator = simulator;
    this.exact = exact;
    this.testLog = testLog;
    this.consumptionFirstEpisode = consumptionFirstEpisode;
    this.consumptionSessions = consumptionSessions;
    this.testLogging = testLogging;
    this.testEpisodes = LoggedEpisodes.of(testLog, ExplorationData.ENCODING, RewardConfig.defaults());
    this.optimal = exact.optimal().value().value();
  }

  /** J*, the optimum of the (u, s) MDP over the action grid. */
  public double optimal() {
    return optimal;
  }

  /** The exact J of a policy (about 0.2 s: one tabular model row set per (u, s)). */
  public double value(OracleActionTable policy) {
    return exact.evaluate(policy).value();
  }

  /** Every score of {@code policy}. */
  public Score score(OracleActionTable policy) {
    double j = value(policy);
    RewardConfig rewards = RewardConfig.defaults();
    double gauc = MtfGauc.evaluate(testLog, simulator.ranker(), policy, ExplorationData.ENCODING, rewards,
        ValidView.LONG_VIEW).gauc();
    WeightedEpisodes weighted = WeightedEpisodes.of(testEpisodes, MatchedSmoothing.LOGGING.smooth(policy, testLogging),
        1.0);
    double ncis = new NormalisedCappedImportanceSampling(NCIS_CAP).value(weighted);
    MtfLog own = ExplorationData.log(simulator, policy.asSessionPolicy(),
        new GreedyPolicy(ActionBounds.symmetric(simulator.actionDimension())), consumptionFirstEpisode,
        consumptionSessions);
    ConsumptionMetrics.Summary c = ConsumptionMetrics.of(own, ValidView.LONG_VIEW);
    return new Score(j, j / optimal, gauc, ncis, weighted.effectiveSampleSize(NCIS_CAP),
        c.validConsumptionPerUser(), c.watchTimePerUser());
  }
}
