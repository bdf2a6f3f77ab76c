package dev.mtfengine.mtf.sim;

/**
 * How the MTL predictions the policy sees differ from the truth (simulator.md):
 * {@code p_hat^k_i = sigma(kappa_{u,k} logit p^k_i(z = 1/2) + delta_{u,k} + eps_{i,k})}: blind to
 * satisfaction, miscalibrated per type (kappa log-normal, delta normal, drawn once per type from the
 * seed) and noisy per item (eps, drawn with the bank).
 *
 * @param kappaLogSd sd of ln kappa, default 0.35
 * @param deltaSd sd of delta, default 0.3
 * @param noiseSd sd of eps, default 0.35
 */
public record PredictionNoise(double kappaLogSd, double deltaSd, double noiseSd) {

  public PredictionNoise {
    if (!(kappaLogSd >= 0) || !(deltaSd >= 0) || !(noiseSd >= 0)
        || !Double.isFinite(kappaLogSd + deltaSd + noiseSd)) {
      throw new IllegalArgumentException(
          "PredictionNoise: standard deviations must be finite and >= 0, got kappaLogSd="
              + kappaLogSd + ", deltaSd=" + deltaSd + ", noiseSd=" + noiseSd);
    }
  }

  /** The spec's defaults (0.35, 0.3, 0.35). */
  public static PredictionNoise defaults() {
    return new PredictionNoise(0.35, 0.3, 0.35);
  }
}
