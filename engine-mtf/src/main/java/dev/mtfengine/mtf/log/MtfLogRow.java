package dev.mtfengine.mtf.log;

import java.util.Arrays;

/**
 * One row of an MTF log: one shown item of one request (docs/data-format.md, "MTF logs"). The
 * request-level fields (user, features, action, baseline action, density, reward) repeat on every
 * item of the request; {@link MtfLog} checks that they agree.
 *
 * <p>Arrays are copied on construction and returned as is: callers must not modify them.
 * Equality compares every value bit for bit (arrays with {@link Arrays#equals(double[],
 * double[])}), which is what a CSV round trip must preserve.
 *
 * @param sessionId the session (one user's visit, arrival to exit)
 * @param userId the user; in simulator logs every session is a new user, so it equals the session
 * @param requestIndex t, the request's position in the session, from 0
 * @param position the item's slate position, 0 = first shown
 * @param itemId the item
 * @param userFeatures the request's user features, [F]
 * @param action the executed normalised action, [K], entries in [-1, 1]
 * @param baselineAction mu_bp(s_t), the baseline policy's action the exploration was centred on
 * @param density density of {@code action} under the exploration policy around the baseline (> 0;
 *     +Infinity for a deterministic logger), with respect to the measure of engine-rl's
 *     ExplorationPolicy
 * @param predictions the item's MTL predictions, one per schema head, each in [0, 1]
 * @param fusedScore the item's fused score under {@code action} (not NaN)
 * @param click whether the item was clicked (valid play)
 * @param longView whether it was long-viewed
 * @param like whether it was liked
 * @param share whether it was shared
 * @param watchTimeSeconds watch time of the item in seconds (finite, >= 0)
 * @param reward the request's reward r_t (finite), the same on every item of the request
 */
public record MtfLogRow(
    long sessionId,
    long userId,
    int requestIndex,
    int position,
    long itemId,
    double[] userFeatures,
    double[] action,
    double[] baselineAction,
    double density,
    double[] predictions,
    double fusedScore,
    boolean click,
    boolean longView,
    boolean like,
    boolean share,
    double watchTimeSeconds,
    double reward) {

  public MtfLogRow {
    if (requestIndex < 0 || position < 0) {
      throw new IllegalArgumentException("MtfLogRow: request_index = " + requestIndex
          + " and position = " + position + " must be >= 0");
    }
    userFeatures = copy("user features", userFeatures);
    action = copy("action", action);
    baselineAction = copy("baseline action", baselineAction);
    predictions = copy("predictions", predictions);
    if (action.length != baselineAction.length || action.length == 0) {
      throw new IllegalArgumentException("MtfLogRow: action has " + action.length
          + " dimensions and baseline action " + baselineAction.length + "; need the same K >= 1");
    }
    for (int i = 0; i < userFeatures.length; i++) {
      String problem = MtfLogValues.feature(userFeatures[i]);
      if (problem != null) {
        throw new IllegalArgumentException("MtfLogRow: feature_" + i + " " + problem);
      }
    }
    for (int j = 0; j < action.length; j++) {
      String problem = MtfLogValues.action(action[j]);
      if (problem != null) {
        throw new IllegalArgumentException("MtfLogRow: action_" + j + " " + problem);
      }
      problem = MtfLogValues.action(baselineAction[j]);
      if (problem != null) {
        throw new IllegalArgumentException("MtfLogRow: baseline_action_" + j + " " + problem);
      }
    }
    for (int k = 0; k < predictions.length; k++) {
      String problem = MtfLogValues.prediction(predictions[k]);
      if (problem != null) {
        throw new IllegalArgumentException("MtfLogRow: prediction " + k + " " + problem);
      }
    }
    String[] names = {"density", "fused_score", "watch_time", "reward"};
    String[] problems = {
      MtfLogValues.density(density),
      MtfLogValues.fusedScore(fusedScore),
      MtfLogValues.watchTime(watchTimeSeconds),
      MtfLogValues.reward(reward)
    };
    for (int i = 0; i < names.length; i++) {
      if (problems[i] != null) {
        throw new IllegalArgumentException("MtfLogRow: " + names[i] + " " + problems[i]);
      }
    }
  }

  private static double[] copy(String what, double[] v) {
    if (v == null) {
      throw new IllegalArgumentException("MtfLogRow: " + what + " must not be null");
    }
    return v.clone();
  }

  /** Whether the row's widths fit {@code schema}; throws naming the group otherwise. */
  void checkWidths(MtfLogSchema schema) {
    if (userFeatures.length != schema.featureCount()) {
      throw new IllegalArgumentException("MtfLogRow: " + userFeatures.length
          + " user features, the schema has " + schema.featureCount());
    }
    if (action.length != schema.actionDimension()) {
      throw new IllegalArgumentException("MtfLogRow: action has " + action.length
          + " dimensions, the schema has " + schema.actionDimension());
    }
    if (predictions.length != schema.heads().size()) {
      throw new IllegalArgumentException("MtfLogRow: " + predictions.length
          + " predictions, the schema has the heads " + schema.heads());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MtfLogRow r
        && sessionId == r.sessionId
        && userId == r.userId
        && requestIndex == r.requestIndex
        && position == r.position
        && itemId == r.itemId
        && Arrays.equals(userFeatures, r.userFeatures)
        && Arrays.equals(action, r.action)
        && Arrays.equals(baselineAction, r.baselineAction)
        && Double.compare(density, r.density) == 0
        && Arrays.equals(predictions, r.predictions)
        && Double.compare(fusedScore, r.fusedScore) == 0
        && click == r.click
        && longView == r.longView
        && like == r.like
        && share == r.share
        && Double.compare(watchTimeSeconds, r.watchTimeSeconds) == 0
        && Double.compare(reward, r.reward) == 0;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(sessionId);
    h = 31 * h + requestIndex;
    h = 31 * h + position;
    h = 31 * h + Long.hashCode(itemId);
    h = 31 * h + Arrays.hashCode(action);
    return 31 * h + Arrays.hashCode(predictions);
  }

  @Override
  public String toString() {
    return "MtfLogRow[session " + sessionId + ", request " + requestIndex + ", position " + position
        + ", item " + itemId + ", action " + Arrays.toString(action) + ", density " + density
        + ", feedback " + (click ? "C" : "") + (longView ? "LV" : "") + (like ? "L" : "")
        + (share ? "S" : "") + ", reward " + reward + "]";
  }
}
