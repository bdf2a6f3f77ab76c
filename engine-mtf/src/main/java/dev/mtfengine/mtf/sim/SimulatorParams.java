package dev.mtfengine.mtf.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every parameter of the session simulator (simulator.md): scale, intercepts of the generative
 * model, item and prediction distributions, reward weights, the action space and the hand-set user
 * types. Validated on construction; loadable and savable as JSON with {@link SimulatorJson}. The
 * seed is not a parameter: the same parameters with different seeds give different banks.
 *
 * @param topicCount D, number of topics
 * @param candidateCount N, candidates per request
 * @param slateSize L, items shown per request (top-L by fused score)
 * @param satisfactionLevels S, satisfaction s in {0..S-1}, z = s / (S - 1)
 * @param banksPerType B, candidate sets per type generated once from the seed
 * @param clickIntercept c0 of {@code logit pC}
 * @param longViewIntercept l0 of {@code logit pLV|C}
 * @param likeIntercept k0 of {@code logit pLike|LV}
 * @param shareIntercept h0 of {@code logit pShare|LV}
 * @param satisfactionClickEffect zeta: {@code logit pC} gains {@code zeta (z - 1/2)}
 * @param leaveTemperature tau of the leave hazard {@code sigma((m_u - s') / tau)}
 * @param startHalfWidth s_0 is uniform on {@code startCentre_u +- startHalfWidth}
 * @param items how candidate items are drawn
 * @param predictions how the MTL predictions are corrupted
 * @param rewards the reward weights w
 * @param fusion the action space (fusion family and raw ranges)
 * @param types the user archetypes; shares sum to 1
 */
public record SimulatorParams(
    int topicCount,
    int candidateCount,
    int slateSize,
    int satisfactionLevels,
    int banksPerType,
    double clickIntercept,
    double longViewIntercept,
    double likeIntercept,
    double shareIntercept,
    double satisfactionClickEffect,
    double leaveTemperature,
    int startHalfWidth,
    ItemDistribution items,
    PredictionNoise predictions,
    RewardWeights rewards,
    FusionSpec fusion,
    List<UserType> types) {

  public SimulatorParams {
    if (topicCount < 1 || candidateCount < 1 || satisfactionLevels < 2 || banksPerType < 1) {
      throw new IllegalArgumentException(
          "SimulatorParams: need topicCount >= 1, candidateCount >= 1, satisfactionLevels >= 2, "
              + "banksPerType >= 1; got D=" + topicCount + ", N=" + candidateCount + ", S="
              + satisfactionLevels + ", B=" + banksPerType);
    }
    if (slateSize < 1 || slateSize > candidateCount) {
      throw new IllegalArgumentException(
          "SimulatorParams: slateSize L = " + slateSize + " must be in [1, N = " + candidateCount + "]");
    }
    double[] finite = {
      clickIntercept, longViewIntercept, likeIntercept, shareIntercept, satisfactionClickEffect
    };
    for (double v : finite) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("SimulatorParams: intercepts and zeta must be finite");
      }
    }
    if (!(leaveTemperature > 0) || !Double.isFinite(leaveTemperature)) {
      throw new IllegalArgumentException(
          "SimulatorParams: leaveTemperature = " + leaveTemperature + " must be finite and > 0");
    }
    if (startHalfWidth < 0) {
      throw new IllegalArgumentException(
          "SimulatorParams: startHalfWidth = " + startHalfWidth + " must be >= 0");
    }
    if (items == null || predictions == null || rewards == null || fusion == null) {
      throw new IllegalArgumentException(
          "SimulatorParams: items, predictions, rewards and fusion must be set");
    }
    if (types == null || types.isEmpty()) {
      throw new IllegalArgumentException("SimulatorParams: needs at least one user type");
    }
    types = List.copyOf(types);
    double shareSum = 0;
    Set<String> names = new HashSet<>();
    for (UserType t : types) {
      shareSum += t.share();
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("SimulatorParams: duplicate user type name " + t.name());
      }
      if (t.topicAffinity().length != topicCount) {
        throw new IllegalArgumentException(
            "SimulatorParams: type " + t.name() + " has " + t.topicAffinity().length
                + " topic affinities, expected D = " + topicCount);
      }
      int lo = t.startCentre() - startHalfWidth;
      int hi = t.startCentre() + startHalfWidth;
      if (lo < 0 || hi > satisfactionLevels - 1) {
        throw new IllegalArgumentException(
            "SimulatorParams: type " + t.name() + " starts on [" + lo + ", " + hi
                + "], outside the satisfaction levels [0, " + (satisfactionLevels - 1) + "]");
      }
    }
    if (Math.abs(shareSum - 1.0) > 1e-9) {
      throw new IllegalArgumentException(
          "SimulatorParams: type shares must sum to 1, got " + shareSum);
    }
  }

  /**
   * The defaults of simulator.md (the prototype's). Topic affinities theta_u are hand-set: each
   * type has two or three liked topics and disliked ones, and the liked topics differ between
   * types, so a good fusion action must lean on the (type-miscalibrated) click and long-view heads
   * differently per type; see docs/simulator.md for the reasoning and the measured gaps.
   */
  public static SimulatorParams defaults() {
    int s = 16;
    double m = 0.3 * s; // m_u = 0.3 S
    List<UserType> types =
        List.of(
            new UserType("fragile-clicker", 0.3, 0.0, 1.2, 0.0, -0.5, -0.5, 2, 1,
                SatisfactionDriver.LONG_VIEW, 0.06, 0.5, m, 9,
                new double[] {1.0, 0.6, 0.2, -0.2, -0.6, -1.0, 0.0, 0.4}),
            new UserType("loyal-tolerant", 0.3, -0.2, 1.2, 0.3, 0.0, 0.0, 0, 1,
                SatisfactionDriver.LONG_VIEW, 0.04, 0.5, m, 9,
                new double[] {0.5, 0.5, 0.3, 0.3, 0.0, 0.0, -0.3, -0.3}),
            new UserType("social", 0.2, 0.0, 0.6, 3.0, 0.3, 0.5, 2, 0,
                SatisfactionDriver.LIKE_OR_SHARE, 0.05, 0.5, m, 9,
                new double[] {-0.5, 0.0, 0.8, 1.2, 0.0, -0.5, 0.3, 0.0}),
            new UserType("fragile-new", 0.2, 0.0, 1.2, 0.5, -0.3, -0.3, 2, 1,
                SatisfactionDriver.LONG_VIEW, 0.06, 0.5, m, 7,
                new double[] {-1.0, -0.5, 0.0, 0.5, 1.0, 0.8, -0.2, 0.0}));
    return new SimulatorParams(
        8, 40, 6, s, 600, -1.6, 1.2, -4.6, -7.0, 0.8, 1.2, 2,
        ItemDistribution.defaults(), PredictionNoise.defaults(), RewardWeights.defaults(),
        FusionSpec.defaults(), types);
  }

  /** U, the number of user types. */
  public int typeCount() {
    return types.size();
  }

  /** A copy with other user types. */
  public SimulatorParams withTypes(List<UserType> newTypes) {
    return new SimulatorParams(topicCount, candidateCount, slateSize, satisfactionLevels,
        banksPerType, clickIntercept, longViewIntercept, likeIntercept, shareIntercept,
        satisfactionClickEffect, leaveTemperature, startHalfWidth, items, predictions, rewards,
        fusion, newTypes);
  }

  /** A copy with another action space. */
  public SimulatorParams withFusion(FusionSpec newFusion) {
    return new SimulatorParams(topicCount, candidateCount, slateSize, satisfactionLevels,
        banksPerType, clickIntercept, longViewIntercept, likeIntercept, shareIntercept,
        satisfactionClickEffect, leaveTemperature, startHalfWidth, items, predictions, rewards,
        newFusion, types);
  }

  /** A copy with another number of bank sets per type (smaller banks make quick tests). */
  public SimulatorParams withBanksPerType(int newBanksPerType) {
    return new SimulatorParams(topicCount, candidateCount, slateSize, satisfactionLevels,
        newBanksPerType, clickIntercept, longViewIntercept, likeIntercept, shareIntercept,
        satisfactionClickEffect, leaveTemperature, startHalfWidth, items, predictions, rewards,
        fusion, types);
  }
}
