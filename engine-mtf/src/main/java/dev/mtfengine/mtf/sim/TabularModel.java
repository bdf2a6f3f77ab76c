package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.fusion.FusionFormula;
import dev.mtfengine.mtf.fusion.TopL;
import dev.mtfengine.mtf.progress.Progress;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The session as a finite MDP over (u, s) for a finite action grid (simulator.md, "Exact
 * evaluation"). Because the predictions are blind to satisfaction, the slate of a request depends
 * only on (u, bank, action); the expected reward and the law of s' then follow per level s:
 *
 * <pre>
 * r(u, s, a)     = 1/B sum_b sum_{i in slate(u,b,a)} pC_i(z) A_i,
 *                  A_i = w_C + pLV|C_i (w_LV + w_L pLike|LV_i + w_S pShare|LV_i)
 * delta          = n+ - rho_u n-  ~  convolution over the L shown items of the 3-point laws
 *                  {+1: pi+_i, -rho_u: pi-_i, 0: rest},  pi+_i = pC_i(z) P(satisfying | C),
 *                  pi-_i = pC_i(z) (1 - pLV|C_i)
 * P(s' | u,s,a)  = 1/B sum_b P(clip(s + delta - d_u, 0, S-1) = s')
 * M(s' | u,s,a)  = P(s' | u,s,a) (1 - lambda_u(s'))      (continue after the request)
 * </pre>
 *
 * Arrays per type: {@code reward[u][a S + s]} (shape [A, S]) and {@code continuation[u][(a S + s) S
 * + s']} (shape [A, S, S]). Building costs one top-L per (u, b, a) plus one convolution per
 * distinct slate per (u, b): on the defaults many grid actions share a slate, which the per-bank
 * cache exploits. Bank sums run in bank order, so the model is deterministic with or without
 * parallelism (types are built independently).
 */
public final class TabularModel {
  private final SessionSimulator simulator;
  private final ActionGrid grid;
  private final int typeCount;
  private final int levels;
  private final double[][] reward;
  private final double[][] continuation;
  private final double[][] startProbability;

  private TabularModel(SessionSimulator simulator, ActionGrid grid, double[][] reward,
      double[][] continuation) {
    this.simulator = simulator;
    this.grid = grid;
    SimulatorParams p = simulator.params();
    this.typeCount = p.typeCount();
    this.levels = p.satisfactionLevels();
    this.reward = reward;
    this.continuation = continuation;
    this.startProbability = startProbability(p);
  }

  /**
   * Builds the model of {@code simulator} over {@code grid}.
   *
   * @param parallel build the types on the common fork-join pool (same result)
   */
  public static TabularModel build(SessionSimulator simulator, ActionGrid grid, boolean parallel) {
    return build(simulator, grid, parallel, Progress.Task.NONE);
  }

  /**
   * Builds the model of {@code simulator} over {@code grid}, advancing {@code task} by one step per
   * bank set of each type (U B steps in all: the model is the slowest part of exact evaluation).
   *
   * @param parallel build the types on the common fork-join pool (same result)
   */
  public static TabularModel build(
      SessionSimulator simulator, ActionGrid grid, boolean parallel, Progress.Task task) {
    if (grid.actionView(0).length != simulator.actionDimension()) {
      throw new IllegalArgumentException(
          "TabularModel.build: grid actions have length " + grid.actionView(0).length
              + ", the simulator's action dimension is " + simulator.actionDimension());
    }
    int typeCount = simulator.params().typeCount();
    double[][] reward = new double[typeCount][];
    double[][] continuation = new double[typeCount][];
    IntStream types = IntStream.range(0, typeCount);
    (parallel ? types.parallel() : types).forEach(u -> {
      double[][] rows = buildType(simulator, grid, u, task);
      reward[u] = rows[0];
      continuation[u] = rows[1];
    });
    return new TabularModel(simulator, grid, reward, continuation);
  }

  /** P(u, s_0 = s) = pi_u / (2 w + 1) on {@code c_u +- w}, shape [U][S]. */
  static double[][] startProbability(SimulatorParams p) {
    double[][] start = new double[p.typeCount()][p.satisfactionLevels()];
    int w = p.startHalfWidth();
    for (int u = 0; u < p.typeCount(); u++) {
      UserType t = p.types().get(u);
      for (int s = t.startCentre() - w; s <= t.startCentre() + w; s++) {
        start[u][s] = t.share() / (2 * w + 1);
      }
    }
    return start;
  }

  private static double[][] buildType(
      SessionSimulator sim, ActionGrid grid, int u, Progress.Task task) {
    SimulatorParams p = sim.params();
    int n = p.candidateCount();
    int slateSize = p.slateSize();
    int levels = p.satisfactionLevels();
    int actions = grid.size();
    int stride = levels + levels * levels; // per slate: rewards [S] then M [S, S]
    FusionFormula formula = sim.ranker().formula();
    double[][] raw = new double[actions][];
    for (int a = 0; a < actions; a++) {
      raw[a] = sim.ranker().actionMap().toRaw(grid.actionView(a));
    }
    CandidateBanks.TypeBank bank = sim.banks().bank(u);
    double[] reward = new double[actions * levels];
    double[] continuation = new double[actions * levels * levels];
    double[] scores = new double[n];
    int[] slate = new int[slateSize];
    double[] best = new double[slateSize];
    double[] heads = new double[n * CandidateBanks.HEADS];
    SlateLaw law = new SlateLaw(sim, u);
    Map<Object, double[]> cache = new HashMap<>();
    for (int b = 0; b < p.banksPerType(); b++) {
      int offset = b * n;
      System.arraycopy(bank.predictions, offset * CandidateBanks.HEADS, heads, 0, heads.length);
      FusionFormula.PreparedCandidates prepared = formula.prepare(heads, n);
      cache.clear();
      for (int a = 0; a < actions; a++) {
        prepared.scores(raw[a], scores);
        TopL.selectInto(scores, n, slateSize, slate, best);
        double[] stats = cache.get(slateKey(slate, n));
        if (stats == null) {
          stats = new double[stride];
          law.compute(offset, slate, stats);
          cache.put(slateKey(slate, n), stats);
        }
        int r0 = a * levels;
        for (int s = 0; s < levels; s++) {
          reward[r0 + s] += stats[s];
        }
        int m0 = a * levels * levels;
        for (int idx = 0; idx < levels * levels; idx++) {
          continuation[m0 + idx] += stats[levels + idx];
        }
      }
      task.advance(1);
    }
    double inverseB = 1.0 / p.banksPerType();
    for (int i = 0; i < reward.length; i++) {
      reward[i] *= inverseB;
    }
    for (int i = 0; i < continuation.length; i++) {
      continuation[i] *= inverseB;
    }
    return new double[][] {reward, continuation};
  }

  /** The set of shown candidates (order does not matter: no position effects). */
  private static Object slateKey(int[] slate, int n) {
    if (n <= 64) {
      long bits = 0;
      for (int i : slate) {
        bits |= 1L << i;
      }
      return bits;
    }
    int[] sorted = slate.clone();
    java.util.Arrays.sort(sorted);
    return java.util.Arrays.toString(sorted);
  }

  /**
   * The rows of one arbitrary (possibly off-grid) action for type u: {@code reward[s]} (shape [S])
   * and {@code continuation[s S + s']} (shape [S, S]), averaged over the bank like the grid rows.
   */
  static double[][] rowsFor(SessionSimulator sim, int u, double[] action) {
    SimulatorParams p = sim.params();
    int n = p.candidateCount();
    int levels = p.satisfactionLevels();
    double[] raw = sim.ranker().actionMap().toRaw(action);
    FusionFormula formula = sim.ranker().formula();
    CandidateBanks.TypeBank bank = sim.banks().bank(u);
    double[] scores = new double[n];
    int[] slate = new int[p.slateSize()];
    double[] best = new double[p.slateSize()];
    double[] stats = new double[levels + levels * levels];
    double[] reward = new double[levels];
    double[] continuation = new double[levels * levels];
    SlateLaw law = new SlateLaw(sim, u);
    for (int b = 0; b < p.banksPerType(); b++) {
      int offset = b * n;
      for (int i = 0; i < n; i++) {
        scores[i] = formula.score(bank.predictions, offset + i, raw);
        if (Double.isNaN(scores[i])) {
          throw new IllegalArgumentException("TabularModel: NaN fused score for action "
              + java.util.Arrays.toString(action));
        }
      }
      TopL.selectInto(scores, n, p.slateSize(), slate, best);
      java.util.Arrays.fill(stats, 0.0);
      law.compute(offset, slate, stats);
      for (int s = 0; s < levels; s++) {
        reward[s] += stats[s];
      }
      for (int idx = 0; idx < levels * levels; idx++) {
        continuation[idx] += stats[levels + idx];
      }
    }
    double inverseB = 1.0 / p.banksPerType();
    for (int s = 0; s < levels; s++) {
      reward[s] *= inverseB;
    }
    for (int idx = 0; idx < continuation.length; idx++) {
      continuation[idx] *= inverseB;
    }
    return new double[][] {reward, continuation};
  }

  /** Expected reward and continuation law of one slate at every level s, for one type. */
  private static final class SlateLaw {
    private final CandidateBanks.TypeBank bank;
    private final UserType type;
    private final RewardWeights w;
    private final int levels;
    private final int rho;
    private final int zero; // index of delta = 0 in the law array
    private final double[] lawArray;
    private final double[] next;
    private final double[] continueProbability;

    SlateLaw(SessionSimulator sim, int u) {
      SimulatorParams p = sim.params();
      this.bank = sim.banks().bank(u);
      this.type = p.types().get(u);
      this.w = p.rewards();
      this.levels = p.satisfactionLevels();
      this.rho = type.regretPenalty();
      this.zero = rho * p.slateSize();
      this.lawArray = new double[rho * p.slateSize() + p.slateSize() + 1];
      this.next = new double[lawArray.length];
      this.continueProbability = new double[levels];
      for (int s = 0; s < levels; s++) {
        continueProbability[s] = 1.0 - sim.leaveProbability(u, s);
      }
    }

    /** Adds rewards to {@code out[s]} and M(s'|s) to {@code out[S + s S + s']}. */
    void compute(int offset, int[] slate, double[] out) {
      boolean social = type.satisfactionDriver() == SatisfactionDriver.LIKE_OR_SHARE;
      for (int s = 0; s < levels; s++) {
        double[] pClick = bank.clickProbability[s];
        java.util.Arrays.fill(lawArray, 0.0);
        lawArray[zero] = 1.0;
        int lo = zero; // support of the law so far: [lo, hi]
        int hi = zero;
        double r = 0;
        for (int pos = 0; pos < slate.length; pos++) {
          int j = offset + slate[pos];
          double pc = pClick[j];
          double lvGivenC = bank.longViewGivenClick[j];
          double like = bank.likeGivenLongView[j];
          double share = bank.shareGivenLongView[j];
          // E[w . (C, LV, Like, Share)] = pC (w_C + pLV|C (w_LV + w_L pLike|LV + w_S pShare|LV))
          r += pc * (w.click() + lvGivenC * (w.longView() + w.like() * like + w.share() * share));
          double satisfyingGivenClick =
              social ? lvGivenC * (1.0 - (1.0 - like) * (1.0 - share)) : lvGivenC;
          double plus = pc * satisfyingGivenClick;
          double minus = pc * (1.0 - lvGivenC);
          double stay = 1.0 - plus - minus;
          int newLo = lo - rho;
          int newHi = hi + 1;
          java.util.Arrays.fill(next, newLo, newHi + 1, 0.0);
          for (int idx = lo; idx <= hi; idx++) {
            double q = lawArray[idx];
            next[idx] += q * stay;
            next[idx + 1] += q * plus;
            next[idx - rho] += q * minus;
          }
          System.arraycopy(next, newLo, lawArray, newLo, newHi - newLo + 1);
          lo = newLo;
          hi = newHi;
        }
        out[s] += r;
        int rowBase = levels + s * levels;
        for (int idx = lo; idx <= hi; idx++) {
          int sp = s + (idx - zero) - type.drift();
          sp = sp < 0 ? 0 : (sp > levels - 1 ? levels - 1 : sp);
          out[rowBase + sp] += lawArray[idx] * continueProbability[sp];
        }
      }
    }
  }

  public SessionSimulator simulator() {
    return simulator;
  }

  public ActionGrid grid() {
    return grid;
  }

  public int typeCount() {
    return typeCount;
  }

  public int levels() {
    return levels;
  }

  public int actionCount() {
    return grid.size();
  }

  /** r(u, s, a): expected reward of one request. */
  public double reward(int u, int s, int a) {
    return reward[u][a * levels + s];
  }

  /** M(s' | u, s, a) = P(s' | u, s, a) (1 - lambda_u(s')). */
  public double continuation(int u, int s, int a, int sNext) {
    return continuation[u][(a * levels + s) * levels + sNext];
  }

  /** P(u, s_0 = s). */
  public double startProbability(int u, int s) {
    return startProbability[u][s];
  }

  double[] rewardRow(int u) {
    return reward[u];
  }

  double[] continuationRow(int u) {
    return continuation[u];
  }
}
