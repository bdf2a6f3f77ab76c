package dev.mtfengine.rl.ope;

/** An estimator of the target policy's value from importance-weighted logged episodes. */
public interface OffPolicyEstimator {

  /** A short name, e.g. {@code "pdis"}; the {@link Estimate}'s label. */
  String name();

  /** The estimate on {@code data} with a {@code bootstrap} interval over its episodes. */
  Estimate estimate(WeightedEpisodes data, Bootstrap bootstrap);
}
