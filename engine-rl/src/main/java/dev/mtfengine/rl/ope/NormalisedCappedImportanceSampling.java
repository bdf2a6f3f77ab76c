package dev.mtfengine.rl.ope;

import java.util.OptionalDouble;

/**
 * NCIS cumulative reward, the offline metric of UnifiedRL (arXiv 2404.17589 v6, section 5.1.3;
 * algorithm.md section 7), in the reading we chose (docs/algorithms/ope.md, "The paper's NCIS"):
 * one importance weight per session, capped, then self-normalised (capping after Ionides 2008 and
 * Bottou et al. 2013, normalising after Swaminathan and Joachims 2015):
 *
 * <pre>
 *   c_i    = min(W_i, c),       W_i = prod_{t &lt; T_i} rho_t^i
 *   V_NCIS = sum_i c_i G_i / sum_i c_i,       G_i = sum_{t &lt; T_i} gamma^t r_t^i
 * </pre>
 *
 * The weights are handled in log space and divided by the largest capped weight before they are
 * exponentiated ({@link WeightedEpisodes#relativeEpisodeWeights}), which leaves V_NCIS unchanged and
 * keeps long sessions from underflowing together.
 *
 * <p>Assumptions as for {@link PerDecisionImportanceSampling}. V_NCIS always lies between the
 * smallest and the largest episode return; {@code c = +Infinity} is weighted importance sampling
 * ({@link #weighted}); a cap at or below every weight gives the behaviour's mean return. With a
 * deterministic target smoothed by a kernel narrower than the logging noise, the session weights'
 * log falls linearly with the session length, so the estimate rests on the shortest sessions: the
 * smoothing rule ({@link MatchedSmoothing}) exists for that.
 */
public final class NormalisedCappedImportanceSampling implements OffPolicyEstimator {
  private final double cap;
  private final String name;

  /** @param cap c, the largest session weight kept, {@code > 0} ({@code +Infinity}: no cap) */
  public NormalisedCappedImportanceSampling(double cap) {
    this(cap, "ncis");
  }

  private NormalisedCappedImportanceSampling(double cap, String name) {
    if (!(cap > 0)) {
      throw new IllegalArgumentException(name + ": cap must be > 0, got " + cap);
    }
    this.cap = cap;
    this.name = name;
  }

  /** Weighted (self-normalised) trajectory importance sampling, WIS: no cap. */
  public static NormalisedCappedImportanceSampling weighted() {
    return new NormalisedCappedImportanceSampling(Double.POSITIVE_INFINITY, "wis");
  }

  public double cap() {
    return cap;
  }

  @Override
  public String name() {
    return name;
  }

  /** V_NCIS on all of {@code d}, without an interval. */
  public double value(WeightedEpisodes d) {
    int[] all = new int[d.size()];
    java.util.Arrays.fill(all, 1);
    return value(weights(d), returns(d), all);
  }

  @Override
  public Estimate estimate(WeightedEpisodes d, Bootstrap bootstrap) {
    double[] w = weights(d);
    double[] g = returns(d);
    return bootstrap.estimate(name, d.size(), m -> value(w, g, m), OptionalDouble.of(d.effectiveSampleSize(cap)));
  }

  /** The capped relative session weights; throws when all are 0 (the log does not cover the target). */
  private double[] weights(WeightedEpisodes d) {
    double[] w = d.relativeEpisodeWeights(cap);
    for (double x : w) {
      if (x > 0) {
        return w;
      }
    }
    throw new IllegalArgumentException(name + ": the target policy " + d.target() + " gives weight 0 to all "
        + d.size() + " logged sessions; the log does not cover it (widen the kernel or log closer to the target)");
  }

  private static double[] returns(WeightedEpisodes d) {
    double[] g = new double[d.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = d.episodeReturn(i);
    }
    return g;
  }

  /** {@code sum_i m_i c_i G_i / sum_i m_i c_i}; the behaviour's mean return of the sample when its weights all vanish. */
  private static double value(double[] w, double[] g, int[] m) {
    double numerator = 0;
    double denominator = 0;
    double plain = 0;
    long count = 0;
    for (int i = 0; i < w.length; i++) {
      if (m[i] != 0) {
        numerator += m[i] * w[i] * g[i];
        denominator += m[i] * w[i];
        plain += m[i] * g[i];
        count += m[i];
      }
    }
    return denominator > 0 ? numerator / denominator : plain / count;
  }
}
