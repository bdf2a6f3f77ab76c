package dev.mtfengine.mtf.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the policy observes at each request (simulator.md, "Observation modes").
 *
 * <ul>
 *   <li>{@link Mode#ORACLE}: features {@code [onehot(u) (U), z]}, exactly the MDP state, and the
 *       observation also carries u and s; J* is the optimum for this mode.
 *   <li>{@link Mode#REALISTIC}: {@code [userFeatures (U), requestIndex / 10, history (6),
 *       candidateStats (8, optional)]}: noisy user features {@code onehot(u) + N(0, sd^2)} drawn once
 *       per episode; the request index; per-shown-item rates of click, long view, like, share and
 *       regret click over the last k requests plus the fraction of those k requests that exist;
 *       optionally the mean and max over candidates of each predicted head. Satisfaction is hidden,
 *       so J* is only an upper bound.
 * </ul>
 *
 * @param mode oracle or realistic
 * @param historyLength k, requests summarised in realistic mode (>= 1)
 * @param userFeatureNoiseSd sd of the noise on the one-hot user features (>= 0)
 * @param candidateStatistics whether realistic observations include the candidate head statistics
 */
public record ObservationConfig(
    Mode mode, int historyLength, double userFeatureNoiseSd, boolean candidateStatistics) {

  /** The observation modes. */
  public enum Mode {
    ORACLE,
    REALISTIC
  }

  /** Number of history summary features: five rates and the fill fraction. */
  static final int HISTORY_FEATURES = 6;

  public ObservationConfig {
    if (mode == null) {
      throw new IllegalArgumentException("ObservationConfig: mode must be set");
    }
    if (historyLength < 1) {
      throw new IllegalArgumentException(
          "ObservationConfig: historyLength = " + historyLength + " must be >= 1");
    }
    if (!(userFeatureNoiseSd >= 0) || !Double.isFinite(userFeatureNoiseSd)) {
      throw new IllegalArgumentException(
          "ObservationConfig: userFeatureNoiseSd = " + userFeatureNoiseSd + " must be >= 0");
    }
  }

  /** Oracle observations: (u, z). */
  public static ObservationConfig oracle() {
    return new ObservationConfig(Mode.ORACLE, 3, 0.0, false);
  }

  /** Realistic observations with k = 3, user-feature noise sd 0.5, and candidate statistics. */
  public static ObservationConfig realistic() {
    return new ObservationConfig(Mode.REALISTIC, 3, 0.5, true);
  }

  /** The names of the feature vector's entries, in order, for {@code typeNames} (U of them). */
  public List<String> featureNames(List<String> typeNames) {
    List<String> names = new ArrayList<>();
    if (mode == Mode.ORACLE) {
      for (String t : typeNames) {
        names.add("type=" + t);
      }
      names.add("satisfaction_z");
      return names;
    }
    for (String t : typeNames) {
      names.add("user_feature_" + t);
    }
    names.add("request_index_over_10");
    for (String h : List.of("click", "long_view", "like", "share", "regret_click")) {
      names.add("recent_" + h + "_rate");
    }
    names.add("recent_history_fill");
    if (candidateStatistics) {
      for (String h : FusionSpec.HEADS) {
        names.add("candidates_mean_" + h);
      }
      for (String h : FusionSpec.HEADS) {
        names.add("candidates_max_" + h);
      }
    }
    return names;
  }
}
