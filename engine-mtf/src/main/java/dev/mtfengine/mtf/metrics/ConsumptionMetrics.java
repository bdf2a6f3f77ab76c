package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.log.LoggedRequest;
import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogRow;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * Per-user valid consumption and watch time over a log: the offline counterparts of the paper's
 * online metrics "valid consumptions per user per day" and "watch time per user per day"
 * (algorithm.md section 7). A log has no calendar, so the unit is the user over the whole log; in
 * simulator logs every session is its own user, so these are per-session means.
 */
public final class ConsumptionMetrics {
  private ConsumptionMetrics() {}

  /**
   * One user's totals.
   *
   * @param userId the user
   * @param sessions sessions of the user
   * @param requests requests over those sessions
   * @param shownItems items shown
   * @param validConsumptions shown items with a valid view
   * @param watchTimeSeconds summed watch time
   */
  public record UserConsumption(long userId, int sessions, int requests, long shownItems,
      long validConsumptions, double watchTimeSeconds) {}

  /**
   * Means over users.
   *
   * @param users number of users
   * @param validConsumptionPerUser mean valid consumptions per user
   * @param watchTimePerUser mean watch time per user, seconds
   * @param requestsPerUser mean requests per user
   * @param perUser every user's totals, by increasing user id
   */
  public record Summary(int users, double validConsumptionPerUser, double watchTimePerUser,
      double requestsPerUser, List<UserConsumption> perUser) {
    public Summary {
      perUser = List.copyOf(perUser);
    }
  }

  /**
   * Totals per user and their means.
   *
   * @throws IllegalArgumentException for a log without rows
   */
  public static Summary of(MtfLog log, ValidView validView) {
    if (log.rows().isEmpty()) {
      throw new IllegalArgumentException("ConsumptionMetrics: the log has no rows");
    }
    MutableLongObjectMap<long[]> counts = new LongObjectHashMap<>(); // sessions, requests, shown, valid
    MutableLongObjectMap<double[]> watch = new LongObjectHashMap<>();
    for (LoggedSession session : log.sessions()) {
      long[] c = counts.getIfAbsentPut(session.userId(), () -> new long[4]);
      double[] w = watch.getIfAbsentPut(session.userId(), () -> new double[1]);
      c[0]++;
      for (LoggedRequest request : session.requests()) {
        c[1]++;
        for (MtfLogRow item : request.items()) {
          c[2]++;
          c[3] += validView.of(item) ? 1 : 0;
          w[0] += item.watchTimeSeconds();
        }
      }
    }
    List<UserConsumption> users = new ArrayList<>();
    double valid = 0;
    double seconds = 0;
    double requests = 0;
    for (long user : counts.keySet().toSortedArray()) { // ascending ids: the sums depend on the order
      long[] c = counts.get(user);
      double w = watch.get(user)[0];
      users.add(new UserConsumption(user, (int) c[0], (int) c[1], c[2], c[3], w));
      valid += c[3];
      seconds += w;
      requests += c[1];
    }
    int n = users.size();
    return new Summary(n, valid / n, seconds / n, requests / n, users);
  }
}
