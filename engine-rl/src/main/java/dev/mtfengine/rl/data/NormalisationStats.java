package dev.mtfengine.rl.data;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;

/**
 * Per-feature state statistics and reward statistics of a transition set, computed once (in double,
 * Welford's update, rows in order) and stored with the model, so that training and serving
 * normalise states identically. Features with (near) zero spread are left unscaled.
 *
 * @param stateMean mean of each state feature, [S]
 * @param stateStd population standard deviation of each state feature, floored at {@link #MIN_STD}
 * @param rewardMean mean reward
 * @param rewardStd population standard deviation of the reward, floored at {@link #MIN_STD}
 */
public record NormalisationStats(double[] stateMean, double[] stateStd, double rewardMean, double rewardStd) {
  /** Spreads below this count as constant features: they are centred but not scaled. */
  public static final double MIN_STD = 1e-6;

  public NormalisationStats {
    if (stateMean.length != stateStd.length) {
      throw new IllegalArgumentException("normalisation stats: " + stateMean.length + " means, " + stateStd.length + " standard deviations");
    }
    stateMean = stateMean.clone();
    stateStd = stateStd.clone();
  }

  /** Statistics over the states (not next states) and rewards of every row of {@code set}. */
  public static NormalisationStats of(TransitionSet set) {
    int s = set.schema().stateDim();
    double[] mean = new double[s];
    double[] m2 = new double[s];
    double rMean = 0;
    double rM2 = 0;
    float[] row = new float[s];
    for (long i = 0; i < set.size(); i++) {
      set.copy(Column.STATE, i, row, 0);
      double n = i + 1;
      for (int j = 0; j < s; j++) {
        double d = row[j] - mean[j];
        mean[j] += d / n;
        m2[j] += d * (row[j] - mean[j]);
      }
      double r = set.reward(i);
      double d = r - rMean;
      rMean += d / n;
      rM2 += d * (r - rMean);
    }
    long n = Math.max(1, set.size());
    double[] std = new double[s];
    for (int j = 0; j < s; j++) {
      std[j] = Math.max(MIN_STD, Math.sqrt(m2[j] / n));
    }
    return new NormalisationStats(mean, std, rMean, Math.max(MIN_STD, Math.sqrt(rM2 / n)));
  }

  /** {@code (state - mean) / std} per feature, for a [B, S] tensor of the same width. */
  public Tensor normaliseState(Tensor state) {
    if (state.shape().lastDim() != stateMean.length) {
      throw new IllegalArgumentException("normalise state: tensor " + state.shape() + " has "
          + state.shape().lastDim() + " features, the statistics have " + stateMean.length);
    }
    Tensor mean = Tensor.of(stateMean, stateMean.length).to(state.dtype());
    Tensor std = Tensor.of(stateStd, stateStd.length).to(state.dtype());
    return Ops.div(Ops.sub(state, mean), std);
  }
}
