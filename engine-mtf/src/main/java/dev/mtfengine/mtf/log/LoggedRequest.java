package dev.mtfengine.mtf.log;

import java.util.List;

/**
 * One request of a logged session: the request-level fields shared by its rows, and its shown
 * items in slate order. Arrays are the rows' own: do not modify them.
 *
 * @param sessionId the session
 * @param userId the user
 * @param requestIndex t, from 0
 * @param userFeatures the request's user features, [F]
 * @param action the executed action, [K]
 * @param baselineAction mu_bp(s_t), [K]
 * @param density density of the action under the exploration policy (> 0)
 * @param reward the logged reward r_t
 * @param items the shown items, position 0 first
 */
public record LoggedRequest(
    long sessionId,
    long userId,
    int requestIndex,
    double[] userFeatures,
    double[] action,
    double[] baselineAction,
    double density,
    double reward,
    List<MtfLogRow> items) {

  /** The request of {@code items} (non-empty, one request, slate order). */
  static LoggedRequest of(List<MtfLogRow> items) {
    MtfLogRow first = items.get(0);
    return new LoggedRequest(first.sessionId(), first.userId(), first.requestIndex(),
        first.userFeatures(), first.action(), first.baselineAction(), first.density(),
        first.reward(), List.copyOf(items));
  }

  /** Number of shown items (the slate length L of this request). */
  public int shownItems() {
    return items.size();
  }
}
