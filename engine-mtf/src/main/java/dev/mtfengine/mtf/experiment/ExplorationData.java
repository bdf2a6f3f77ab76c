package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.SimulationLogger;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.log.WatchTimeProxy;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.ExplorationPolicy;

/**
 * One batch of exploration data from the simulator: the baseline policy deployed with an
 * exploration policy around it, logged in oracle mode (user features {@code [onehot(u), z]}) and
 * turned into transitions with the features-only {@link StateEncoding}, so learners see the
 * simulator's Markov state and their policies can be valued exactly.
 *
 * @param log the session log (one row per shown item), for MTF-GAUC, NCIS and consumption
 * @param transitions one transition per request, rewards scaled for training
 */
public record ExplorationData(MtfLog log, TransitionSet transitions) {

  /** The state encoding of every experiment log: the oracle features alone. */
  public static final StateEncoding ENCODING = StateEncoding.featuresOnly();

  /**
   * The watch time logged per item: 5 s for a click without long view, 30 s for a long view (the
   * simulator has no durations; the proxy only has to order the outcomes, see
   * docs/algorithms/experiment.md).
   */
  public static final WatchTimeProxy WATCH_TIME = new WatchTimeProxy(5.0, 30.0);

  /**
   * Logs sessions {@code [firstEpisode, firstEpisode + sessions)}.
   *
   * @param baseline mu_bp, the deployed policy
   * @param exploration how executed actions are drawn around mu_bp
   * @param roundId stored in every transition (lineage of pooled data)
   * @param trainingRewards the reward the transitions carry (the simulator's weights, scaled)
   */
  public static ExplorationData collect(SessionSimulator simulator, SessionPolicy baseline,
      ExplorationPolicy exploration, long firstEpisode, int sessions, int roundId, RewardConfig trainingRewards) {
    MtfLog log = log(simulator, baseline, exploration, firstEpisode, sessions);
    return new ExplorationData(log, SessionTransitions.toTransitionSet(log, ENCODING, trainingRewards, roundId));
  }

  /** The session log alone (oracle mode, {@link #WATCH_TIME}), e.g. for consumption metrics. */
  public static MtfLog log(SessionSimulator simulator, SessionPolicy baseline, ExplorationPolicy exploration,
      long firstEpisode, int sessions) {
    return new SimulationLogger(simulator, ObservationConfig.oracle(), baseline, exploration, WATCH_TIME)
        .run(firstEpisode, sessions);
  }

  /** The simulator's reward weights multiplied by {@code scale} (> 0): same ranking of policies. */
  public static RewardConfig scaledRewards(double scale) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("reward scale = " + scale + " must be finite and > 0");
    }
    RewardConfig d = RewardConfig.defaults();
    return new RewardConfig(d.click() * scale, d.longView() * scale, d.like() * scale, d.share() * scale,
        d.watchTimePerSecond() * scale);
  }
}
