package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.TransitionSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Fitted Q evaluation (Le, Voloshin, Yue 2019, Algorithm 3) for logs whose states take few distinct
 * values, such as the simulator's oracle states [onehot(u), z]: per distinct state s, Q is a
 * quadratic in the action,
 *
 * <pre>
 *   Q(s, a) = beta_s . phi(a),    phi(a) = (1, a_1, ..., a_A, a_1^2, ..., a_A^2)     [2A + 1]
 * </pre>
 *
 * and each FQE iteration solves every state's regression onto {@code y = r + gamma (1 - done)
 * Q'(s', pi(s'))} exactly, by ridge least squares ({@code (Phi_s^T Phi_s + lambda I') beta_s =
 * Phi_s^T y_s}, I' without the intercept), with Q' the previous iterate. Iterations stop when no
 * state's {@code V(s) = Q(s, pi(s))} moves by more than {@code tolerance} times the largest |V|.
 *
 * <p>Compared with the network {@link FittedQEvaluation}: no optimiser, no step size, no
 * minibatch noise, and each regression is solved, not approached, so it converges in about as many
 * iterations as sessions have steps; the price is the function class (a quadratic in the action,
 * the form of the least-squares critics of IntegratedRL's item 15) and discrete states (it refuses
 * more than {@link #MAX_STATES}). A next state never seen as a state (only possible at a
 * truncated end) bootstraps 0. With {@code gamma = 1} and a target whose actions lie far outside
 * the logged ones the extrapolated values can feed on themselves and grow without bound: when V has
 * not settled within {@code maxIterations}, that throws.
 * Deterministic: no random draws at all.
 */
public final class StateTableFittedQEvaluation {
  /** More distinct states than this are not a table: use {@link FittedQEvaluation}. */
  public static final int MAX_STATES = 20_000;

  /**
   * @param gamma discount of the evaluated return
   * @param ridge lambda on the non-intercept coefficients, {@code >= 0}
   * @param maxIterations FQE iterations at most
   * @param tolerance relative change of V at which iterations stop
   */
  public record Config(double gamma, double ridge, int maxIterations, double tolerance) {
    public Config {
      if (!(gamma >= 0 && gamma <= 1) || !(ridge >= 0) || maxIterations < 1 || !(tolerance >= 0)) {
        throw new IllegalArgumentException("state-table fqe: need gamma in [0, 1], ridge >= 0, maxIterations >= 1,"
            + " tolerance >= 0; got " + gamma + ", " + ridge + ", " + maxIterations + ", " + tolerance);
      }
    }

    /** Ridge 1 (the weight of one row: it holds a sparsely visited state near its mean), at most 5,000 iterations, tolerance 1e-9. */
    public static Config defaults(double gamma) {
      return new Config(gamma, 1.0, 5_000, 1e-9);
    }
  }

  private final Config config;

  public StateTableFittedQEvaluation(Config config) {
    this.config = config;
  }

  /** Fits Q^pi on {@code data}. */
  public Model fit(TransitionSet data, DeterministicPolicy target) {
    return solve(aggregate(data, null), target);
  }

  /**
   * The per-state sums every regression of a fit reads, with a weight per row ({@code null}: all 1;
   * e.g. a bootstrap resample's episode multiplicities): {@code G_s = Phi_s^T W Phi_s + lambda I'}
   * (inverted), {@code b_s = Phi_s^T W r_s}, and per (s, s') pair {@code M_ss' = sum phi w (1 -
   * done)}. They do not depend on the target, so several targets can be {@link #solve solved} on one.
   */
  public Aggregates aggregate(TransitionSet data, double[] rowWeights) {
    int stateDim = data.schema().stateDim();
    int actionDim = data.schema().actionDim();
    int features = 2 * actionDim + 1;
    int n = Math.toIntExact(data.size());
    if (rowWeights != null && rowWeights.length != n) {
      throw new IllegalArgumentException("state-table fqe: " + rowWeights.length + " row weights for " + n + " rows");
    }
    Map<StateKey, Integer> ids = new HashMap<>();
    List<float[]> states = new ArrayList<>();
    int[] stateOf = new int[n];
    float[] s = new float[stateDim];
    for (int row = 0; row < n; row++) {
      data.copy(Column.STATE, row, s, 0);
      stateOf[row] = id(ids, states, s);
    }
    int seen = states.size();
    DMatrixRMaj[] gram = new DMatrixRMaj[seen];
    double[] weight = new double[seen];
    double[][] rewardMoment = new double[seen][features];
    List<Map<Integer, double[]>> nextMoment = new ArrayList<>();
    for (int k = 0; k < seen; k++) {
      gram[k] = new DMatrixRMaj(features, features);
      for (int f = 1; f < features; f++) {
        gram[k].add(f, f, config.ridge());
      }
      nextMoment.add(new HashMap<>());
    }
    float[] a = new float[actionDim];
    for (int row = 0; row < n; row++) {
      double w = rowWeights == null ? 1.0 : rowWeights[row];
      if (w == 0) {
        continue;
      }
      int k = stateOf[row];
      weight[k] += w;
      data.copy(Column.ACTION, row, a, 0);
      double[] phi = features(a);
      double[] g = gram[k].data;
      for (int i = 0; i < features; i++) {
        double wi = w * phi[i];
        for (int j = 0; j < features; j++) {
          g[i * features + j] += wi * phi[j];
        }
        rewardMoment[k][i] += wi * data.reward(row);
      }
      if (!data.done(row)) {
        data.copy(Column.NEXT_STATE, row, s, 0);
        Integer next = ids.get(new StateKey(s));
        if (next != null) {
          double[] m = nextMoment.get(k).computeIfAbsent(next, x -> new double[features]);
          for (int i = 0; i < features; i++) {
            m[i] += w * phi[i];
          }
        }
      }
    }
    DMatrixRMaj[] inverse = new DMatrixRMaj[seen];
    for (int k = 0; k < seen; k++) {
      inverse[k] = new DMatrixRMaj(features, features);
      // a state no weighted row visits has no regression: beta = 0, and only unweighted rows lead to it
      if (weight[k] > 0 && !(CommonOps_DDRM.invert(gram[k].copy(), inverse[k]) && finite(inverse[k]))) {
        CommonOps_DDRM.pinv(gram[k], inverse[k]);
      }
    }
    return new Aggregates(Map.copyOf(ids), states, inverse, rewardMoment, nextMoment, stateDim, actionDim,
        data.schema().actionBounds());
  }

  /**
   * Q^pi on the aggregates. With {@code u_s = G_s^-1 phi(pi(s))} each FQE iteration is the scalar
   * recursion {@code V(s) = u_s . b_s + gamma sum_s' (u_s . M_ss') V(s')}; the coefficients {@code
   * beta_s = G_s^-1 (b_s + gamma sum_s' M_ss' V(s'))} are formed once V has settled.
   */
  public Model solve(Aggregates agg, DeterministicPolicy target) {
    int seen = agg.states.size();
    int features = 2 * agg.actionDim + 1;
    float[][] targetActions = target.act(agg.states.toArray(float[][]::new));
    double[] constant = new double[seen];
    int[][] nextIds = new int[seen][];
    double[][] transition = new double[seen][];
    DMatrixRMaj u = new DMatrixRMaj(features, 1);
    for (int k = 0; k < seen; k++) {
      agg.bounds.check("state-table fqe: pi(s) of state " + k, targetActions[k]);
      CommonOps_DDRM.mult(agg.inverse[k], new DMatrixRMaj(features, 1, true, features(targetActions[k])), u);
      constant[k] = dot(u.data, agg.rewardMoment[k]);
      Map<Integer, double[]> next = agg.nextMoment.get(k);
      nextIds[k] = new int[next.size()];
      transition[k] = new double[next.size()];
      int j = 0;
      for (Map.Entry<Integer, double[]> e : next.entrySet()) {
        nextIds[k][j] = e.getKey();
        transition[k][j] = config.gamma() * dot(u.data, e.getValue());
        j++;
      }
    }
    double[] v = new double[seen];
    int iteration = 0;
    double change = Double.POSITIVE_INFINITY;
    while (iteration < config.maxIterations() && change > config.tolerance()) {
      double largest = 0;
      double moved = 0;
      double[] vNew = new double[seen];
      for (int k = 0; k < seen; k++) {
        double x = constant[k];
        for (int j = 0; j < nextIds[k].length; j++) {
          x += transition[k][j] * v[nextIds[k][j]];
        }
        vNew[k] = x;
        largest = Math.max(largest, Math.abs(x));
        moved = Math.max(moved, Math.abs(x - v[k]));
      }
      v = vNew;
      change = largest == 0 ? 0 : moved / largest;
      iteration++;
      if (!Double.isFinite(largest)) {
        break;
      }
    }
    if (!(change <= config.tolerance())) {
      // gamma = 1 with pi(s') far outside the logged actions: the extrapolated quadratics feed on themselves
      throw new IllegalStateException("state-table fqe: the values did not settle in " + iteration
          + " iterations (relative change " + change + "); the target's actions lie too far outside the logged ones");
    }
    double[][] beta = new double[seen][];
    DMatrixRMaj rhs = new DMatrixRMaj(features, 1);
    for (int k = 0; k < seen; k++) {
      System.arraycopy(agg.rewardMoment[k], 0, rhs.data, 0, features);
      for (Map.Entry<Integer, double[]> e : agg.nextMoment.get(k).entrySet()) {
        double bootstrap = config.gamma() * v[e.getKey()];
        for (int f = 0; f < features; f++) {
          rhs.data[f] += e.getValue()[f] * bootstrap;
        }
      }
      DMatrixRMaj b = new DMatrixRMaj(features, 1);
      CommonOps_DDRM.mult(agg.inverse[k], rhs, b);
      beta[k] = b.data;
    }
    return new Model(agg.ids, beta, target, agg.stateDim, agg.actionDim, iteration);
  }

  /** What {@link #aggregate} returns: the data's per-state sums, read by {@link #solve}. */
  public static final class Aggregates {
    private final Map<StateKey, Integer> ids;
    private final List<float[]> states;
    private final DMatrixRMaj[] inverse;
    private final double[][] rewardMoment;
    private final List<Map<Integer, double[]>> nextMoment;
    private final int stateDim;
    private final int actionDim;
    private final dev.mtfengine.rl.ActionBounds bounds;

    private Aggregates(Map<StateKey, Integer> ids, List<float[]> states, DMatrixRMaj[] inverse,
        double[][] rewardMoment, List<Map<Integer, double[]>> nextMoment, int stateDim, int actionDim,
        dev.mtfengine.rl.ActionBounds bounds) {
      this.ids = ids;
      this.states = states;
      this.inverse = inverse;
      this.rewardMoment = rewardMoment;
      this.nextMoment = nextMoment;
      this.stateDim = stateDim;
      this.actionDim = actionDim;
      this.bounds = bounds;
    }
  }

  private static boolean finite(DMatrixRMaj m) {
    for (double x : m.data) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private static int id(Map<StateKey, Integer> ids, List<float[]> states, float[] s) {
    StateKey key = new StateKey(s.clone());
    Integer id = ids.get(key);
    if (id != null) {
      return id;
    }
    if (states.size() == MAX_STATES) {
      throw new IllegalArgumentException("state-table fqe: the log has more than " + MAX_STATES
          + " distinct states; use the network FittedQEvaluation for continuous states");
    }
    ids.put(key, states.size());
    states.add(key.state());
    return states.size() - 1;
  }

  /** phi(a) = (1, a, a^2), [2A + 1]. */
  static double[] features(float[] a) {
    double[] f = new double[2 * a.length + 1];
    f[0] = 1;
    for (int j = 0; j < a.length; j++) {
      f[1 + j] = a[j];
      f[1 + a.length + j] = (double) a[j] * a[j];
    }
    return f;
  }

  private static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }

  /** A state's floats as a map key (bitwise equality). */
  private record StateKey(float[] state) {
    @Override
    public boolean equals(Object o) {
      return o instanceof StateKey k && Arrays.equals(state, k.state);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(state);
    }
  }

  /** The fitted {@code Q^pi}; {@code V^(s) = Q^(s, pi(s))}. A state the log never held throws. */
  public static final class Model implements ValueModel {
    private final Map<StateKey, Integer> ids;
    private final double[][] beta;
    private final DeterministicPolicy policy;
    private final int stateDim;
    private final int actionDim;
    private final int iterations;

    private Model(Map<StateKey, Integer> ids, double[][] beta, DeterministicPolicy policy, int stateDim,
        int actionDim, int iterations) {
      this.ids = ids;
      this.beta = beta;
      this.policy = policy;
      this.stateDim = stateDim;
      this.actionDim = actionDim;
      this.iterations = iterations;
    }

    /** FQE iterations until V stopped moving (or the cap). */
    public int iterations() {
      return iterations;
    }

    /** Distinct states of the log. */
    public int states() {
      return beta.length;
    }

    @Override
    public double q(float[] state, float[] action) {
      if (state.length != stateDim || action.length != actionDim) {
        throw new IllegalArgumentException("state-table fqe model: a state of " + state.length + " and an action of "
            + action.length + " values; fitted on " + stateDim + " and " + actionDim);
      }
      Integer id = ids.get(new StateKey(state));
      if (id == null) {
        throw new IllegalArgumentException("state-table fqe model: state " + Arrays.toString(state)
            + " was not in the fitted log");
      }
      return dot(beta[id], features(action));
    }

    @Override
    public double v(float[] state) {
      return q(state, policy.act(new float[][] {state})[0]);
    }

    @Override
    public double[] v(float[][] states) {
      float[][] actions = policy.act(states);
      double[] out = new double[states.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = q(states[i], actions[i]);
      }
      return out;
    }
  }
}
