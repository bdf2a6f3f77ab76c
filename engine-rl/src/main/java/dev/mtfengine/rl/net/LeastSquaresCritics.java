package dev.mtfengine.rl.net;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.TransitionHash;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.random.SplitMix64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * An ensemble of critics that are, per distinct state, a quadratic in the action's offset from a
 * fixed centre, fit in closed form: {@code Q_i(s, a) = beta_i(s) . f(x)}, {@code f(x) = (1, x_1..x_A,
 * x_1^2..x_A^2)} [P = 1 + 2A], {@code x = (a - c(s)) / w} with c(s) the baseline action first
 * logged at s and w the box half-width. Not a network: one coefficient vector per (critic, state).
 * Used by IntegratedRL's {@code LEAST_SQUARES} critic form (docs/algorithms/integrated-rl.md item
 * 15), where the reasons and the measurements are.
 *
 * <p>Fit: the value of the logged behaviour, then one step of improvement on it (one-step offline
 * RL, Brandfonbrener et al. 2021, "Offline RL Without Off-Policy Evaluation"), with the states
 * aggregated by identity. First the behaviour's state value, the fixed point of {@code V_i(s) =
 * mean_{W_i, t at s} [r_t + gamma (1 - p_i(s'_t)) V_i(s'_t)]}, where {@code p_i(s')} is the weighted
 * mean done value of the transitions that end in s' (the termination estimate of tabular states);
 * then per state the weighted ridge regression {@code beta_i(s) = (X_s' W_i X_s + ridge D)^-1 X_s'
 * W_i y_i} of the targets {@code y_t = r_t + gamma (1 - p_i(s'_t)) V_i(s'_t)} on f(x), D = diag(1e-9,
 * 1, ..., 1) (the ridge pulls the advantage towards none, i.e. towards the centre; the intercept is
 * free). The value iteration is a contraction (weights >= 0, factor gamma), which the fixed point of
 * LSTD-Q (Lagoudakis and Parr 2003) at the centre action is not with few transitions per state: its
 * bootstrap regresses next states' values with weights of either sign. W_i are the critic's
 * bootstrap weights: each
 * transition counts Poisson(1) times in critic i, drawn from a hash of (seed, critic, the
 * transition's bits), so the critics are a bootstrap ensemble (Efron's bootstrap, as in Osband et al.
 * 2016, "Deep Exploration via Bootstrapped DQN") and their spread estimates the standard error of Q.
 *
 * <p>Statistics come from the minibatches as they arrive ({@link #add}): a transition sampled k
 * times weighs k times its bootstrap weight, the same weighting an SGD critic gives it. {@link
 * #solve} iterates the fixed point from the previous solution. Sums are kept in double, in arrival
 * order, so the same batches give the same bits; {@link #toParams} / {@link #restore} carry the
 * whole state through a checkpoint.
 *
 * <p>Shapes: M critics, G distinct states seen so far (at most {@code maxStates}), N distinct (state,
 * next state) pairs, P = 1 + 2A.
 */
public final class LeastSquaresCritics {

  /**
   * @param members M, critics
   * @param stateDim S
   * @param actionDim A
   * @param halfWidth w, the box half-width that scales the offset
   * @param gamma discount
   * @param ridge weight of the pull of each advantage coefficient towards 0 (in transitions)
   * @param maxStates the most distinct states the critics accept (a continuous state is refused)
   * @param seed seed of the bootstrap weights
   */
  public record Config(int members, int stateDim, int actionDim, double halfWidth, double gamma, double ridge,
      int maxStates, long seed) {
    public Config {
      if (members < 1 || stateDim < 1 || actionDim < 1 || maxStates < 1) {
        throw new IllegalArgumentException("least-squares critics: members, stateDim, actionDim and maxStates must be"
            + " >= 1; got " + members + ", " + stateDim + ", " + actionDim + ", " + maxStates);
      }
      if (!(halfWidth > 0) || !(gamma >= 0 && gamma <= 1) || !(ridge >= 0)) {
        throw new IllegalArgumentException("least-squares critics: need halfWidth > 0, gamma in [0, 1], ridge >= 0;"
            + " got " + halfWidth + ", " + gamma + ", " + ridge);
      }
    }
  }

  /** Value sweeps stop when no state value moves by more than this. */
  private static final double TOLERANCE = 1e-9;
  private static final int MAX_SWEEPS = 2000;
  /** "lsqCriti": keeps these hashes apart from every other use of the seed. */
  private static final long SALT = 0x6c7371437269746aL;

  private final Config config;
  private final int p;                                        // 1 + 2A
  private final Map<Key, Integer> index = new HashMap<>();
  private final List<float[]> states = new ArrayList<>();     // [G][S]
  private final List<float[]> centres = new ArrayList<>();    // c(s), [G][A]
  private final Map<Long, Integer> pairIndex = new HashMap<>();
  private final List<int[]> pairs = new ArrayList<>();        // (s, s') per pair, [N][2]
  private final List<List<Integer>> pairsFrom = new ArrayList<>(); // pairs of each s, [G][*]
  private final List<List<double[]>> gram = new ArrayList<>();     // sum w f f^T per s, [M][G][P*P]
  private final List<List<double[]>> moment = new ArrayList<>();   // sum w f r per s, [M][G][P]
  private final List<List<double[]>> leave = new ArrayList<>();    // (sum w done, sum w) per s', [M][G][2]
  private final List<List<double[]>> pairSum = new ArrayList<>();  // sum w f(x) per pair, [M][N][P]
  private final List<double[]> value = new ArrayList<>();          // V_i(s), [M][G] (grown by copy)
  private final List<List<double[]>> solution = new ArrayList<>(); // beta_i(s), [M][G][P]
  private int lastSweeps;
  /**
   * {@link #maximiser}'s answer per state, [A] each, for the offsets and lambda it was asked with:
   * a function of the state's solution and centre alone, which change only in {@link #solve} and
   * {@link #restore}, so those clear it. The search visits every state of every batch (C candidates
   * times M critics each) while the solution changes every L iterations: without the memo it was
   * the experiment's largest single cost (issue 12).
   */
  private final Map<Integer, double[]> searched = new HashMap<>();
  private double[][] searchedOffsets;
  private double searchedLambda = Double.NaN;

  public LeastSquaresCritics(Config config) {
    this.config = config;
    this.p = 1 + 2 * config.actionDim();
    for (int i = 0; i < config.members(); i++) {
      gram.add(new ArrayList<>());
      moment.add(new ArrayList<>());
      leave.add(new ArrayList<>());
      pairSum.add(new ArrayList<>());
      solution.add(new ArrayList<>());
      value.add(new double[0]);
    }
  }

  /** G, the distinct states seen so far. */
  public int stateCount() {
    return states.size();
  }

  /** The fixed-point sweeps of the last {@link #solve}. */
  public int lastSweeps() {
    return lastSweeps;
  }

  /** Adds the transitions of {@code b} to every critic's sums, each with its bootstrap weight. */
  public void add(Batch b) {
    int n = b.size();
    int sd = config.stateDim();
    int ad = config.actionDim();
    float[] st = b.state().toFloatArray();
    float[] nx = b.nextState().toFloatArray();
    float[] ac = b.action().toFloatArray();
    float[] bp = b.baselineAction().toFloatArray();
    float[] nbp = b.nextBaselineAction().toFloatArray(); // the centre of a state first seen as s'
    float[] rw = b.reward().toFloatArray();
    float[] dn = b.done().toFloatArray();
    for (int t = 0; t < n; t++) {
      int s = stateOf(st, t * sd, bp, t * ad);
      int next = stateOf(nx, t * sd, nbp, t * ad);
      int pair = pairOf(s, next);
      double[] f = features(ac, t * ad, centres.get(s));
      long h = TransitionHash.of(config.seed(), SALT, rw[t], st, t * sd, sd, ac, t * ad, ad);
      for (int i = 0; i < config.members(); i++) {
        int w = poissonOne((SplitMix64.mix(h + i) >>> 11) * 0x1.0p-53);
        if (w == 0) {
          continue;
        }
        double[] g = gram.get(i).get(s);
        double[] m = moment.get(i).get(s);
        double[] ps = pairSum.get(i).get(pair);
        for (int a = 0; a < p; a++) {
          m[a] += w * f[a] * rw[t];
          ps[a] += w * f[a];
          for (int c = 0; c < p; c++) {
            g[a * p + c] += w * f[a] * f[c];
          }
        }
        double[] l = leave.get(i).get(next);
        l[0] += w * (double) dn[t];
        l[1] += w;
      }
    }
  }

  /**
   * Solves every critic: the behaviour value by sweeps from the previous solution, {@code V(s) =
   * [m(s)_0 + gamma sum_{s'} (1 - p(s')) n(s, s')_0 V(s')] / W(s)}, then {@code beta(s) = A(s)^-1
   * [m(s) + gamma sum_{s'} (1 - p(s')) n(s, s') V(s')]}, with m the sums of w f r, n those of w f per
   * (s, s') pair, W(s) the weight of s and A(s) the ridge-regularised sums of w f f^T.
   */
  public void solve() {
    searched.clear();
    int g = states.size();
    lastSweeps = 0;
    for (int i = 0; i < config.members(); i++) {
      double[] keep = new double[g];                        // gamma (1 - p(s'))
      for (int s = 0; s < g; s++) {
        double[] l = leave.get(i).get(s);
        keep[s] = l[1] > 0 ? config.gamma() * (1 - l[0] / l[1]) : 0;
      }
      double[] v = Arrays.copyOf(value.get(i), g);
      int sweeps = 0;
      double moved = Double.POSITIVE_INFINITY;
      while (moved > TOLERANCE && sweeps < MAX_SWEEPS) {
        double[] next = new double[g];
        moved = 0;
        for (int s = 0; s < g; s++) {
          double weight = gram.get(i).get(s)[0];
          if (weight == 0) {
            continue;                                       // a state this critic never drew: V = 0
          }
          double sum = moment.get(i).get(s)[0];
          for (int k : pairsFrom.get(s)) {
            int to = pairs.get(k)[1];
            sum += keep[to] * pairSum.get(i).get(k)[0] * v[to];
          }
          next[s] = sum / weight;
          moved = Math.max(moved, Math.abs(next[s] - v[s]));
        }
        v = next;
        sweeps++;
      }
      value.set(i, v);
      lastSweeps = Math.max(lastSweeps, sweeps);
      double[] rhs = new double[p];
      for (int s = 0; s < g; s++) {
        System.arraycopy(moment.get(i).get(s), 0, rhs, 0, p);
        for (int k : pairsFrom.get(s)) {
          int to = pairs.get(k)[1];
          double[] n = pairSum.get(i).get(k);
          for (int a = 0; a < p; a++) {
            rhs[a] += keep[to] * n[a] * v[to];
          }
        }
        DMatrixRMaj a = new DMatrixRMaj(p, p, true, gram.get(i).get(s));
        a.add(0, 0, 1e-9);                                  // a state this critic never drew: beta = 0
        for (int k = 1; k < p; k++) {
          a.add(k, k, config.ridge() + 1e-9);
        }
        DMatrixRMaj beta = new DMatrixRMaj(p, 1);
        if (!CommonOps_DDRM.solve(a, new DMatrixRMaj(p, 1, true, rhs), beta)) {
          throw new IllegalStateException("least-squares critics: the normal equations of state " + s
              + " are singular");
        }
        solution.get(i).set(s, beta.getData().clone());
      }
    }
  }

  /**
   * Every critic's coefficients at each state of {@code state} ([B, S]), the intercept replaced by
   * the critics' mean intercept, so the critics share V(s) = Q(s, c(s)) and differ only in their
   * advantage, as the network forms of {@code IntegratedRl} do (their spread is then the
   * uncertainty of what the action adds, not of the state's value); zeros at a state never seen.
   * [M, B, P] in {@code dtype}.
   */
  public Tensor coefficients(Tensor state, DType dtype) {
    float[] st = state.toFloatArray();
    int n = state.dim(0);
    int m = config.members();
    double[] out = new double[m * n * p];
    for (int t = 0; t < n; t++) {
      Integer s = index.get(new Key(st, t * config.stateDim(), config.stateDim()));
      if (s == null) {
        continue;
      }
      double intercept = 0;
      for (int i = 0; i < m; i++) {
        System.arraycopy(solution.get(i).get(s), 0, out, (i * n + t) * p, p);
        intercept += solution.get(i).get(s)[0];
      }
      for (int i = 0; i < m; i++) {
        out[(i * n + t) * p] = intercept / m;
      }
    }
    return Tensor.of(out, m, n, p).to(dtype);
  }

  /**
   * For each state of {@code state}, the candidate that maximises the critics' {@code mean_i Q_i -
   * lambda std_i Q_i} (population std): the action {@code clip(c(s) + w x, -1, 1)} for the offset
   * rows x of {@code offsets} [C][A], each valued at its clipped offset; {@code fallback}'s row at a
   * state never seen. Ties keep the earlier candidate. [B, A] in {@code dtype}.
   */
  public Tensor maximiser(Tensor state, Tensor fallback, double[][] offsets, double lambda, DType dtype) {
    if (offsets != searchedOffsets || Double.compare(lambda, searchedLambda) != 0) {
      searched.clear();
      searchedOffsets = offsets;
      searchedLambda = lambda;
    }
    float[] st = state.toFloatArray();
    float[] fb = fallback.toFloatArray();
    int n = state.dim(0);
    int ad = config.actionDim();
    double[] out = new double[n * ad];
    for (int t = 0; t < n; t++) {
      Integer s = index.get(new Key(st, t * config.stateDim(), config.stateDim()));
      if (s == null) {
        for (int j = 0; j < ad; j++) {
          out[t * ad + j] = fb[t * ad + j];
        }
        continue;
      }
      double[] best = searched.computeIfAbsent(s, k -> search(k, offsets, lambda));
      System.arraycopy(best, 0, out, t * ad, ad);
    }
    return Tensor.of(out, n, ad).to(dtype);
  }

  /** The candidate of {@link #maximiser} at state index {@code s}, [A]. */
  private double[] search(int s, double[][] offsets, double lambda) {
    int ad = config.actionDim();
    int m = config.members();
    double[] chosen = new double[ad];
    double[] action = new double[ad];
    double[] x = new double[ad];                            // the clipped action's offset
    double[] q = new double[m];
    float[] centre = centres.get(s);
    double best = Double.NEGATIVE_INFINITY;
    for (double[] offset : offsets) {
      for (int j = 0; j < ad; j++) {
        action[j] = Math.max(-1, Math.min(1, centre[j] + config.halfWidth() * offset[j]));
        x[j] = (action[j] - centre[j]) / config.halfWidth();
      }
      double mean = 0;
      for (int i = 0; i < m; i++) {
        double[] beta = solution.get(i).get(s);
        double v = 0;                                       // the shared intercept does not move the choice
        for (int j = 0; j < ad; j++) {
          v += beta[1 + j] * x[j] + beta[1 + ad + j] * x[j] * x[j];
        }
        q[i] = v;
        mean += v;
      }
      mean /= m;
      double var = 0;
      for (int i = 0; i < m; i++) {
        var += (q[i] - mean) * (q[i] - mean);
      }
      double value = mean - lambda * Math.sqrt(var / m);
      if (value > best) {
        best = value;
        System.arraycopy(action, 0, chosen, 0, ad);
      }
    }
    return chosen;
  }

  /**
   * The centre c(s) of each state of {@code state}; {@code fallback}'s row at a state never seen.
   * [B, A] in {@code dtype}.
   */
  public Tensor centres(Tensor state, Tensor fallback, DType dtype) {
    float[] st = state.toFloatArray();
    float[] fb = fallback.toFloatArray();
    int n = state.dim(0);
    int ad = config.actionDim();
    double[] out = new double[n * ad];
    for (int t = 0; t < n; t++) {
      Integer s = index.get(new Key(st, t * config.stateDim(), config.stateDim()));
      for (int j = 0; j < ad; j++) {
        out[t * ad + j] = s == null ? fb[t * ad + j] : centres.get(s)[j];
      }
    }
    return Tensor.of(out, n, ad).to(dtype);
  }

  /** The whole state as F64 tensors (shapes in the class comment). */
  public Params toParams() {
    int g = states.size();
    int n = pairs.size();
    int m = config.members();
    int sd = config.stateDim();
    int ad = config.actionDim();
    double[] st = new double[g * sd];
    double[] ce = new double[g * ad];
    for (int s = 0; s < g; s++) {
      for (int j = 0; j < sd; j++) {
        st[s * sd + j] = states.get(s)[j];
      }
      for (int j = 0; j < ad; j++) {
        ce[s * ad + j] = centres.get(s)[j];
      }
    }
    double[] pr = new double[n * 2];
    for (int k = 0; k < n; k++) {
      pr[2 * k] = pairs.get(k)[0];
      pr[2 * k + 1] = pairs.get(k)[1];
    }
    return Params.builder()
        .put("states", Tensor.of(st, g, sd))
        .put("centres", Tensor.of(ce, g, ad))
        .put("pairs", Tensor.of(pr, n, 2))
        .put("gram", flat(gram, g, p * p))
        .put("moment", flat(moment, g, p))
        .put("leave", flat(leave, g, 2))
        .put("pair_sum", flat(pairSum, n, p))
        .put("value", flatValues(value, g))
        .put("solution", flat(solution, g, p))
        .build();
  }

  /** Restores what {@link #toParams} wrote; refuses another layout with a message naming it. */
  public void restore(Params saved) {
    Tensor st = saved.get("states");
    int g = st.dim(0);
    int n = saved.get("pairs").dim(0);
    if (st.dim(1) != config.stateDim() || saved.get("gram").dim(0) != config.members()
        || saved.get("centres").dim(1) != config.actionDim()) {
      throw new IllegalArgumentException("least-squares critics: the saved state has " + st.dim(1) + " state features, "
          + saved.get("gram").dim(0) + " critics and " + saved.get("centres").dim(1) + " action dimensions; this config has "
          + config.stateDim() + ", " + config.members() + " and " + config.actionDim());
    }
    searched.clear();
    index.clear();
    states.clear();
    centres.clear();
    pairIndex.clear();
    pairs.clear();
    pairsFrom.clear();
    double[] sv = st.toDoubleArray();
    double[] cv = saved.get("centres").toDoubleArray();
    for (int s = 0; s < g; s++) {
      float[] state = new float[config.stateDim()];
      for (int j = 0; j < state.length; j++) {
        state[j] = (float) sv[s * state.length + j];
      }
      float[] centre = new float[config.actionDim()];
      for (int j = 0; j < centre.length; j++) {
        centre[j] = (float) cv[s * centre.length + j];
      }
      index.put(new Key(state, 0, state.length), s);
      states.add(state);
      centres.add(centre);
      pairsFrom.add(new ArrayList<>());
    }
    double[] pv = saved.get("pairs").toDoubleArray();
    for (int k = 0; k < n; k++) {
      int from = (int) pv[2 * k];
      int to = (int) pv[2 * k + 1];
      pairIndex.put((long) from * Integer.MAX_VALUE + to, k);
      pairs.add(new int[] {from, to});
      pairsFrom.get(from).add(k);
    }
    unflat(saved.get("gram"), gram, g, p * p);
    unflat(saved.get("moment"), moment, g, p);
    unflat(saved.get("leave"), leave, g, 2);
    unflat(saved.get("pair_sum"), pairSum, n, p);
    double[] vv = saved.get("value").toDoubleArray();
    for (int i = 0; i < config.members(); i++) {
      value.set(i, Arrays.copyOfRange(vv, i * g, (i + 1) * g));
    }
    unflat(saved.get("solution"), solution, g, p);
  }

  // ------------------------------------------------------------------------------------- helpers

  private int stateOf(float[] st, int offset, float[] baseline, int baselineOffset) {
    Key key = new Key(st, offset, config.stateDim());
    Integer s = index.get(key);
    if (s != null) {
      return s;
    }
    if (states.size() >= config.maxStates()) {
      throw new IllegalArgumentException("least-squares critics: the data has more than " + config.maxStates()
          + " distinct states; this critic form needs a discrete state (e.g. the simulator's oracle observation"
          + " [onehot(u), z]); use a network critic form for continuous states");
    }
    int id = states.size();
    index.put(key, id);
    states.add(Arrays.copyOfRange(st, offset, offset + config.stateDim()));
    centres.add(Arrays.copyOfRange(baseline, baselineOffset, baselineOffset + config.actionDim()));
    pairsFrom.add(new ArrayList<>());
    for (int i = 0; i < config.members(); i++) {
      gram.get(i).add(new double[p * p]);
      moment.get(i).add(new double[p]);
      leave.get(i).add(new double[2]);
      solution.get(i).add(new double[p]);
    }
    return id;
  }

  private int pairOf(int from, int to) {
    long key = (long) from * Integer.MAX_VALUE + to;
    Integer k = pairIndex.get(key);
    if (k != null) {
      return k;
    }
    int id = pairs.size();
    pairIndex.put(key, id);
    pairs.add(new int[] {from, to});
    pairsFrom.get(from).add(id);
    for (int i = 0; i < config.members(); i++) {
      pairSum.get(i).add(new double[p]);
    }
    return id;
  }

  /** f(x) = (1, x, x^2), x = (a - centre) / w. [P] */
  private double[] features(float[] action, int offset, float[] centre) {
    int ad = config.actionDim();
    double[] f = new double[p];
    f[0] = 1;
    for (int j = 0; j < ad; j++) {
      double x = ((double) action[offset + j] - centre[j]) / config.halfWidth();
      f[1 + j] = x;
      f[1 + ad + j] = x * x;
    }
    return f;
  }

  /** The Poisson(1) draw whose CDF first exceeds {@code u} (inverse-CDF sampling). */
  static int poissonOne(double u) {
    double term = Math.exp(-1);
    double cdf = term;
    int k = 0;
    while (u >= cdf && k < 20) {
      k++;
      term /= k;
      cdf += term;
    }
    return k;
  }

  private static Tensor flat(List<List<double[]>> perMember, int rows, int width) {
    int m = perMember.size();
    double[] out = new double[m * rows * width];
    for (int i = 0; i < m; i++) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(perMember.get(i).get(r), 0, out, (i * rows + r) * width, width);
      }
    }
    return Tensor.of(out, m, rows, width);
  }

  private static Tensor flatValues(List<double[]> perMember, int rows) {
    double[] out = new double[perMember.size() * rows];
    for (int i = 0; i < perMember.size(); i++) {
      System.arraycopy(perMember.get(i), 0, out, i * rows, perMember.get(i).length);
    }
    return Tensor.of(out, perMember.size(), rows);
  }

  private static void unflat(Tensor t, List<List<double[]>> perMember, int rows, int width) {
    if (t.dim(1) != rows || t.dim(2) != width) {
      throw new IllegalArgumentException("least-squares critics: a saved tensor has shape " + t.shape()
          + ", expected [" + perMember.size() + ", " + rows + ", " + width + "]");
    }
    double[] v = t.toDoubleArray();
    for (int i = 0; i < perMember.size(); i++) {
      List<double[]> rowsOf = perMember.get(i);
      rowsOf.clear();
      for (int r = 0; r < rows; r++) {
        rowsOf.add(Arrays.copyOfRange(v, (i * rows + r) * width, (i * rows + r + 1) * width));
      }
    }
  }

  /** A state's identity: its features' float bits. */
  private static final class Key {
    private final int[] bits;
    private final int hash;

    Key(float[] values, int offset, int length) {
      bits = new int[length];
      for (int j = 0; j < length; j++) {
        bits[j] = Float.floatToIntBits(values[offset + j]);
      }
      hash = Arrays.hashCode(bits);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bits, k.bits);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
