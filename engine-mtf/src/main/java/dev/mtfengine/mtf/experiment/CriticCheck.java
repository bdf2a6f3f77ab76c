package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.PolicyValue;
import dev.mtfengine.rl.algo.ActionValueEstimator;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Does a learner's critic rank actions the way the simulator does? At every oracle state (u, s) it
 * compares the learner's action value with the exact {@code Q^pi(u, s, a)} of the same actions,
 * pi the learner's own policy (the policy its critic bootstraps from), at the learner's discount.
 * Actions: pi(u, s) and {@code actions - 1} draws uniform within {@code radius} of it per dimension,
 * clipped to [-1, 1]: the neighbourhood the actor's gradient explores.
 *
 * <p>Two numbers per state: the Pearson correlation of critic and exact values over those actions,
 * and the exact gain of the action the critic likes best over pi(u, s), next to the best exact gain
 * among them. A critic the actor can follow has correlations near 1 and gains near the best; a
 * critic whose action-dependence is noise has correlations near 0 and negative gains.
 */
public final class CriticCheck {
  private CriticCheck() {}

  /**
   * One state.
   *
   * @param correlation Pearson correlation of critic and exact values (NaN if either is constant)
   * @param criticChoiceGain exact Q of the critic's best action minus exact Q of pi(u, s), in
   *     training-reward units
   * @param bestGain the largest exact gain among the sampled actions, same units (>= 0)
   */
  public record StateCheck(int type, int level, double correlation, double criticChoiceGain, double bestGain) {}

  /**
   * The whole check.
   *
   * @param policy pi, the learner's policy the critic was checked around
   * @param policyValue the exact value of pi at the check's discount
   * @param states one row per (u, s), type-major
   */
  public record Result(double gamma, double radius, int actionsPerState, OracleActionTable policy,
      PolicyValue policyValue, List<StateCheck> states) {

    /** Mean correlation over the states of {@code type} (all types if negative), NaN states skipped. */
    public double meanCorrelation(int type) {
      return mean(type, StateCheck::correlation);
    }

    /** Mean of {@link StateCheck#criticChoiceGain} over the states of {@code type} (all if negative). */
    public double meanCriticChoiceGain(int type) {
      return mean(type, StateCheck::criticChoiceGain);
    }

    /** Mean of {@link StateCheck#bestGain} over the states of {@code type} (all if negative). */
    public double meanBestGain(int type) {
      return mean(type, StateCheck::bestGain);
    }

    /** NaN values (a constant critic or model at a state) are skipped; NaN if none is left. */
    private double mean(int type, ToDoubleFunction<StateCheck> f) {
      double sum = 0;
      int n = 0;
      for (StateCheck s : states) {
        double v = f.applyAsDouble(s);
        if ((type < 0 || s.type() == type) && !Double.isNaN(v)) {
          sum += v;
          n++;
        }
      }
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  /**
   * Runs the check.
   *
   * @param exact an evaluator whose discount is the learner's gamma
   * @param algorithm a learner trained on oracle features-only states that exposes its critic
   * @param rewardScale the factor the training rewards carry (exact values are multiplied by it)
   * @param radius half-width of the action neighbourhood, in normalised units (> 0)
   * @param actions actions per state, pi(u, s) included (>= 3)
   * @param seed the action draws
   * @param baseline the baseline policy mu_bp the learner was trained around (its critic may value
   *     actions relative to it), or null for a critic of absolute actions
   */
  public static Result run(ExactEvaluator exact, OfflineAlgorithm algorithm, double rewardScale, double radius,
      int actions, long seed, OracleActionTable baseline) {
    if (!(algorithm instanceof ActionValueEstimator critic)) {
      throw new IllegalArgumentException(algorithm.name() + " does not expose an action value to check"
          + " (supported: integrated-rl, ddpg)");
    }
    if (baseline == null && valuesRelativeToBaseline(algorithm)) {
      throw new IllegalArgumentException("this critic values actions relative to the baseline policy; pass the"
          + " baseline the learner was trained around (e.g. --baseline RUN/seed-N/es/policy.json)");
    }
    if (!(radius > 0) || actions < 3 || !(rewardScale > 0)) {
      throw new IllegalArgumentException("CriticCheck: need radius > 0, actions >= 3, rewardScale > 0; got "
          + radius + ", " + actions + ", " + rewardScale);
    }
    int types = exact.simulator().params().typeCount();
    int levels = exact.simulator().params().satisfactionLevels();
    OracleActionTable pi = OracleActionTable.of(algorithm, types, levels, Learner.DTYPE);
    PolicyValue value = exact.evaluate(pi);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(seed);
    List<StateCheck> rows = new ArrayList<>();
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        double[][] candidates = neighbourhood(pi.action(u, s), radius, actions, rng);
        double[] truth = new double[actions];
        for (int i = 0; i < actions; i++) {
          truth[i] = rewardScale * exact.actionValue(value, u, s, candidates[i]);
        }
        double[] estimate = criticValues(critic, OracleActionTable.state(u, s, types, levels),
            baseline == null ? pi.action(u, s) : baseline.action(u, s), candidates);
        int choice = argmax(estimate);
        int best = argmax(truth);
        rows.add(new StateCheck(u, s, correlation(estimate, truth), truth[choice] - truth[0], truth[best] - truth[0]));
      }
    }
    return new Result(exact.config().discount(), radius, actions, pi, value, rows);
  }

  /** [actions][K]: the centre first, then uniform draws within radius, clipped to [-1, 1]. */
  private static double[][] neighbourhood(double[] centre, double radius, int actions, Xoshiro256StarStar rng) {
    double[][] out = new double[actions][];
    out[0] = centre.clone();
    for (int i = 1; i < actions; i++) {
      out[i] = new double[centre.length];
      for (int k = 0; k < centre.length; k++) {
        out[i][k] = Math.max(-1, Math.min(1, centre[k] + radius * (2 * rng.nextDouble() - 1)));
      }
    }
    return out;
  }

  /** Whether the learner's critic takes actions relative to the baseline (IntegratedRL's items 13, 14). */
  static boolean valuesRelativeToBaseline(OfflineAlgorithm algorithm) {
    return algorithm instanceof IntegratedRl irl
        && irl.config().criticForm() != IntegratedRl.CriticForm.PAPER;
  }

  /**
   * The critic at one state for every candidate, in float32 like training: [actions].
   *
   * @param baselineAction mu_bp at that state, [K]
   */
  static double[] criticValues(ActionValueEstimator critic, double[] state, double[] baselineAction,
      double[][] candidates) {
    int n = candidates.length;
    int k = candidates[0].length;
    float[] states = new float[n * state.length];
    float[] acts = new float[n * k];
    float[] baselines = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < state.length; j++) {
        states[i * state.length + j] = (float) state[j];
      }
      for (int j = 0; j < k; j++) {
        acts[i * k + j] = (float) candidates[i][j];
        baselines[i * k + j] = (float) baselineAction[j];
      }
    }
    return critic.actionValue(Tensor.of(states, n, state.length), Tensor.of(acts, n, k), Tensor.of(baselines, n, k))
        .toDoubleArray();
  }

  static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double correlation(double[] a, double[] b) {
    double sa = new StandardDeviation().evaluate(a);
    double sb = new StandardDeviation().evaluate(b);
    return sa == 0 || sb == 0 ? Double.NaN : new PearsonsCorrelation().correlation(a, b);
  }
}
