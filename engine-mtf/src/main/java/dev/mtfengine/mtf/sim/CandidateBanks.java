package dev.mtfengine.mtf.sim;

import dev.mtfengine.tensor.random.Xoshiro256StarStar;

/**
 * The per-type banks of B candidate sets, generated once from the seed (simulator.md, "Exact
 * evaluation"): every request draws one set uniformly from its type's bank, which is what makes
 * the session a finite MDP over (u, s). Holds the items' latent attributes, their true feedback
 * probabilities, and the MTL predictions the policy sees.
 *
 * <p>Generative model (simulator.md, "Generative model"), sigma = logistic, z = s / (S - 1):
 *
 * <pre>
 * logit pC       = c0 + c_u + theta_u[t] + 3 xi_u b + 0.5 sigma_u g + zeta (z - 1/2)
 * logit pLV|C    = l0 + 0.8 theta_u[t] + q - 3.5 b
 * logit pLike|LV = k0 + k_u + 0.5 q + 0.5 theta_u[t] + 2.0 sigma_u g
 * logit pShare|LV= h0 + h_u + 0.5 q + 2.2 sigma_u g
 * p_hat^k        = sigma(kappa_{u,k} logit p^k(z = 1/2) + delta_{u,k} + eps_{i,k})
 * </pre>
 *
 * Arrays are indexed by {@code bank * N + i} (shape [B, N]); predictions by {@code (bank * N + i)
 * * 4 + k} (shape [B, N, 4], heads in {@link FusionSpec#HEADS} order).
 */
public final class CandidateBanks {
  /** Coefficients of the generative model fixed by the spec (not tuning knobs). */
  static final double CLICKBAIT_CLICK = 3.0;
  static final double SOCIAL_CLICK = 0.5;
  static final double AFFINITY_LONG_VIEW = 0.8;
  static final double CLICKBAIT_LONG_VIEW = 3.5;
  static final double QUALITY_LIKE = 0.5;
  static final double AFFINITY_LIKE = 0.5;
  static final double SOCIAL_LIKE = 2.0;
  static final double QUALITY_SHARE = 0.5;
  static final double SOCIAL_SHARE = 2.2;
  /** Number of heads the MTL model predicts (click, long view, like, share). */
  public static final int HEADS = 4;

  private final SimulatorParams params;
  private final TypeBank[] banks;

  /** Generates every type's bank from the seed's {@link StreamPurpose#BANK} streams. */
  public CandidateBanks(SimulatorParams params, RandomStreams streams) {
    checkSize(params, Runtime.getRuntime().maxMemory());
    this.params = params;
    this.banks = new TypeBank[params.typeCount()];
    for (int u = 0; u < banks.length; u++) {
      banks[u] = new TypeBank(params, u, streams);
    }
  }

  /**
   * Refuses, before anything is allocated, banks whose arrays could not be indexed or would not fit
   * in {@code maxHeapBytes}: per candidate, a topic (4 bytes) and 7 + S doubles (attributes, the
   * click probability at each satisfaction level, the other heads' probabilities) plus 4 predictions.
   */
  static void checkSize(SimulatorParams params, long maxHeapBytes) {
    long perType = (long) params.banksPerType() * params.candidateCount();
    long bytes = perType * params.typeCount() * (4 + 8L * (11 + params.satisfactionLevels()));
    if (perType * HEADS > Integer.MAX_VALUE || bytes > maxHeapBytes) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "B = %d candidate sets per type (--banks or banksPerType) would need about %.1f GiB for the candidate"
              + " banks alone, more than this JVM's %.1f GiB heap (-Xmx) can hold; use fewer (the default is 600)",
          params.banksPerType(), bytes / (double) (1L << 30), maxHeapBytes / (double) (1L << 30)));
    }
  }

  /** The predictions of bank set {@code bank} of type {@code type}: a new array of shape [N, 4]. */
  public double[] predictions(int type, int bank) {
    checkIndices(type, bank);
    int n = params.candidateCount();
    double[] out = new double[n * HEADS];
    System.arraycopy(banks[type].predictions, bank * n * HEADS, out, 0, out.length);
    return out;
  }

  /** The true click probability of candidate i of a bank set at satisfaction level s. */
  public double clickProbability(int type, int bank, int candidate, int s) {
    checkIndices(type, bank);
    return banks[type].clickProbability[s][bank * params.candidateCount() + candidate];
  }

  /** The miscalibration slopes kappa_{u,k} of one type (a copy). */
  public double[] kappa(int type) {
    return banks[type].kappa.clone();
  }

  /** The miscalibration offsets delta_{u,k} of one type (a copy). */
  public double[] delta(int type) {
    return banks[type].delta.clone();
  }

  TypeBank bank(int type) {
    return banks[type];
  }

  private void checkIndices(int type, int bank) {
    if (type < 0 || type >= banks.length || bank < 0 || bank >= params.banksPerType()) {
      throw new IllegalArgumentException(
          "CandidateBanks: (type " + type + ", bank " + bank + ") outside [0, "
              + banks.length + ") x [0, " + params.banksPerType() + ")");
    }
  }

  /** One type's bank: flat arrays over [B, N]. */
  static final class TypeBank {
    final int[] topic;
    final double[] quality;
    final double[] clickbait;
    final double[] social;
    /** pC at each satisfaction level, shape [S][B N]: the only head that depends on s. */
    final double[][] clickProbability;
    final double[] longViewGivenClick;
    final double[] likeGivenLongView;
    final double[] shareGivenLongView;
    /** p_hat, shape [B, N, 4]. */
    final double[] predictions;
    final double[] kappa = new double[HEADS];
    final double[] delta = new double[HEADS];

    TypeBank(SimulatorParams p, int u, RandomStreams streams) {
      UserType type = p.types().get(u);
      int total = p.banksPerType() * p.candidateCount();
      topic = new int[total];
      quality = new double[total];
      clickbait = new double[total];
      social = new double[total];
      clickProbability = new double[p.satisfactionLevels()][total];
      longViewGivenClick = new double[total];
      likeGivenLongView = new double[total];
      shareGivenLongView = new double[total];
      predictions = new double[total * HEADS];

      Xoshiro256StarStar calibration = streams.stream(StreamPurpose.TYPE_CALIBRATION, u, 0, 0, 0);
      PredictionNoise noise = p.predictions();
      for (int k = 0; k < HEADS; k++) {
        kappa[k] = StrictMath.exp(noise.kappaLogSd() * calibration.nextGaussian());
        delta[k] = noise.deltaSd() * calibration.nextGaussian();
      }

      ItemDistribution items = p.items();
      double zeta = p.satisfactionClickEffect();
      int levels = p.satisfactionLevels();
      double[] eps = new double[HEADS];
      for (int b = 0; b < p.banksPerType(); b++) {
        Xoshiro256StarStar rng = streams.stream(StreamPurpose.BANK, u, b, 0, 0);
        for (int i = 0; i < p.candidateCount(); i++) {
          int j = b * p.candidateCount() + i;
          // fixed draw order per candidate: topic, quality, mixture, clickbait, social, 4 noises
          int t = Distributions.uniformIndex(rng, p.topicCount());
          double q = items.qualitySd() * rng.nextGaussian();
          boolean heavy = rng.nextDouble() < items.clickbaitShare();
          double bait =
              heavy
                  ? Distributions.beta(rng, items.clickbaitHighAlpha(), items.clickbaitHighBeta())
                  : Distributions.beta(rng, items.clickbaitLowAlpha(), items.clickbaitLowBeta());
          double g = Distributions.beta(rng, items.socialAlpha(), items.socialBeta());
          for (int k = 0; k < HEADS; k++) {
            eps[k] = noise.noiseSd() * rng.nextGaussian();
          }
          topic[j] = t;
          quality[j] = q;
          clickbait[j] = bait;
          social[j] = g;
          double theta = type.affinity(t);
          double sigmaU = type.socialSensitivity();
          double clickLogitHalf =
              p.clickIntercept() + type.clickOffset() + theta
                  + CLICKBAIT_CLICK * type.clickbaitSensitivity() * bait
                  + SOCIAL_CLICK * sigmaU * g;
          for (int s = 0; s < levels; s++) {
            double z = s / (double) (levels - 1);
            clickProbability[s][j] = Logistic.sigmoid(clickLogitHalf + zeta * (z - 0.5));
          }
          longViewGivenClick[j] =
              Logistic.sigmoid(
                  p.longViewIntercept() + AFFINITY_LONG_VIEW * theta + q - CLICKBAIT_LONG_VIEW * bait);
          likeGivenLongView[j] =
              Logistic.sigmoid(
                  p.likeIntercept() + type.likeOffset() + QUALITY_LIKE * q + AFFINITY_LIKE * theta
                      + SOCIAL_LIKE * sigmaU * g);
          shareGivenLongView[j] =
              Logistic.sigmoid(
                  p.shareIntercept() + type.shareOffset() + QUALITY_SHARE * q
                      + SOCIAL_SHARE * sigmaU * g);
          // unconditional heads at z = 1/2 (the MTL model is blind to satisfaction)
          double pClick = Logistic.sigmoid(clickLogitHalf);
          double pLongView = pClick * longViewGivenClick[j];
          double[] truth = {
            pClick, pLongView, pLongView * likeGivenLongView[j], pLongView * shareGivenLongView[j]
          };
          for (int k = 0; k < HEADS; k++) {
            predictions[j * HEADS + k] =
                Logistic.sigmoid(kappa[k] * Logistic.logit(truth[k]) + delta[k] + eps[k]);
          }
        }
      }
    }
  }
}
