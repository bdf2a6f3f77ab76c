package dev.mtfengine.mtf.sim;

import dev.mtfengine.mtf.fusion.FusionFormula;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.fusion.TopL;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.function.Consumer;

/**
 * The seeded MTF session simulator of simulator.md: parameters + seed -> banks, and sessions
 * rolled out for any {@link SessionPolicy}.
 *
 * <p>One request at (u, s), z = s / (S - 1):
 *
 * <ol>
 *   <li>draw a bank set b uniformly from type u's bank ({@link StreamPurpose#REQUEST_BANK});
 *   <li>observe, act (a in [-1, 1]^K), rank the candidates by the fused score of their predictions,
 *       show the top L (index tie-break);
 *   <li>per shown item, with four uniforms ({@link StreamPurpose#FEEDBACK}): C ~ Bern(pC(z)), LV |
 *       C ~ Bern(pLV|C), Like | LV ~ Bern(pLike|LV), Share | LV ~ Bern(pShare|LV); reward {@code
 *       r = sum_i w . (C, LV, Like, Share)_i};
 *   <li>{@code s' = clip(s + n+ - rho_u n- - d_u, 0, S - 1)} with n+ the satisfying items (LV, or
 *       Like/Share for the social driver) and n- the regret clicks (C and not LV);
 *   <li>leave with probability {@code lambda_u(s') = lmin_u + (lmax_u - lmin_u) sigma((m_u - s') /
 *       tau)} ({@link StreamPurpose#LEAVE}).
 * </ol>
 *
 * The session starts with u ~ pi and s_0 uniform on {@code c_u +- startHalfWidth} ({@link
 * StreamPurpose#EPISODE_START}). Every draw comes from a stream keyed by (purpose, type, bank,
 * episode, request), so an episode is a pure function of (params, seed, episode, policy), and two
 * policies run on the same episode index share user, start, bank draws and feedback uniforms.
 */
public final class SessionSimulator {
  /** Safety cap on session length; with lmin_u > 0 it is reached with probability (1-lmin)^cap. */
  public static final int MAX_REQUESTS = 100_000;

  private final SimulatorParams params;
  private final long seed;
  private final RandomStreams streams;
  private final CandidateBanks banks;
  private final FusionRanker ranker;
  private final double[][] leaveProbability; // [U][S]

  /** Builds the banks for {@code seed} (a few hundred milliseconds on the defaults). */
  public SessionSimulator(SimulatorParams params, long seed) {
    if (params == null) {
      throw new IllegalArgumentException("SessionSimulator: params must not be null");
    }
    this.params = params;
    this.seed = seed;
    this.streams = new RandomStreams(seed);
    this.banks = new CandidateBanks(params, streams);
    this.ranker = params.fusion().ranker();
    this.leaveProbability = new double[params.typeCount()][params.satisfactionLevels()];
    for (int u = 0; u < params.typeCount(); u++) {
      for (int s = 0; s < params.satisfactionLevels(); s++) {
        leaveProbability[u][s] = params.types().get(u).leaveProbability(s, params.leaveTemperature());
      }
    }
  }

  public SimulatorParams params() {
    return params;
  }

  public long seed() {
    return seed;
  }

  public RandomStreams streams() {
    return streams;
  }

  public CandidateBanks banks() {
    return banks;
  }

  public FusionRanker ranker() {
    return ranker;
  }

  /** K, the dimension of the normalised action. */
  public int actionDimension() {
    return ranker.actionDimension();
  }

  /** lambda_u(s), the leave probability after a request that ended at level s. */
  public double leaveProbability(int type, int s) {
    return leaveProbability[type][s];
  }

  /** The user type names, in index order. */
  public List<String> typeNames() {
    return params.types().stream().map(UserType::name).toList();
  }

  /** The start law of episode {@code episode}: {type, s_0}. */
  int[] start(long episode) {
    Xoshiro256StarStar rng = streams.stream(StreamPurpose.EPISODE_START, 0, 0, episode, 0);
    double x = rng.nextDouble();
    List<UserType> types = params.types();
    int u = types.size() - 1;
    double cumulative = 0;
    for (int i = 0; i < types.size(); i++) {
      cumulative += types.get(i).share();
      if (x < cumulative) {
        u = i;
        break;
      }
    }
    int width = 2 * params.startHalfWidth() + 1;
    int s0 = types.get(u).startCentre() - params.startHalfWidth()
        + Distributions.uniformIndex(rng, width);
    return new int[] {u, s0};
  }

  /**
   * Simulates one session.
   *
   * @param policy chooses each request's action
   * @param observation what the policy sees
   * @param episode the episode index (selects the random streams)
   * @param sink receives every transition in order, or null
   * @return the session's totals
   * @throws IllegalArgumentException if the policy returns an invalid action (naming the dimension)
   */
  public EpisodeSummary runEpisode(
      SessionPolicy policy, ObservationConfig observation, long episode, Consumer<Transition> sink) {
    if (policy == null || observation == null) {
      throw new IllegalArgumentException("SessionSimulator.runEpisode: policy and observation must be set");
    }
    int[] start = start(episode);
    int u = start[0];
    int s = start[1];
    UserType type = params.types().get(u);
    CandidateBanks.TypeBank bank = banks.bank(u);
    int n = params.candidateCount();
    int slateSize = params.slateSize();
    int levels = params.satisfactionLevels();
    int typeCount = params.typeCount();
    RewardWeights w = params.rewards();
    FusionFormula formula = ranker.formula();

    double[] userFeatures = new double[typeCount];
    if (observation.mode() == ObservationConfig.Mode.REALISTIC) {
      Xoshiro256StarStar rng = streams.stream(StreamPurpose.USER_FEATURES, 0, 0, episode, 0);
      for (int i = 0; i < typeCount; i++) {
        userFeatures[i] = (i == u ? 1.0 : 0.0) + observation.userFeatureNoiseSd() * rng.nextGaussian();
      }
    }
    // ring buffer of the last k requests' per-item rates (click, LV, like, share, regret)
    int k = observation.historyLength();
    double[][] history = new double[k][5];
    int historyCount = 0;

    double[] raw = new double[ranker.actionDimension()];
    double[] scores = new double[n];
    double[] heads = new double[n * CandidateBanks.HEADS];
    int[] slateBuffer = new int[slateSize];
    double[] bestScores = new double[slateSize];
    double totalReward = 0;
    int clicks = 0, longViews = 0, likes = 0, shares = 0, regrets = 0;
    double randomExposure = 0;
    int t = 0;
    boolean done = false;
    while (!done && t < MAX_REQUESTS) {
      int b = Distributions.uniformIndex(
          streams.stream(StreamPurpose.REQUEST_BANK, u, 0, episode, t), params.banksPerType());
      int offset = b * n;
      System.arraycopy(bank.predictions, offset * CandidateBanks.HEADS, heads, 0, heads.length);
      Observation obs =
          observe(observation, u, s, t, userFeatures, history, historyCount, heads, n);
      double[] action = policy.act(obs);
      ranker.actionMap().toRaw(action, raw); // validates length, NaN, range
      for (int i = 0; i < n; i++) {
        scores[i] = formula.score(heads, i, raw);
        if (Double.isNaN(scores[i])) {
          throw new IllegalArgumentException(
              "SessionSimulator: fused score of candidate " + i + " is NaN for action "
                  + java.util.Arrays.toString(action));
        }
      }
      TopL.selectInto(scores, n, slateSize, slateBuffer, bestScores);

      double[] pClick = bank.clickProbability[s];
      double exposure = 0;
      for (int i = 0; i < n; i++) {
        exposure += pClick[offset + i];
      }
      randomExposure += exposure / n;

      Xoshiro256StarStar feedbackRng = streams.stream(StreamPurpose.FEEDBACK, u, 0, episode, t);
      byte[] feedback = new byte[slateSize];
      int c = 0, lv = 0, lk = 0, sh = 0, satisfying = 0, regret = 0;
      for (int pos = 0; pos < slateSize; pos++) {
        int j = offset + slateBuffer[pos];
        // always four uniforms per position, so positions stay aligned across policies (CRN)
        double u1 = feedbackRng.nextDouble();
        double u2 = feedbackRng.nextDouble();
        double u3 = feedbackRng.nextDouble();
        double u4 = feedbackRng.nextDouble();
        boolean click = u1 < pClick[j];
        boolean longView = click && u2 < bank.longViewGivenClick[j];
        boolean like = longView && u3 < bank.likeGivenLongView[j];
        boolean share = longView && u4 < bank.shareGivenLongView[j];
        feedback[pos] =
            (byte) ((click ? Transition.CLICK : 0) | (longView ? Transition.LONG_VIEW : 0)
                | (like ? Transition.LIKE : 0) | (share ? Transition.SHARE : 0));
        c += click ? 1 : 0;
        lv += longView ? 1 : 0;
        lk += like ? 1 : 0;
        sh += share ? 1 : 0;
        regret += click && !longView ? 1 : 0;
        boolean satisfied =
            type.satisfactionDriver() == SatisfactionDriver.LONG_VIEW ? longView : (like || share);
        satisfying += satisfied ? 1 : 0;
      }
      // fixed-order sum: click, long view, like, share
      double reward = w.click() * c + w.longView() * lv + w.like() * lk + w.share() * sh;
      int next = s + satisfying - type.regretPenalty() * regret - type.drift();
      next = Math.max(0, Math.min(levels - 1, next));
      double leave = leaveProbability[u][next];
      done = streams.stream(StreamPurpose.LEAVE, u, 0, episode, t).nextDouble() < leave;

      if (sink != null) {
        sink.accept(new Transition(episode, t, u, s, b, obs, action.clone(), slateBuffer.clone(),
            feedback, reward, next, done));
      }
      totalReward += reward;
      clicks += c;
      longViews += lv;
      likes += lk;
      shares += sh;
      regrets += regret;
      double[] row = history[historyCount % k];
      row[0] = c / (double) slateSize;
      row[1] = lv / (double) slateSize;
      row[2] = lk / (double) slateSize;
      row[3] = sh / (double) slateSize;
      row[4] = regret / (double) slateSize;
      historyCount++;
      s = next;
      t++;
    }
    return new EpisodeSummary(episode, u, start[1], t, totalReward, t * slateSize, clicks,
        longViews, likes, shares, regrets, randomExposure, !done);
  }

  private Observation observe(ObservationConfig config, int u, int s, int t,
      double[] userFeatures, double[][] history, int historyCount, double[] heads, int n) {
    int typeCount = params.typeCount();
    if (config.mode() == ObservationConfig.Mode.ORACLE) {
      double[] f = new double[typeCount + 1];
      f[u] = 1.0;
      f[typeCount] = s / (double) (params.satisfactionLevels() - 1);
      return new Observation(f, t, u, s);
    }
    int k = config.historyLength();
    int size = typeCount + 1 + ObservationConfig.HISTORY_FEATURES
        + (config.candidateStatistics() ? 2 * CandidateBanks.HEADS : 0);
    double[] f = new double[size];
    System.arraycopy(userFeatures, 0, f, 0, typeCount);
    int pos = typeCount;
    f[pos++] = t / 10.0;
    int available = Math.min(historyCount, k);
    // mean over the available last-k requests, oldest first (fixed order)
    for (int h = 0; h < 5; h++) {
      double sum = 0;
      for (int back = available; back >= 1; back--) {
        sum += history[(historyCount - back) % k][h];
      }
      f[pos++] = available == 0 ? 0.0 : sum / available;
    }
    f[pos++] = available / (double) k;
    if (config.candidateStatistics()) {
      int m = CandidateBanks.HEADS;
      for (int h = 0; h < m; h++) {
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
          double p = heads[i * m + h];
          sum += p;
          max = Math.max(max, p);
        }
        f[pos + h] = sum / n;
        f[pos + m + h] = max;
      }
    }
    return new Observation(f, t, -1, -1);
  }
}
