package dev.mtfengine.rl.ope;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The nonparametric bootstrap over episodes (Efron 1979) with a percentile interval.
 *
 * <p>A statistic is written as a function of episode multiplicities {@code m_i} (how often episode
 * i is in the sample): the point estimate uses {@code m_i = 1}; each of the B resamples draws n
 * episodes uniformly with replacement from a {@link Xoshiro256StarStar} seeded with {@code seed},
 * so an interval is the same bits on every run. The interval is {@code [q_{(1 - level)/2}, q_{(1 +
 * level)/2}]} of the B resampled statistics, quantiles by Commons Math's {@link Percentile} with
 * the R-7 (linear interpolation) definition.
 *
 * <p>Assumptions: episodes are independent and identically distributed (sessions of different
 * users); estimators' statistics are smooth enough for the percentile bootstrap (ratio estimators
 * such as weighted IS are, asymptotically). The interval reflects sampling variation of the logged
 * episodes only, not bias (e.g. of a wrong model, a cap or a kernel bandwidth), and it need not
 * contain the point estimate for very skewed statistics on few episodes.
 *
 * @param resamples B, {@code >= 2}
 * @param level nominal coverage in (0, 1), e.g. 0.95
 * @param seed seed of the resampling stream
 */
public record Bootstrap(int resamples, double level, long seed) {

  /** Multiplicity statistic: the estimator's value on a sample given by episode counts. */
  @FunctionalInterface
  public interface Statistic {
    /** The estimate when episode i appears {@code multiplicity[i]} times (sum n). */
    double value(int[] multiplicity);
  }

  public Bootstrap {
    if (resamples < 2) {
      throw new IllegalArgumentException("bootstrap: need at least 2 resamples, got " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("bootstrap: level must be in (0, 1), got " + level);
    }
  }

  /** 1,000 resamples, 95%. */
  public static Bootstrap defaults(long seed) {
    return new Bootstrap(1000, 0.95, seed);
  }

  /** The estimate of {@code statistic} on n episodes with its percentile interval. */
  public Estimate estimate(String estimator, int episodes, Statistic statistic, OptionalDouble effectiveSampleSize) {
    if (episodes < 1) {
      throw new IllegalArgumentException("bootstrap " + estimator + ": no episodes to resample");
    }
    int[] all = new int[episodes];
    Arrays.fill(all, 1);
    double value = statistic.value(all);
    double[] resampled = resampledValues(episodes, statistic);
    for (int b = 0; b < resampled.length; b++) {
      if (!Double.isFinite(resampled[b])) {
        throw new IllegalStateException("bootstrap " + estimator + ": resample " + b + " gave " + resampled[b]);
      }
    }
    Percentile quantile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    quantile.setData(resampled);
    double lower = quantile.evaluate(50 * (1 - level));
    double upper = quantile.evaluate(50 * (1 + level));
    return new Estimate(estimator, value, lower, upper, level, episodes, effectiveSampleSize);
  }

  /** The B resampled statistics, in draw order. */
  double[] resampledValues(int episodes, Statistic statistic) {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    double[] out = new double[resamples];
    int[] multiplicity = new int[episodes];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(multiplicity, 0);
      for (int k = 0; k < episodes; k++) {
        multiplicity[rng.nextInt(episodes)]++;
      }
      out[b] = statistic.value(multiplicity);
    }
    return out;
  }

  /** {@code sum_i m_i x_i / sum_i m_i}: the resampled mean of per-episode values. */
  static double mean(double[] perEpisode, int[] multiplicity) {
    double sum = 0;
    long count = 0;
    for (int i = 0; i < perEpisode.length; i++) {
      sum += multiplicity[i] * perEpisode[i];
      count += multiplicity[i];
    }
    return sum / count;
  }
}
