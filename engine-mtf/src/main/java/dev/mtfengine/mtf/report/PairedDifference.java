package dev.mtfengine.mtf.report;

/**
 * The mean of paired per-seed differences (method A minus method B on the same seed), its
 * standard error sd / sqrt(n), and the verdict on "A beats B". Pairing removes what both methods
 * share on a seed (the simulator, ES and the users), which is most of the seed-to-seed spread.
 */
public record PairedDifference(double mean, double standardError, int n, String verdict) {
  public static final String HOLDS = "holds";
  public static final String NOT_SIGNIFICANT = "holds, not significant";
  public static final String DOES_NOT_HOLD = "does not hold";

  /** The summary of the differences {@code a[i] - b[i]}, one per seed. */
  public static PairedDifference of(double... differences) {
    if (differences.length == 0) {
      throw new IllegalArgumentException("paired difference: no seed has both methods");
    }
    MeanSd d = MeanSd.of(differences);
    double se = d.sd() / Math.sqrt(d.n());
    return new PairedDifference(d.mean(), se, d.n(), verdict(d.mean(), se, d.n()));
  }

  /** "holds" needs a positive mean beyond two standard errors, which one seed cannot show. */
  static String verdict(double mean, double standardError, int n) {
    if (!(mean > 0)) {
      return DOES_NOT_HOLD;
    }
    return n > 1 && mean > 2 * standardError ? HOLDS : NOT_SIGNIFICANT;
  }
}
