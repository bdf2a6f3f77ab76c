package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.TransitionSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The deploy gate: high-confidence policy improvement in the sense of Thomas, Theocharous and
 * Ghavamzadeh (2015, "High confidence policy improvement", ICML): deploy a policy only when a
 * lower confidence bound on its improvement over the logged baseline is above 0,
 *
 * <pre>
 *   Delta^ = V^(pi) - V^(pi_b)          both by the same estimator on the same logged episodes
 *   deploy  iff  q_{1 - c}(Delta^*) &gt; 0   Delta^* over B paired bootstrap resamples of the episodes
 * </pre>
 *
 * with c the confidence (0.95). The bootstrap re-runs the whole estimate on each resample (for FQE
 * both models are refitted), so the bound covers the model's sampling variation as well as the
 * initial states'; the pairing cancels what both policies share (which users came, how long they
 * stayed), which is most of a session return's variance. Thomas et al. use the bootstrap bound as
 * their practical variant (BCa there, the percentile bound here); like theirs it is approximate:
 * the estimator's bias is not in the bound, so the false-deploy rate is measured, not assumed
 * ({@code mtf ope-check}, docs/ope-accuracy.md).
 */
public final class ImprovementGate {
  private ImprovementGate() {}

  /**
   * The gate's decision.
   *
   * @param estimator the estimator both values come from
   * @param target V^(pi) on the whole log
   * @param baseline V^(pi_b) on the whole log
   * @param lowerBound q_{1 - c} of the resampled differences
   * @param confidence c
   * @param episodes logged episodes
   * @param deploy whether the bound is above 0
   */
  public record Decision(String estimator, double target, double baseline, double lowerBound, double confidence,
      int episodes, boolean deploy) {

    /** V^(pi) - V^(pi_b). */
    public double difference() {
      return target - baseline;
    }

    /** One line for a terminal: the decision, the values and the bound. */
    public String describe() {
      return String.format(Locale.ROOT, "%s: %s (estimated %.4g against the baseline's %.4g, difference %+.4g; "
              + "%.0f %% lower bound %+.4g; %d sessions)", deploy ? "deploy" : "keep the baseline", estimator, target,
          baseline, difference(), 100 * confidence, lowerBound, episodes);
    }
  }

  /** The values of the target and the baseline on a sample given by episode multiplicities: {V(pi), V(pi_b)}. */
  @FunctionalInterface
  public interface PairedValues {
    double[] values(int[] multiplicity);
  }

  /**
   * The decision from paired values over {@code episodes} episodes, with {@code resamples} bootstrap
   * resamples drawn from {@code seed}.
   */
  public static Decision decide(String estimator, int episodes, PairedValues values, double confidence, int resamples,
      long seed) {
    if (!(confidence > 0.5 && confidence < 1)) {
      throw new IllegalArgumentException("improvement gate: confidence must be in (0.5, 1), got " + confidence);
    }
    int[] all = new int[episodes];
    Arrays.fill(all, 1);
    double[] point = values.values(all);
    // a two-sided interval at level 2c - 1 has the one-sided q_{1-c} as its lower end
    Estimate difference = new Bootstrap(resamples, 2 * confidence - 1, seed).estimate(estimator + " difference",
        episodes, m -> {
          double[] v = values.values(m);
          return v[0] - v[1];
        }, OptionalDouble.empty());
    return new Decision(estimator, point[0], point[1], difference.lower(), confidence, episodes,
        difference.lower() > 0);
  }

  /**
   * The gate with {@link StateTableFittedQEvaluation}: both policies valued by the direct method on
   * the episodes' initial states, each resample refitting both models with the rows weighted by
   * their episode's multiplicity.
   */
  public static Decision stateTableFqe(TransitionSet data, DeterministicPolicy target, DeterministicPolicy baseline,
      StateTableFittedQEvaluation.Config config, double confidence, int resamples, long seed) {
    int n = Math.toIntExact(data.size());
    Map<Long, Integer> episodeIndex = new HashMap<>();
    long[] ids = new long[n];
    for (int row = 0; row < n; row++) {
      ids[row] = data.episodeId(row);
    }
    long[] sorted = Arrays.stream(ids).distinct().sorted().toArray();
    for (int i = 0; i < sorted.length; i++) {
      episodeIndex.put(sorted[i], i);
    }
    int[] episodeOf = new int[n];
    float[][] initial = new float[sorted.length][];
    for (int row = 0; row < n; row++) {
      episodeOf[row] = episodeIndex.get(ids[row]);
      if (data.stepIndex(row) == 0) {
        initial[episodeOf[row]] = new float[data.schema().stateDim()];
        data.copy(Column.STATE, row, initial[episodeOf[row]], 0);
      }
    }
    for (int i = 0; i < initial.length; i++) {
      if (initial[i] == null) {
        throw new IllegalArgumentException("improvement gate: episode " + sorted[i] + " has no step 0");
      }
    }
    StateTableFittedQEvaluation fqe = new StateTableFittedQEvaluation(config);
    PairedValues values = m -> {
      double[] w = new double[n];
      for (int row = 0; row < n; row++) {
        w[row] = m[episodeOf[row]];
      }
      StateTableFittedQEvaluation.Aggregates sums = fqe.aggregate(data, w);
      // the direct method on the resample: sum_i m_i V^(s_0^i) / sum_i m_i
      return new double[] {Bootstrap.mean(fqe.solve(sums, target).v(initial), m),
          Bootstrap.mean(fqe.solve(sums, baseline).v(initial), m)};
    };
    return decide("fqe-table", sorted.length, values, confidence, resamples, seed);
  }

}
