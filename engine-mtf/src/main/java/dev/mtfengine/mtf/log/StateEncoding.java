package dev.mtfengine.mtf.log;

import java.util.ArrayList;
import java.util.List;

/**
 * How a logged request becomes the state s_t of a transition. Two encodings:
 *
 * <ul>
 *   <li><b>features only</b> ({@code requestAndHistory = false}): {@code s_t = userFeatures_t}
 *       [F]. For simulator logs in oracle mode the user features are the oracle observation
 *       {@code [onehot(u), z]}, so this is exactly the oracle state.
 *   <li><b>features, request index and recent history</b> ({@code requestAndHistory = true}, the
 *       default): {@code s_t = [userFeatures_t (F), t / 10, rates (5), fill]} [F + 7], where {@code
 *       rates} are the per-shown-item rates of click, long view, like, share and regret click (click
 *       without long view), averaged over the last k requests of the session before t (oldest
 *       first; zeros at t = 0), and {@code fill = min(t, k) / k}. For simulator logs in realistic
 *       mode this is exactly the simulator's realistic observation without candidate statistics
 *       (which a log of shown items cannot give), so a policy learned on these states runs in the
 *       simulator on {@code ObservationConfig(REALISTIC, k, sd, false)} observations unchanged.
 * </ul>
 *
 * @param requestAndHistory whether to append t / 10 and the history summary
 * @param historyLength k, the number of earlier requests summarised (>= 1)
 */
public record StateEncoding(boolean requestAndHistory, int historyLength) {
  /** The history rates, in state order. */
  public static final List<String> HISTORY_RATES =
      List.of("click", "long_view", "like", "share", "regret_click");

  public StateEncoding {
    if (historyLength < 1) {
      throw new IllegalArgumentException(
          "StateEncoding: historyLength = " + historyLength + " must be >= 1");
    }
  }

  /** Features, t / 10 and the last 3 requests' rates: the realistic observation's layout. */
  public static StateEncoding defaults() {
    return new StateEncoding(true, 3);
  }

  /** The user features alone. */
  public static StateEncoding featuresOnly() {
    return new StateEncoding(false, 1);
  }

  /** The state width for {@code featureCount} user features. */
  public int width(int featureCount) {
    return featureCount + (requestAndHistory ? 2 + HISTORY_RATES.size() : 0);
  }

  /** Names of the state entries, in order. */
  public List<String> names(int featureCount) {
    List<String> n = new ArrayList<>();
    for (int i = 0; i < featureCount; i++) {
      n.add("feature_" + i);
    }
    if (requestAndHistory) {
      n.add("request_index_over_10");
      for (String h : HISTORY_RATES) {
        n.add("recent_" + h + "_rate");
      }
      n.add("recent_history_fill");
    }
    return n;
  }

  /**
   * The states of a session: row t < T is s_t (before request t), row T is the state after the
   * last request (the last request's features, t = T, history including the last request); it is
   * the next state of the final transition, which targets ignore because done = 1.
   *
   * @return shape [T + 1][width]
   */
  public double[][] states(LoggedSession session) {
    List<LoggedRequest> requests = session.requests();
    int length = requests.size();
    int features = requests.get(0).userFeatures().length;
    double[][] out = new double[length + 1][];
    int k = historyLength;
    double[][] history = new double[k][HISTORY_RATES.size()]; // ring buffer, as the simulator's
    for (int t = 0; t <= length; t++) {
      double[] f = requests.get(Math.min(t, length - 1)).userFeatures();
      double[] s = new double[width(features)];
      System.arraycopy(f, 0, s, 0, features);
      if (requestAndHistory) {
        int pos = features;
        s[pos++] = t / 10.0;
        int available = Math.min(t, k);
        // mean over the available last-k requests, oldest first: the simulator's summation order
        for (int h = 0; h < HISTORY_RATES.size(); h++) {
          double sum = 0;
          for (int back = available; back >= 1; back--) {
            sum += history[(t - back) % k][h];
          }
          s[pos++] = available == 0 ? 0.0 : sum / available;
        }
        s[pos] = available / (double) k;
        if (t < length) {
          summarise(history[t % k], requests.get(t));
        }
      }
      out[t] = s;
    }
    return out;
  }

  private static void summarise(double[] row, LoggedRequest request) {
    int c = 0, lv = 0, lk = 0, sh = 0, regret = 0;
    for (MtfLogRow item : request.items()) {
      c += item.click() ? 1 : 0;
      lv += item.longView() ? 1 : 0;
      lk += item.like() ? 1 : 0;
      sh += item.share() ? 1 : 0;
      regret += item.click() && !item.longView() ? 1 : 0;
    }
    double shown = request.shownItems();
    row[0] = c / shown;
    row[1] = lv / shown;
    row[2] = lk / shown;
    row[3] = sh / shown;
    row[4] = regret / shown;
  }
}
