package dev.mtfengine.mtf.sim;

/**
 * Per-request reward {@code r_t = sum over shown items of (w_C C + w_LV LV + w_L Like + w_S Share)}
 * (simulator.md; algorithm.md section 1: the weights are configuration).
 *
 * @param click w_C, default 6
 * @param longView w_LV, default 1
 * @param like w_L, default 10
 * @param share w_S, default 30
 */
public record RewardWeights(double click, double longView, double like, double share) {

  public RewardWeights {
    double[] all = {click, longView, like, share};
    String[] names = {"click", "longView", "like", "share"};
    for (int k = 0; k < 4; k++) {
      if (!Double.isFinite(all[k]) || all[k] < 0) {
        throw new IllegalArgumentException(
            "RewardWeights: " + names[k] + " = " + all[k] + " must be finite and >= 0");
      }
    }
  }

  /** The spec's default w = (6, 1, 10, 30). */
  public static RewardWeights defaults() {
    return new RewardWeights(6, 1, 10, 30);
  }
}
