package dev.mtfengine.mtf.log;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Session logs -> engine-rl transitions. For request t of a session of T requests:
 *
 * <ul>
 *   <li>{@code state} = s_t and {@code next_state} = s_{t+1} of the {@link StateEncoding} (for the
 *       last request, the state after it, see {@link StateEncoding#states});
 *   <li>{@code action} = the executed action, {@code baseline_action} = mu_bp(s_t) from the log,
 *       {@code next_baseline_action} = the baseline action of request t + 1 of the same session
 *       (for the last request its own baseline action: a placeholder that targets ignore because
 *       done = 1);
 *   <li>{@code reward} and {@code reward_components} ({@link RewardConfig#COMPONENTS}) from the
 *       items' feedback with the configured weights;
 *   <li>{@code done} = 1 exactly on the session's last request (the user left, or the log ends);
 *   <li>{@code behaviour_density} = the logged density; {@code episode_id} = session id, {@code
 *       step_index} = t, {@code round_id} as given.
 * </ul>
 *
 * Values are stored as float32 as the transition format requires; actions logged by the simulator
 * come from float32 exploration, so they convert exactly.
 */
public final class SessionTransitions {
  private SessionTransitions() {}

  /** The transition schema of a log: state width from the encoding, actions in [-1, 1]^K. */
  public static TransitionSchema schema(MtfLogSchema log, StateEncoding encoding) {
    return new TransitionSchema(encoding.width(log.featureCount()),
        ActionBounds.symmetric(log.actionDimension()), RewardConfig.COMPONENTS);
  }

  /**
   * The transitions of every session of {@code log}, in log order.
   *
   * @param roundId the progressive-training round that produced the log (>= 0)
   * @throws IllegalArgumentException for an empty log or a state width of 0
   */
  public static TransitionSet toTransitionSet(
      MtfLog log, StateEncoding encoding, RewardConfig rewards, int roundId) {
    if (log.rows().isEmpty()) {
      throw new IllegalArgumentException("SessionTransitions: the log has no rows");
    }
    TransitionSet.Builder set = TransitionSet.builder(schema(log.schema(), encoding));
    for (LoggedSession session : log.sessions()) {
      transitions(session, encoding, rewards, roundId).forEach(set::add);
    }
    return set.build();
  }

  /** The transitions of one session, one per request in request order (see the class comment). */
  public static List<Transition> transitions(
      LoggedSession session, StateEncoding encoding, RewardConfig rewards, int roundId) {
    double[][] states = encoding.states(session);
    List<LoggedRequest> requests = session.requests();
    List<Transition> out = new ArrayList<>(requests.size());
    for (int t = 0; t < requests.size(); t++) {
      LoggedRequest r = requests.get(t);
      boolean last = t + 1 == requests.size();
      double[] nextBaseline = last ? r.baselineAction() : requests.get(t + 1).baselineAction();
      out.add(new Transition(toFloat(states[t]), toFloat(r.action()), (float) rewards.reward(r),
          toFloat(rewards.components(r)), toFloat(states[t + 1]), last, r.density(),
          toFloat(r.baselineAction()), toFloat(nextBaseline), session.sessionId(),
          r.requestIndex(), roundId));
    }
    return out;
  }

  /**
   * Reads an MTF log CSV, converts it and writes the binary columnar transition file.
   *
   * @return the content hash of the written set
   */
  public static String convert(Path csv, Path transitionFile, StateEncoding encoding,
      RewardConfig rewards, int roundId) {
    return TransitionFile.write(
        toTransitionSet(MtfLogReader.read(csv), encoding, rewards, roundId), transitionFile);
  }

  /** Reads a binary transition file written by {@link #convert} (or by engine-rl). */
  public static TransitionSet read(Path transitionFile) {
    return TransitionFile.read(transitionFile);
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }
}
