package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.log.LoggedRequest;
import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.StateEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * MTF-GAUC, the weighted group AUC of algorithm.md section 7 (arXiv:2404.17589):
 *
 * <ul>
 *   <li>one sample per shown item; label y = valid view ({@link ValidView}, default long view);
 *       weight w = the item's reward + 1 (reward from the configured weights); prediction = the
 *       fused score of the item's MTL predictions under the evaluated policy's action for the
 *       item's request, min-max normalised over the whole test set: {@code x = (f - min f) / (max f
 *       - min f)} (all x = 0 when every score is equal);
 *   <li>per user u with positives P_u and negatives N_u: {@code AUC_u = sum_{i in P_u} sum_{j in
 *       N_u} w_i w_j ([x_i > x_j] + 1/2 [x_i = x_j]) / (sum_{P_u} w_i * sum_{N_u} w_j)} (ties count
 *       as half);
 *   <li>{@code GAUC = sum_u n_u AUC_u / sum_u n_u} over the users that have both classes, n_u the
 *       user's sample count; users with one class only are skipped (and counted in the result).
 * </ul>
 *
 * Min-max normalisation is monotone, so it changes no AUC; it is kept because the paper states the
 * prediction that way. Per-user AUCs are computed by sorting (O(n log n)) and summed in increasing
 * user id order, so the result does not depend on the order of the samples.
 */
public final class MtfGauc {
  private MtfGauc() {}

  /**
   * One user-item sample.
   *
   * @param userId the user (group)
   * @param label whether the item had a valid view
   * @param weight the sample weight (reward + 1), finite and > 0
   * @param score the evaluated policy's fused score (finite; normalised by {@link #compute})
   */
  public record Sample(long userId, boolean label, double weight, double score) {}

  /**
   * @param gauc the sample-count-weighted mean of the per-user AUCs
   * @param usersCounted users with both classes
   * @param usersSkipped users with one class only
   * @param samplesCounted samples of the counted users
   */
  public record Result(double gauc, int usersCounted, int usersSkipped, long samplesCounted) {}

  /**
   * MTF-GAUC of explicit samples.
   *
   * @throws IllegalArgumentException for no samples, a non-finite score, a weight that is not
   *     finite and > 0, or when no user has both classes (naming the counts)
   */
  public static Result compute(List<Sample> samples) {
    if (samples == null || samples.isEmpty()) {
      throw new IllegalArgumentException("MtfGauc: no samples; MTF-GAUC needs a non-empty test set");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      if (!Double.isFinite(s.score())) {
        throw new IllegalArgumentException("MtfGauc: sample " + i + " (user " + s.userId()
            + ") has score " + s.score() + "; fused scores must be finite to be normalised");
      }
      if (!(s.weight() > 0) || !Double.isFinite(s.weight())) {
        throw new IllegalArgumentException("MtfGauc: sample " + i + " (user " + s.userId()
            + ") has weight " + s.weight() + "; weights (reward + 1) must be finite and > 0 "
            + "(are the reward weights negative?)");
      }
      min = Math.min(min, s.score());
      max = Math.max(max, s.score());
    }
    double range = max - min;
    // each user's samples in log order, users in ascending id (the sums below depend on that order)
    MutableLongObjectMap<List<Sample>> byUser = new LongObjectHashMap<>();
    for (Sample s : samples) {
      byUser.getIfAbsentPut(s.userId(), ArrayList::new).add(s);
    }
    double weighted = 0;
    long counted = 0;
    int users = 0;
    int skipped = 0;
    for (long user : byUser.keySet().toSortedArray()) {
      List<Sample> group = byUser.get(user);
      int n = group.size();
      double[] x = new double[n];
      double[] w = new double[n];
      boolean[] y = new boolean[n];
      for (int i = 0; i < n; i++) {
        Sample s = group.get(i);
        x[i] = range > 0 ? (s.score() - min) / range : 0.0;
        w[i] = s.weight();
        y[i] = s.label();
      }
      double auc = weightedAuc(x, y, w);
      if (Double.isNaN(auc)) {
        skipped++;
        continue;
      }
      weighted += n * auc;
      counted += n;
      users++;
    }
    if (users == 0) {
      throw new IllegalArgumentException("MtfGauc: all " + skipped + " users have one class only "
          + "(only valid views or none); GAUC is undefined. Use a larger test set or another "
          + "valid-view label");
    }
    return new Result(weighted / counted, users, skipped, counted);
  }

  /**
   * The weighted AUC of one user with ties counted as half, or NaN when the user has one class
   * only.
   */
  static double weightedAuc(double[] x, boolean[] y, double[] w) {
    int n = x.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double negativesBelow = 0;
    double numerator = 0;
    double positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      double pos = 0;
      double neg = 0;
      while (j < n && x[order[j]] == x[order[i]]) {
        if (y[order[j]]) {
          pos += w[order[j]];
        } else {
          neg += w[order[j]];
        }
        j++;
      }
      // positives of this score beat every lighter-scored negative and tie with this score's
      numerator += pos * (negativesBelow + 0.5 * neg);
      negativesBelow += neg;
      positives += pos;
      i = j;
    }
    if (positives == 0 || negativesBelow == 0) {
      return Double.NaN;
    }
    return numerator / (positives * negativesBelow);
  }

  /**
   * The samples of a log under {@code policy}: for each request, {@code a = policy(s_t)} with s_t
   * from {@code encoding}, and every shown item's fused score under a.
   *
   * @param ranker the fusion formula and action map; every head it scores must be among the log's
   *     prediction columns, which are matched to it by name (in any order; extra heads are unused)
   */
  public static List<Sample> samples(MtfLog log, FusionRanker ranker, StatePolicy policy,
      StateEncoding encoding, RewardConfig rewards, ValidView validView) {
    int[] column = headColumns(ranker.formula().headNames(), log.schema().heads());
    double[] heads = new double[column.length];
    List<Sample> out = new ArrayList<>(log.rows().size());
    for (LoggedSession session : log.sessions()) {
      double[][] states = encoding.states(session);
      for (LoggedRequest request : session.requests()) {
        double[] action = policy.action(states[request.requestIndex()]);
        double[] raw = ranker.actionMap().toRaw(action); // validates length and range
        for (MtfLogRow item : request.items()) {
          double[] predictions = item.predictions();
          for (int k = 0; k < column.length; k++) {
            heads[k] = predictions[column[k]];
          }
          double score = ranker.formula().score(heads, 0, raw);
          out.add(new Sample(item.userId(), validView.of(item), rewards.itemReward(item) + 1.0,
              score));
        }
      }
    }
    return out;
  }

  /**
   * For each head the formula scores, the index of its prediction in the log's rows.
   *
   * @throws IllegalArgumentException naming the missing {@code pred_} column
   */
  static int[] headColumns(List<String> formulaHeads, List<String> logHeads) {
    int[] column = new int[formulaHeads.size()];
    for (int k = 0; k < column.length; k++) {
      column[k] = logHeads.indexOf(formulaHeads.get(k));
      if (column[k] < 0) {
        throw new IllegalArgumentException("MtfGauc: the fusion formula scores head '" + formulaHeads.get(k)
            + "' but the log has no pred_" + formulaHeads.get(k) + " column (its prediction columns: pred_"
            + String.join(", pred_", logHeads) + "); add it or evaluate with a formula over these heads");
      }
    }
    return column;
  }

  /** MTF-GAUC of {@code policy} on {@code log}: {@link #compute} of {@link #samples}. */
  public static Result evaluate(MtfLog log, FusionRanker ranker, StatePolicy policy,
      StateEncoding encoding, RewardConfig rewards, ValidView validView) {
    return compute(samples(log, ranker, policy, encoding, rewards, validView));
  }
}
