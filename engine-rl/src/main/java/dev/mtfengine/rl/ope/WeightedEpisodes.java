package dev.mtfengine.rl.ope;

import java.util.List;

/**
 * Logged episodes with the importance weights of one target policy and the discount: everything
 * the importance-sampling estimators read. Computed once; the bootstrap then only reweights
 * episodes.
 *
 * <p>For episode i and step t: {@code rho_t = pi(a_t | s_t) / mu(a_t | s_t)} (the ratio), {@code
 * w_t = prod_{k <= t} rho_k} (the cumulative, per-decision weight) and {@code gamma^t r_t} (the
 * discounted reward). For the self-normalised estimators an episode shorter than the longest one is
 * continued in an absorbing state with reward 0 and ratio 1, so its weight after its last step
 * stays {@code w_{T-1}} ({@link #weightAt}).
 *
 * <p>Assumptions checked here: at least one episode; every behaviour density finite (a
 * deterministic logger gives no importance weights); every target density finite and {@code >= 0}
 * (a deterministic target must be kernel-smoothed, {@link KernelSmoothedTargetPolicy}). Not
 * checkable and assumed: the logged densities are those of the policy that actually chose the
 * actions, and the target's support is covered by the behaviour's ({@code mu > 0} wherever {@code
 * pi > 0}).
 */
public final class WeightedEpisodes {
  private final List<Episode> episodes;
  private final double gamma;
  private final String target;
  private final double[][] ratios;
  private final double[][] weights;
  private final double[][] discountedRewards;
  private final double[] logEpisodeWeights;
  private final int horizon;

  private WeightedEpisodes(List<Episode> episodes, double gamma, String target, double[][] ratios,
      double[][] weights, double[][] discountedRewards) {
    this.episodes = episodes;
    this.gamma = gamma;
    this.target = target;
    this.ratios = ratios;
    this.weights = weights;
    this.discountedRewards = discountedRewards;
    this.logEpisodeWeights = new double[ratios.length];
    for (int i = 0; i < ratios.length; i++) {
      double log = 0;
      for (double rho : ratios[i]) {
        log += Math.log(rho); // -Infinity for a zero ratio: the weight is exactly 0
      }
      logEpisodeWeights[i] = log;
    }
    this.horizon = episodes.stream().mapToInt(Episode::length).max().orElse(0);
  }

  /** The episodes weighted for {@code target} with discount {@code gamma} in [0, 1]. */
  public static WeightedEpisodes of(List<Episode> episodes, TargetPolicy target, double gamma) {
    if (episodes == null || episodes.isEmpty()) {
      throw new IllegalArgumentException("off-policy evaluation: no episodes to evaluate");
    }
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("off-policy evaluation: gamma must be in [0, 1], got " + gamma);
    }
    int n = episodes.size();
    double[][] ratios = new double[n][];
    double[][] weights = new double[n][];
    double[][] discounted = new double[n][];
    int stateDim = episodes.get(0).states()[0].length;
    int actionDim = episodes.get(0).actions()[0].length;
    for (Episode e : episodes) {
      if (e.states()[0].length != stateDim || e.actions()[0].length != actionDim) {
        throw new IllegalArgumentException("off-policy evaluation: episode " + e.id() + " has state width "
            + e.states()[0].length + " and action width " + e.actions()[0].length + ", episode "
            + episodes.get(0).id() + " has " + stateDim + " and " + actionDim);
      }
    }
    double[][] pi = targetDensities(episodes, target);
    for (int i = 0; i < n; i++) {
      Episode e = episodes.get(i);
      ratios[i] = new double[e.length()];
      weights[i] = new double[e.length()];
      discounted[i] = new double[e.length()];
      double w = 1;
      double discount = 1;
      for (int t = 0; t < e.length(); t++) {
        ratios[i][t] = ratio(e, t, pi[i][t], target);
        w *= ratios[i][t];
        weights[i][t] = w;
        discounted[i][t] = discount * e.rewards()[t];
        discount *= gamma;
      }
    }
    return new WeightedEpisodes(List.copyOf(episodes), gamma, target.describe(), ratios, weights, discounted);
  }

  /** Steps per call of {@link TargetPolicy#densities}: one batched forward pass for many episodes, bounded memory. */
  private static final int STEPS_PER_CALL = 4096;

  /**
   * pi(a_t | s_t) for every step, [n][T_i]. Whole episodes are concatenated into calls of about
   * {@link #STEPS_PER_CALL} steps, because a network-backed target costs one forward pass per call.
   */
  private static double[][] targetDensities(List<Episode> episodes, TargetPolicy target) {
    double[][] out = new double[episodes.size()][];
    int first = 0;
    while (first < episodes.size()) {
      int end = first;
      int steps = 0;
      while (end < episodes.size() && (end == first || steps + episodes.get(end).length() <= STEPS_PER_CALL)) {
        steps += episodes.get(end).length();
        end++;
      }
      float[][] states = new float[steps][];
      float[][] actions = new float[steps][];
      int row = 0;
      for (int i = first; i < end; i++) {
        Episode e = episodes.get(i);
        System.arraycopy(e.states(), 0, states, row, e.length());
        System.arraycopy(e.actions(), 0, actions, row, e.length());
        row += e.length();
      }
      double[] pi = target.densities(states, actions);
      if (pi.length != steps) {
        throw new IllegalArgumentException("off-policy evaluation: target policy " + target.describe() + " gave "
            + pi.length + " densities for " + steps + " steps");
      }
      row = 0;
      for (int i = first; i < end; i++) {
        out[i] = java.util.Arrays.copyOfRange(pi, row, row + episodes.get(i).length());
        row += episodes.get(i).length();
      }
      first = end;
    }
    return out;
  }

  private static double ratio(Episode e, int t, double pi, TargetPolicy target) {
    double mu = e.behaviourDensities()[t];
    String at = "off-policy evaluation: episode " + e.id() + ", step " + t;
    if (mu == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(at + ": behaviour density is +Infinity (a deterministic logger); "
          + "importance weights need a logging policy that explores");
    }
    if (!(pi >= 0 && Double.isFinite(pi))) {
      throw new IllegalArgumentException(at + ": target density is " + pi + " under " + target.describe()
          + "; it must be finite and >= 0 (smooth a deterministic target with KernelSmoothedTargetPolicy)");
    }
    return pi / mu;
  }

  public List<Episode> episodes() {
    return episodes;
  }

  /** n, the number of episodes. */
  public int size() {
    return episodes.size();
  }

  public double gamma() {
    return gamma;
  }

  /** The target policy's description. */
  public String target() {
    return target;
  }

  /** The longest episode's length H. */
  public int horizon() {
    return horizon;
  }

  /** T_i. */
  public int length(int episode) {
    return ratios[episode].length;
  }

  /** rho_t of episode i. */
  public double ratio(int episode, int t) {
    return ratios[episode][t];
  }

  /** w_t of episode i for {@code t < T_i}; {@code w_{T_i - 1}} after the episode's end (absorbing, ratio 1). */
  public double weightAt(int episode, int t) {
    double[] w = weights[episode];
    return w[Math.min(t, w.length - 1)];
  }

  /** {@code w_{t-1}} with {@code w_{-1} = 1}: the weight of the steps before t. */
  public double weightBefore(int episode, int t) {
    return t == 0 ? 1.0 : weights[episode][t - 1];
  }

  /** {@code gamma^t r_t} of episode i for {@code t < T_i}; 0 after the episode's end. */
  public double discountedRewardAt(int episode, int t) {
    double[] r = discountedRewards[episode];
    return t < r.length ? r[t] : 0.0;
  }

  /** W_i = w_{T_i - 1}, the whole-episode weight. */
  public double episodeWeight(int episode) {
    return weights[episode][weights[episode].length - 1];
  }

  /**
   * {@code ln W_i = sum_t ln rho_t}, summed in log space so that a long episode's weight neither
   * overflows nor underflows; {@code -Infinity} when some ratio is 0.
   */
  public double logEpisodeWeight(int episode) {
    return logEpisodeWeights[episode];
  }

  /** {@code G_i = sum_{t < T_i} gamma^t r_t}, the episode's discounted return. */
  public double episodeReturn(int episode) {
    double g = 0;
    for (double r : discountedRewards[episode]) {
      g += r;
    }
    return g;
  }

  /**
   * The whole-episode weights capped at {@code cap} and divided by the largest of them, {@code
   * min(W_i, c) / max_k min(W_k, c)}, computed from the log weights so that the ratios are right
   * even where every W_i is below the smallest double. Self-normalised estimators and the effective
   * sample size do not change under a common factor. All 0 when every weight is 0.
   */
  public double[] relativeEpisodeWeights(double cap) {
    double logCap = Math.log(cap);
    double shift = Double.NEGATIVE_INFINITY;
    for (double lw : logEpisodeWeights) {
      shift = Math.max(shift, Math.min(lw, logCap));
    }
    double[] out = new double[size()];
    if (shift == Double.NEGATIVE_INFINITY) {
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(Math.min(logEpisodeWeights[i], logCap) - shift);
    }
    return out;
  }

  /**
   * Kish's effective sample size {@code (sum_i W_i)^2 / sum_i W_i^2} of the whole-episode weights,
   * each first capped at {@code cap} ({@code +Infinity}: uncapped). Equals n when all weights are
   * equal; 0 when all are 0.
   */
  public double effectiveSampleSize(double cap) {
    double sum = 0;
    double sumSq = 0;
    for (double w : relativeEpisodeWeights(cap)) {
      sum += w;
      sumSq += w * w;
    }
    return sumSq == 0 ? 0.0 : sum * sum / sumSq;
  }
}
