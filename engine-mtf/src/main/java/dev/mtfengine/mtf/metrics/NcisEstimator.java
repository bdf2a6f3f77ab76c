package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.log.LoggedRequest;
import dev.mtfengine.mtf.log.LoggedSession;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import java.util.List;

/**
 * NCIS cumulative reward (algorithm.md section 7, UnifiedRL v6): normalised capped importance
 * sampling of the session return on a log with logged behaviour densities.
 *
 * <p>For sessions i = 1..n with requests t, logged actions a_it, behaviour densities mu_it (the
 * log's {@code density}), states s_it ({@link StateEncoding}) and rewards r_it ({@link
 * RewardConfig}):
 *
 * <pre>
 * G_i   = sum_t gamma^t r_it                                  (session return)
 * W_i   = prod_t pi(a_it | s_it) / mu_it                       (session importance weight)
 * w_i   = min(W_i, c)                                          (capped at c)
 * V_hat = sum_i w_i G_i / sum_i w_i                            (self-normalised)
 * </pre>
 *
 * A deterministic target policy {@code pi_det} has no density, so it is smoothed with a Gaussian
 * kernel of width h: {@code pi(a | s) = prod_j k_h(a_j; pi_det(s)_j)}, where k_h is the normal
 * density N(pi_det(s)_j, h^2) inside (-1, 1) and the normal mass beyond the bound on a bound, the
 * same clipped-Gaussian law and reference measure as engine-rl's {@link GaussianNoisePolicy} and
 * the logged densities (so the ratio is a proper importance weight). W_i is accumulated in log
 * space and the capped weights are divided by their maximum before exponentiating (V_hat does
 * not change under a common factor), so long sessions neither overflow nor underflow.
 *
 * <p>Assumptions and what they mean for the number:
 *
 * <ul>
 *   <li>the logged densities are those of the behaviour policy that chose the logged actions, with
 *       respect to the same measure (engine-rl's ExplorationPolicy convention);
 *   <li>support: mu > 0 wherever pi puts mass; actions the behaviour never explores (e.g. outside
 *       a box of +-0.15 around the baseline) contribute nothing, and V_hat is biased toward the
 *       logged region;
 *   <li>the estimate is of the smoothed policy's value, which differs from the deterministic
 *       policy's by O(h^2) when the value is smooth in the action; smaller h has less of that bias
 *       and more variance;
 *   <li>capping (c) and self-normalisation trade bias for variance; V_hat always lies between the
 *       smallest and the largest session return, and with pi = mu every w_i = 1, so V_hat is the
 *       on-policy mean of the returns.
 * </ul>
 */
public final class NcisEstimator {
  private final Config config;

  /**
   * @param kernelWidth h, the Gaussian kernel width for deterministic targets (> 0), default 0.1
   *     (our decision: half the paper's action-noise sigma)
   * @param cap c, the cap on the session weight (> 0), default 100 (our decision)
   * @param discount gamma in (0, 1] for the session return, default 1 (the undiscounted return the
   *     simulator's J measures)
   */
  public record Config(double kernelWidth, double cap, double discount) {
    public Config {
      if (!(kernelWidth > 0) || !Double.isFinite(kernelWidth)) {
        throw new IllegalArgumentException("NcisEstimator.Config: kernelWidth = " + kernelWidth
            + " must be finite and > 0");
      }
      if (!(cap > 0)) {
        throw new IllegalArgumentException("NcisEstimator.Config: cap = " + cap + " must be > 0");
      }
      if (!(discount > 0 && discount <= 1)) {
        throw new IllegalArgumentException(
            "NcisEstimator.Config: discount = " + discount + " must be in (0, 1]");
      }
    }

    public static Config defaults() {
      return new Config(0.1, 100.0, 1.0);
    }
  }

  /**
   * @param estimate V_hat
   * @param sessions n
   * @param effectiveSampleSize {@code (sum w)^2 / sum w^2}: how many sessions the estimate
   *     effectively rests on
   * @param cappedSessions sessions whose weight hit the cap
   * @param behaviourMean the plain mean of the session returns (the logging policy's value)
   */
  public record Result(double estimate, int sessions, double effectiveSampleSize,
      int cappedSessions, double behaviourMean) {}

  /**
   * The log-density of a target policy, {@code ln pi(action | state)} under the logged measure
   * ({@code -Infinity} where pi is 0). Logs, because a product of K small kernel values underflows
   * long before the importance weight is meaningless.
   */
  @FunctionalInterface
  public interface TargetDensity {
    double logDensity(double[] state, float[] action);
  }

  public NcisEstimator(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("NcisEstimator: config must be set");
    }
    this.config = config;
  }

  public Config config() {
    return config;
  }

  /**
   * The kernel-smoothed density of a deterministic policy: a clipped Gaussian of width h around
   * {@code policy(state)} on [-1, 1]^K.
   */
  public static TargetDensity smoothed(TargetPolicy policy, double width, int actionDimension) {
    // one dimension at a time, summing logs: the kernel factorises over dimensions
    GaussianNoisePolicy kernel = new GaussianNoisePolicy(ActionBounds.symmetric(1), width);
    return (state, action) -> {
      float[] c = centre(policy.action(state), actionDimension);
      double log = 0;
      for (int j = 0; j < actionDimension; j++) {
        log += Math.log(kernel.density(new float[] {action[j]}, new float[] {c[j]}));
      }
      return log;
    };
  }

  /** The density of {@code exploration} around the actions of {@code centre} (a stochastic target). */
  public static TargetDensity ofExploration(ExplorationPolicy exploration, TargetPolicy centre) {
    int k = exploration.bounds().dims();
    return (state, action) -> Math.log(exploration.density(action, centre(centre.action(state), k)));
  }

  private static float[] centre(double[] a, int k) {
    if (a == null || a.length != k) {
      throw new IllegalArgumentException("NcisEstimator: the target policy returned "
          + (a == null ? "null" : a.length + " values") + ", expected K = " + k);
    }
    float[] f = new float[k];
    for (int j = 0; j < k; j++) {
      if (!(a[j] >= -1 && a[j] <= 1)) {
        throw new IllegalArgumentException("NcisEstimator: target action[" + j + "] = " + a[j]
            + " is outside [-1, 1]");
      }
      f[j] = (float) a[j];
    }
    return f;
  }

  /** V_hat of a deterministic target, smoothed with the configured kernel width. */
  public Result estimate(MtfLog log, StateEncoding encoding, RewardConfig rewards, TargetPolicy target) {
    return estimate(log, encoding, rewards,
        smoothed(target, config.kernelWidth(), log.schema().actionDimension()));
  }

  /** V_hat of a target given by its density. */
  public Result estimate(MtfLog log, StateEncoding encoding, RewardConfig rewards, TargetDensity target) {
    List<LoggedSession> sessions = log.sessions();
    if (sessions.isEmpty()) {
      throw new IllegalArgumentException("NcisEstimator: the log has no sessions");
    }
    double[] logWeights = new double[sessions.size()];
    double[] returns = new double[sessions.size()];
    for (int i = 0; i < sessions.size(); i++) {
      LoggedSession session = sessions.get(i);
      double[][] states = encoding.states(session);
      double logWeight = 0;
      double ret = 0;
      double discount = 1;
      for (LoggedRequest r : session.requests()) {
        if (Double.isInfinite(r.density())) {
          throw new IllegalArgumentException("NcisEstimator: session " + session.sessionId()
              + " request " + r.requestIndex() + " has behaviour density +Infinity (a "
              + "deterministic logger); importance sampling needs a log from a stochastic "
              + "exploration policy");
        }
        double[] a = r.action();
        float[] action = new float[a.length];
        for (int j = 0; j < a.length; j++) {
          action[j] = (float) a[j];
        }
        double logPi = target.logDensity(states[r.requestIndex()], action);
        if (Double.isNaN(logPi) || logPi == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("NcisEstimator: target log-density " + logPi
              + " at session " + session.sessionId() + " request " + r.requestIndex()
              + "; the density must be finite and >= 0 (smooth deterministic targets with a kernel)");
        }
        logWeight += logPi - Math.log(r.density());
        ret += discount * rewards.reward(r);
        discount *= config.discount();
      }
      logWeights[i] = logWeight;
      returns[i] = ret;
    }
    return fromLogWeights(logWeights, returns, config.cap());
  }

  /**
   * The capped, self-normalised estimate from per-session log weights ln W_i (may be -Infinity
   * for a zero weight) and returns G_i.
   *
   * @throws IllegalArgumentException when every weight is 0 (the target puts no mass on any logged
   *     session: widen the kernel or log closer to the target)
   */
  public static Result fromLogWeights(double[] logWeights, double[] returns, double cap) {
    if (logWeights.length != returns.length || returns.length == 0) {
      throw new IllegalArgumentException("NcisEstimator: " + logWeights.length + " weights and "
          + returns.length + " returns; need the same non-zero count");
    }
    double logCap = Math.log(cap);
    // Capped log weights, then shifted by their maximum before exponentiating: V_hat and the
    // effective sample size are invariant to a common factor, and the shift keeps sessions whose
    // weights are all tiny (long sessions, distant targets) from underflowing to 0 together.
    double[] capped = new double[returns.length];
    double shift = Double.NEGATIVE_INFINITY;
    int cappedCount = 0;
    for (int i = 0; i < returns.length; i++) {
      if (Double.isNaN(logWeights[i]) || !Double.isFinite(returns[i])) {
        throw new IllegalArgumentException("NcisEstimator: session " + i + " has log weight "
            + logWeights[i] + " and return " + returns[i] + "; both must be numbers, the return finite");
      }
      if (logWeights[i] >= logCap) {
        capped[i] = logCap;
        cappedCount++;
      } else {
        capped[i] = logWeights[i];
      }
      shift = Math.max(shift, capped[i]);
    }
    if (shift == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("NcisEstimator: every one of the " + returns.length
          + " sessions has importance weight 0: the target policy puts no density on the logged "
          + "actions. Widen the kernel, or log with exploration that covers the target");
    }
    double sumW = 0;
    double sumW2 = 0;
    double sumWG = 0;
    double sumG = 0;
    for (int i = 0; i < returns.length; i++) {
      double w = Math.exp(capped[i] - shift); // in [0, 1], and 1 for the largest
      sumW += w;
      sumW2 += w * w;
      sumWG += w * returns[i];
      sumG += returns[i];
    }
    return new Result(sumWG / sumW, returns.length, sumW * sumW / sumW2, cappedCount,
        sumG / returns.length);
  }
}
