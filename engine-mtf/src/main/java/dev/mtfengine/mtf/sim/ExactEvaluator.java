package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.progress.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Exact evaluation on the simulator's (u, s) MDP (simulator.md, "Exact evaluation"):
 *
 * <ul>
 *   <li>{@link #optimal()}: value iteration over the action grid,
 *       {@code V(u,s) <- max_a [ r(u,s,a) + gamma sum_s' M(s'|u,s,a) V(u,s') ]}, and J* = sum_u pi_u
 *       E[V*(u, s_0)];
 *   <li>{@link #evaluate(int[][])} and {@link #evaluate(StationaryPolicy)}: any stationary policy
 *       by solving {@code (I - gamma M_pi) V = r_pi} with EJML (one S x S system per type: types do
 *       not interact, so the (U S) x (U S) system is block-diagonal);
 *   <li>{@link #baselines()}: one-step greedy, best single static action, best per-type static
 *       action, uniform weights.
 * </ul>
 *
 * The tabular model and the optimum are computed on first use and cached. The slow steps (model,
 * value iteration, the static baselines) report to the {@link Progress} given at construction.
 */
public final class ExactEvaluator {
  private final SessionSimulator simulator;
  private final ActionGrid grid;
  private final ExactConfig config;
  private final Progress progress;
  private TabularModel model;
  private OptimalSolution optimal;

  /** Uses the default grid of the simulator's fusion spec with {@code config.simplexDivisions()}. */
  public ExactEvaluator(SessionSimulator simulator, ExactConfig config) {
    this(simulator, ActionGrid.simplexFor(simulator.params().fusion(), config.simplexDivisions()),
        config);
  }

  /** As {@link #ExactEvaluator(SessionSimulator, ExactConfig)}, reporting to {@code progress}. */
  public ExactEvaluator(SessionSimulator simulator, ExactConfig config, Progress progress) {
    this(simulator, ActionGrid.simplexFor(simulator.params().fusion(), config.simplexDivisions()),
        config, progress);
  }

  public ExactEvaluator(SessionSimulator simulator, ActionGrid grid, ExactConfig config) {
    this(simulator, grid, config, Progress.NONE);
  }

  /**
   * @param progress receives the progress of model building, value iteration and the baselines
   *     (the command line shows it as progress bars)
   */
  public ExactEvaluator(
      SessionSimulator simulator, ActionGrid grid, ExactConfig config, Progress progress) {
    if (simulator == null || grid == null || config == null || progress == null) {
      throw new IllegalArgumentException(
          "ExactEvaluator: simulator, grid, config and progress must be set");
    }
    this.simulator = simulator;
    this.grid = grid;
    this.config = config;
    this.progress = progress;
  }

  /** The simulator this evaluator models. */
  public SessionSimulator simulator() {
    return simulator;
  }

  /** The settings. */
  public ExactConfig config() {
    return config;
  }

  public ActionGrid grid() {
    return grid;
  }

  /** The tabular model (built on first use). */
  public synchronized TabularModel model() {
    if (model == null) {
      long steps = (long) simulator.params().typeCount() * simulator.params().banksPerType();
      try (Progress.Task task = progress.start("tabular model (bank sets)", steps)) {
        model = TabularModel.build(simulator, grid, config.parallel(), task);
      }
    }
    return model;
  }

  /** V*, J* and the argmax policy over the grid (computed on first use). */
  public synchronized OptimalSolution optimal() {
    if (optimal == null) {
      optimal = valueIteration();
    }
    return optimal;
  }

  private OptimalSolution valueIteration() {
    TabularModel m = model();
    int types = m.typeCount();
    int levels = m.levels();
    int actions = m.actionCount();
    double gamma = config.discount();
    double[][] v = new double[types][levels];
    double[][] next = new double[types][levels];
    int[][] argmax = new int[types][levels];
    int iteration = 0;
    double residual = Double.POSITIVE_INFINITY;
    // the sweep count to convergence is unknown in advance: the task shows sweeps and residual
    try (Progress.Task task = progress.start("value iteration (sweeps)", 0)) {
      while (iteration < config.maxIterations()) {
        iteration++;
        residual = 0;
        double scale = 1.0;
        for (int u = 0; u < types; u++) {
          sweep(m, u, v[u], next[u], argmax[u], gamma);
          for (int s = 0; s < levels; s++) {
            residual = Math.max(residual, Math.abs(next[u][s] - v[u][s]));
            scale = Math.max(scale, Math.abs(v[u][s]));
          }
        }
        double[][] swap = v;
        v = next;
        next = swap;
        task.update(iteration, String.format(Locale.ROOT, "residual %.1e", residual));
        if (residual <= config.tolerance() * scale) {
          break;
        }
      }
    }
    // argmax of the final V, so the policy is greedy with respect to the returned values
    sweep(m, 0, v[0], next[0], argmax[0], gamma);
    for (int u = 1; u < types; u++) {
      sweep(m, u, v[u], next[u], argmax[u], gamma);
    }
    return new OptimalSolution(valueOf(m, v), argmax, iteration, residual);
  }

  /** One Bellman optimality backup of type u: {@code out[s] = max_a Q(u, s, a)}. */
  private static void sweep(TabularModel m, int u, double[] v, double[] out, int[] argmax,
      double gamma) {
    int levels = m.levels();
    double[] reward = m.rewardRow(u);
    double[] cont = m.continuationRow(u);
    for (int s = 0; s < levels; s++) {
      double best = Double.NEGATIVE_INFINITY;
      int bestA = 0;
      for (int a = 0; a < m.actionCount(); a++) {
        int row = (a * levels + s) * levels;
        double future = 0;
        for (int sp = 0; sp < levels; sp++) {
          future += cont[row + sp] * v[sp];
        }
        double q = reward[a * levels + s] + gamma * future;
        if (q > best) {
          best = q;
          bestA = a;
        }
      }
      out[s] = best;
      argmax[s] = bestA;
    }
  }

  /** J and per-type values from V. */
  private static PolicyValue valueOf(TabularModel m, double[][] v) {
    double[] perType = new double[m.typeCount()];
    double total = 0;
    for (int u = 0; u < m.typeCount(); u++) {
      double typeShare = 0;
      double sum = 0;
      for (int s = 0; s < m.levels(); s++) {
        sum += m.startProbability(u, s) * v[u][s];
        typeShare += m.startProbability(u, s);
      }
      perType[u] = sum / typeShare;
      total += sum;
    }
    double[][] copy = new double[v.length][];
    for (int u = 0; u < v.length; u++) {
      copy[u] = v[u].clone();
    }
    return new PolicyValue(copy, perType, total);
  }

  /**
   * The exact value of the grid policy {@code actionIndex[u][s]} by solving {@code (I - gamma
   * M_pi) V = r_pi} per type with EJML's LU solver.
   */
  public PolicyValue evaluate(int[][] actionIndex) {
    TabularModel m = model();
    if (actionIndex.length != m.typeCount()) {
      throw new IllegalArgumentException(
          "ExactEvaluator.evaluate: need [U = " + m.typeCount() + "][S] action indices, got "
              + actionIndex.length + " rows");
    }
    int levels = m.levels();
    double[][] v = new double[m.typeCount()][];
    for (int u = 0; u < m.typeCount(); u++) {
      if (actionIndex[u].length != levels) {
        throw new IllegalArgumentException(
            "ExactEvaluator.evaluate: row " + u + " has " + actionIndex[u].length
                + " entries, expected S = " + levels);
      }
      double[] r = new double[levels];
      double[] cont = new double[levels * levels];
      double[] rewardRow = m.rewardRow(u);
      double[] contRow = m.continuationRow(u);
      for (int s = 0; s < levels; s++) {
        int a = actionIndex[u][s];
        if (a < 0 || a >= m.actionCount()) {
          throw new IllegalArgumentException(
              "ExactEvaluator.evaluate: action index " + a + " at (u " + u + ", s " + s
                  + ") outside [0, " + m.actionCount() + ")");
        }
        r[s] = rewardRow[a * levels + s];
        System.arraycopy(contRow, (a * levels + s) * levels, cont, s * levels, levels);
      }
      v[u] = solve(r, cont, levels, config.discount());
    }
    return valueOf(m, v);
  }

  /** The exact value of any stationary policy, with actions on or off the grid. */
  public PolicyValue evaluate(StationaryPolicy policy) {
    TabularModel m = model();
    int levels = m.levels();
    double[][] v = new double[m.typeCount()][];
    for (int u = 0; u < m.typeCount(); u++) {
      // rows per distinct action of this type (a static policy needs one bank pass, not S)
      Map<List<Double>, double[][]> rows = new HashMap<>();
      double[] r = new double[levels];
      double[] cont = new double[levels * levels];
      for (int s = 0; s < levels; s++) {
        double[] action = policy.action(u, s);
        simulator.ranker().actionMap().checkAction(action);
        List<Double> key = Arrays.stream(action).boxed().toList();
        final int type = u;
        double[][] row = rows.computeIfAbsent(key, k -> TabularModel.rowsFor(simulator, type, action));
        r[s] = row[0][s];
        System.arraycopy(row[1], s * levels, cont, s * levels, levels);
      }
      v[u] = solve(r, cont, levels, config.discount());
    }
    return valueOf(m, v);
  }

  /**
   * The exact action value of one action followed by a policy: {@code Q^pi(u, s, a) = r(u, s, a) +
   * gamma sum_s' M_a(s, s') V^pi(s')}, gamma this evaluator's discount, M_a the continuation
   * (next level and staying) under action a.
   *
   * @param policyValue {@link #evaluate(StationaryPolicy)} of pi by this evaluator
   * @param action normalised, on or off the grid
   */
  public double actionValue(PolicyValue policyValue, int type, int level, double[] action) {
    TabularModel m = model();
    int levels = m.levels();
    if (type < 0 || type >= m.typeCount() || level < 0 || level >= levels) {
      throw new IllegalArgumentException("ExactEvaluator.actionValue: (type " + type + ", level " + level
          + ") outside " + m.typeCount() + " types x " + levels + " levels");
    }
    simulator.ranker().actionMap().checkAction(action);
    double[][] row = TabularModel.rowsFor(simulator, type, action);
    double q = row[0][level];
    double[] v = policyValue.values()[type];
    for (int next = 0; next < levels; next++) {
      q += config.discount() * row[1][level * levels + next] * v[next];
    }
    return q;
  }

  /**
   * {@link #actionValue} at every satisfaction level at once (one pass over the type's candidate
   * bank): {@code Q^pi(u, s, a)} for s = 0..S-1.
   *
   * @param action normalised, on or off the grid; the same action at every level
   * @return [S]
   */
  public double[] actionValues(PolicyValue policyValue, int type, double[] action) {
    TabularModel m = model();
    int levels = m.levels();
    if (type < 0 || type >= m.typeCount()) {
      throw new IllegalArgumentException("ExactEvaluator.actionValues: type " + type + " outside " + m.typeCount()
          + " types");
    }
    simulator.ranker().actionMap().checkAction(action);
    double[][] row = TabularModel.rowsFor(simulator, type, action);
    double[] v = policyValue.values()[type];
    double[] q = new double[levels];
    for (int s = 0; s < levels; s++) {
      q[s] = row[0][s];
      for (int next = 0; next < levels; next++) {
        q[s] += config.discount() * row[1][s * levels + next] * v[next];
      }
    }
    return q;
  }

  /**
   * The expected number of requests a session spends at each (u, s) under {@code policy}
   * (undiscounted, from the start distribution; the rows of a type sum to its expected session
   * length times its share of users). [U][S]
   */
  public double[][] visitation(StationaryPolicy policy) {
    TabularModel m = model();
    int levels = m.levels();
    double[][] out = new double[m.typeCount()][levels];
    for (int u = 0; u < m.typeCount(); u++) {
      double[] cont = new double[levels * levels];
      for (int s = 0; s < levels; s++) {
        double[][] row = TabularModel.rowsFor(simulator, u, policy.action(u, s));
        System.arraycopy(row[1], s * levels, cont, s * levels, levels);
      }
      // d = start (I - M)^-1, i.e. (I - M)^T d^T = start^T
      DMatrixRMaj a = new DMatrixRMaj(levels, levels);
      double[] start = new double[levels];
      for (int s = 0; s < levels; s++) {
        start[s] = m.startProbability(u, s);
        for (int sp = 0; sp < levels; sp++) {
          a.set(sp, s, (s == sp ? 1.0 : 0.0) - cont[s * levels + sp]);
        }
      }
      DMatrixRMaj x = new DMatrixRMaj(levels, 1);
      LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(levels);
      if (!solver.setA(a)) {
        throw new IllegalStateException("ExactEvaluator.visitation: I - M_pi is singular (sessions never end)");
      }
      solver.solve(new DMatrixRMaj(levels, 1, true, start), x);
      out[u] = x.getData().clone();
    }
    return out;
  }

  /** Solves {@code (I - gamma M) V = r} (M shape [S, S] row-major) with EJML's LU. */
  private static double[] solve(double[] r, double[] cont, int levels, double gamma) {
    DMatrixRMaj a = new DMatrixRMaj(levels, levels);
    for (int s = 0; s < levels; s++) {
      for (int sp = 0; sp < levels; sp++) {
        a.set(s, sp, (s == sp ? 1.0 : 0.0) - gamma * cont[s * levels + sp]);
      }
    }
    DMatrixRMaj b = new DMatrixRMaj(levels, 1, true, r);
    DMatrixRMaj x = new DMatrixRMaj(levels, 1);
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.lu(levels);
    if (!solver.setA(a)) {
      throw new IllegalStateException("ExactEvaluator: I - gamma M_pi is singular");
    }
    solver.solve(b, x);
    return x.getData().clone();
  }

  /** The grid policy that uses action index {@code a} everywhere. */
  private int[][] constantPolicy(int a) {
    TabularModel m = model();
    int[][] idx = new int[m.typeCount()][m.levels()];
    for (int[] row : idx) {
      Arrays.fill(row, a);
    }
    return idx;
  }

  /** One-step greedy: {@code argmax_a r(u, s, a)} per (u, s), i.e. gamma = 0. */
  public int[][] greedyPolicy() {
    TabularModel m = model();
    int[][] idx = new int[m.typeCount()][m.levels()];
    for (int u = 0; u < m.typeCount(); u++) {
      for (int s = 0; s < m.levels(); s++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < m.actionCount(); a++) {
          if (m.reward(u, s, a) > best) {
            best = m.reward(u, s, a);
            idx[u][s] = a;
          }
        }
      }
    }
    return idx;
  }

  /** The values of every constant grid policy, evaluated exactly (index = action index). */
  public PolicyValue[] staticValues() {
    TabularModel m = model();
    PolicyValue[] values = new PolicyValue[m.actionCount()];
    try (Progress.Task task = progress.start("static policies", m.actionCount())) {
      for (int a = 0; a < m.actionCount(); a++) {
        values[a] = evaluate(constantPolicy(a));
        task.advance(1);
      }
    }
    return values;
  }

  /** J*, the four baselines and how many optimal actions each type uses. */
  public BaselineReport baselines() {
    TabularModel m = model();
    OptimalSolution opt = optimal();
    double jStar = opt.value().value();
    List<BaselineReport.Baseline> out = new ArrayList<>();

    PolicyValue greedy = evaluate(greedyPolicy());
    out.add(new BaselineReport.Baseline("greedy", greedy.value(), greedy.value() / jStar,
        "argmax_a r(u, s, a) per (u, s) over the grid"));

    PolicyValue[] statics = staticValues();
    int bestStatic = 0;
    for (int a = 1; a < statics.length; a++) {
      if (statics[a].value() > statics[bestStatic].value()) {
        bestStatic = a;
      }
    }
    out.add(new BaselineReport.Baseline("best static", statics[bestStatic].value(),
        statics[bestStatic].value() / jStar,
        "one grid action for everyone: raw " + rawString(bestStatic)));

    int[][] perType = new int[m.typeCount()][m.levels()];
    StringBuilder chosen = new StringBuilder("per type raw:");
    for (int u = 0; u < m.typeCount(); u++) {
      int best = 0;
      for (int a = 1; a < statics.length; a++) {
        if (statics[a].perType()[u] > statics[best].perType()[u]) {
          best = a;
        }
      }
      Arrays.fill(perType[u], best);
      chosen.append(' ').append(rawString(best));
    }
    PolicyValue perTypeValue = evaluate(perType);
    out.add(new BaselineReport.Baseline("best per-type static", perTypeValue.value(),
        perTypeValue.value() / jStar, chosen.toString()));

    PolicyValue uniform =
        evaluate(StationaryPolicy.constant(ActionGrid.uniformAction(simulator.params().fusion())));
    out.add(new BaselineReport.Baseline("uniform", uniform.value(), uniform.value() / jStar,
        "every head weight 1/m"));

    int[] distinct = new int[m.typeCount()];
    for (int u = 0; u < m.typeCount(); u++) {
      distinct[u] = opt.distinctActions(u);
    }
    return new BaselineReport(jStar, List.copyOf(out), distinct);
  }

  /** The raw parameters of grid action a, rounded for display. */
  public String rawString(int a) {
    double[] raw = simulator.ranker().actionMap().toRaw(grid.actionView(a));
    StringBuilder sb = new StringBuilder("(");
    for (int k = 0; k < raw.length; k++) {
      sb.append(k == 0 ? "" : ", ").append(Math.round(raw[k] * 1000) / 1000.0);
    }
    return sb.append(')').toString();
  }

  /** The optimal grid policy as a {@link StationaryPolicy}. */
  public StationaryPolicy optimalPolicy() {
    int[][] idx = optimal().actionIndex();
    return (u, s) -> grid.actionView(idx[u][s]);
  }
}
