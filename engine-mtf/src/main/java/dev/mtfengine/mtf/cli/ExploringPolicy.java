package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.sim.Observation;
import dev.mtfengine.mtf.sim.RandomStreams;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.StreamPurpose;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour policy of one session: the baseline's action mu_bp(s), explored by an {@link
 * ExplorationPolicy}, with every step recorded. One instance per episode, because the exploration
 * noise of request t comes from the simulator's {@link StreamPurpose#POLICY} stream of (episode, t):
 * so it is reproducible, independent of the order in which episodes run, and never shifts the
 * simulator's own draws (common random numbers across behaviour policies).
 *
 * <p>The exploration policies of engine-rl work in float (the networks' precision); baseline
 * actions are rounded to float before exploring, and the executed action is the float result
 * widened back, so the logged action is exactly the one whose density is logged. Rounding cannot
 * leave [-1, 1]: both bounds are floats and rounding is monotone.
 */
final class ExploringPolicy implements SessionPolicy {
  private final SessionPolicy baseline;
  private final ExplorationPolicy exploration;
  private final RandomStreams streams;
  private final long episode;
  private final List<SimulatedSession.ExploredStep> steps;

  /**
   * @param record whether to keep the steps (only needed when a log is written)
   */
  ExploringPolicy(SessionPolicy baseline, ExplorationPolicy exploration, RandomStreams streams,
      long episode, boolean record) {
    this.baseline = baseline;
    this.exploration = exploration;
    this.streams = streams;
    this.episode = episode;
    this.steps = record ? new ArrayList<>() : null;
  }

  @Override
  public double[] act(Observation observation) {
    double[] base = baseline.act(observation);
    float[] baseFloat = new float[base.length];
    for (int j = 0; j < base.length; j++) {
      baseFloat[j] = (float) base[j];
    }
    // type 0 always: in realistic mode the policy does not know u, and the stream must not either
    ExploredAction explored = exploration.sample(
        baseFloat, streams.stream(StreamPurpose.POLICY, 0, 0, episode, observation.requestIndex()));
    double[] action = new double[base.length];
    for (int j = 0; j < action.length; j++) {
      action[j] = explored.action()[j];
    }
    if (steps != null) {
      double[] baseWidened = new double[base.length];
      for (int j = 0; j < base.length; j++) {
        baseWidened[j] = baseFloat[j];
      }
      steps.add(new SimulatedSession.ExploredStep(baseWidened, action.clone(), explored.density()));
    }
    return action;
  }

  /** The recorded steps in request order (empty when not recording). */
  List<SimulatedSession.ExploredStep> steps() {
    return steps == null ? List.of() : List.copyOf(steps);
  }
}
