package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.sim.EpisodeSummary;
import dev.mtfengine.mtf.sim.Transition;
import java.util.List;

/**
 * One simulated session as {@code mtf simulate} hands it to a {@link SessionLogSink}: the totals,
 * every request in order, and per request what the exploration did.
 *
 * @param summary the session's totals
 * @param transitions the requests in order (empty when the sink asked for none)
 * @param steps per request (same index as {@code transitions}): the baseline action, the executed
 *     action and its density under the exploration policy (the propensity a log must record for
 *     importance sampling)
 */
public record SimulatedSession(
    EpisodeSummary summary, List<Transition> transitions, List<ExploredStep> steps) {

  /**
   * What the exploration policy did at one request.
   *
   * @param baselineAction mu_bp(s), the baseline policy's normalised action
   * @param action the executed (explored) normalised action, equal to the transition's action
   * @param density its density under the exploration policy around {@code baselineAction} ({@code
   *     +Infinity} for greedy, i.e. no exploration)
   */
  public record ExploredStep(double[] baselineAction, double[] action, double density) {}
}
