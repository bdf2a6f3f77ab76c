package dev.mtfengine.mtf.log;

/**
 * The reward of a request computed from its items' feedback (algorithm.md section 1: the weights
 * are configuration):
 *
 * <pre>
 * r_t = w_C * #click + w_LV * #long_view + w_L * #like + w_S * #share + w_WT * sum watch_time
 * </pre>
 *
 * over the request's shown items (counts and seconds). With the defaults w = (6, 1, 10, 30) and
 * w_WT = 0 this is, bit for bit, the simulator's reward. It splits into two components for grouped
 * critics (UnifiedRL), whose sum is r_t up to rounding:
 *
 * <ul>
 *   <li>{@code watch_time} (consumption): {@code w_C * #click + w_LV * #long_view + w_WT * sum
 *       watch_time};
 *   <li>{@code interaction}: {@code w_L * #like + w_S * #share}.
 * </ul>
 *
 * @param click w_C, per clicked (validly played) item, default 6
 * @param longView w_LV, per long-viewed item, default 1
 * @param like w_L, per liked item, default 10
 * @param share w_S, per shared item, default 30
 * @param watchTimePerSecond w_WT, per second of watch time, default 0
 */
public record RewardConfig(
    double click, double longView, double like, double share, double watchTimePerSecond) {

  /** Names of the reward components, in the order of {@link #components}. */
  public static final java.util.List<String> COMPONENTS = java.util.List.of("watch_time", "interaction");

  public RewardConfig {
    double[] all = {click, longView, like, share, watchTimePerSecond};
    String[] names = {"click", "longView", "like", "share", "watchTimePerSecond"};
    for (int k = 0; k < all.length; k++) {
      if (!Double.isFinite(all[k]) || all[k] < 0) {
        throw new IllegalArgumentException(
            "RewardConfig: " + names[k] + " = " + all[k] + " must be finite and >= 0");
      }
    }
  }

  /** The spec's default w = (6, 1, 10, 30) without a watch-time term. */
  public static RewardConfig defaults() {
    return new RewardConfig(6, 1, 10, 30, 0);
  }

  /** r_t of one request. */
  public double reward(LoggedRequest request) {
    double[] c = counts(request);
    // same expression and order as the simulator, then the watch-time term
    double r = click * c[0] + longView * c[1] + like * c[2] + share * c[3];
    return watchTimePerSecond == 0 ? r : r + watchTimePerSecond * c[4];
  }

  /** The components (watch_time, interaction) of one request. */
  public double[] components(LoggedRequest request) {
    double[] c = counts(request);
    return new double[] {
      click * c[0] + longView * c[1] + watchTimePerSecond * c[4], like * c[2] + share * c[3]
    };
  }

  /** The reward of one item alone (MTF-GAUC's sample weight is this + 1). */
  public double itemReward(MtfLogRow item) {
    return click * (item.click() ? 1 : 0) + longView * (item.longView() ? 1 : 0)
        + like * (item.like() ? 1 : 0) + share * (item.share() ? 1 : 0)
        + watchTimePerSecond * item.watchTimeSeconds();
  }

  /** {#click, #long view, #like, #share, sum of watch time} over the request's items. */
  private static double[] counts(LoggedRequest request) {
    int c = 0, lv = 0, lk = 0, sh = 0;
    double watch = 0;
    for (MtfLogRow item : request.items()) {
      c += item.click() ? 1 : 0;
      lv += item.longView() ? 1 : 0;
      lk += item.like() ? 1 : 0;
      sh += item.share() ? 1 : 0;
      watch += item.watchTimeSeconds();
    }
    return new double[] {c, lv, lk, sh, watch};
  }
}
