package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.Episodes;
import java.util.List;

/**
 * An MTF log seen by engine-rl's off-policy evaluation ({@code dev.mtfengine.rl.ope}): the log's
 * sessions as {@link Episode}s (states by a {@link StateEncoding}, one reward per request by a
 * {@link RewardConfig}, the logged behaviour densities). engine-mtf adapts; every estimator
 * lives in engine-rl.
 */
public final class LoggedEpisodes {
  private LoggedEpisodes() {}

  /** The sessions of {@code log} as episodes, through the same transitions the learners train on. */
  public static List<Episode> of(MtfLog log, StateEncoding encoding, RewardConfig rewards) {
    return Episodes.from(SessionTransitions.toTransitionSet(log, encoding, rewards, 0));
  }
}
