package dev.mtfengine.mtf.sim;

import java.util.Arrays;

/**
 * One user archetype of the simulator (simulator.md, "Default parameters"). Types are hand-set,
 * not drawn: the gaps between policies depend strongly on them.
 *
 * @param name e.g. {@code "fragile-clicker"}
 * @param share pi_u, the probability that a session belongs to this type (shares sum to 1)
 * @param clickOffset c_u in {@code logit pC}
 * @param clickbaitSensitivity xi_u: {@code logit pC} gains {@code 3 xi_u b_i}
 * @param socialSensitivity sigma_u: weight of social appeal g_i in click, like and share
 * @param likeOffset k_u in {@code logit pLike|LV}
 * @param shareOffset h_u in {@code logit pShare|LV}
 * @param regretPenalty rho_u: satisfaction lost per regret click (C and not LV); an integer so
 *     that the satisfaction level stays on its grid
 * @param drift d_u: satisfaction lost per request regardless of feedback (integer)
 * @param satisfactionDriver which feedback counts as satisfying (n+)
 * @param leaveMin lmin_u, the leave probability at high satisfaction; must be > 0 so that every
 *     session ends (undiscounted values are finite)
 * @param leaveMax lmax_u, the leave probability at low satisfaction
 * @param leaveMidpoint m_u, the satisfaction level (in levels, not z) where the hazard is halfway
 * @param startCentre c_u of the start law: s_0 is uniform on {@code startCentre +- startHalfWidth}
 * @param topicAffinity theta_u[d], one per topic: enters click, long view and like logits
 */
public record UserType(
    String name,
    double share,
    double clickOffset,
    double clickbaitSensitivity,
    double socialSensitivity,
    double likeOffset,
    double shareOffset,
    int regretPenalty,
    int drift,
    SatisfactionDriver satisfactionDriver,
    double leaveMin,
    double leaveMax,
    double leaveMidpoint,
    int startCentre,
    double[] topicAffinity) {

  public UserType {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("UserType: name must not be blank");
    }
    String where = "UserType " + name + ": ";
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(where + "share = " + share + " must be in (0, 1]");
    }
    double[] finite = {
      clickOffset, clickbaitSensitivity, socialSensitivity, likeOffset, shareOffset, leaveMidpoint
    };
    for (double v : finite) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(where + "all logit offsets and sensitivities must be finite");
      }
    }
    if (regretPenalty < 0 || drift < 0) {
      throw new IllegalArgumentException(
          where + "regretPenalty = " + regretPenalty + " and drift = " + drift + " must be >= 0");
    }
    if (satisfactionDriver == null) {
      throw new IllegalArgumentException(where + "satisfactionDriver must be set");
    }
    if (!(leaveMin > 0 && leaveMin <= leaveMax && leaveMax <= 1)) {
      throw new IllegalArgumentException(
          where + "need 0 < leaveMin <= leaveMax <= 1, got leaveMin = " + leaveMin
              + ", leaveMax = " + leaveMax);
    }
    if (topicAffinity == null || topicAffinity.length == 0) {
      throw new IllegalArgumentException(where + "topicAffinity must have one entry per topic");
    }
    for (int d = 0; d < topicAffinity.length; d++) {
      if (!Double.isFinite(topicAffinity[d])) {
        throw new IllegalArgumentException(where + "topicAffinity[" + d + "] is not finite");
      }
    }
    topicAffinity = topicAffinity.clone();
  }

  @Override
  public double[] topicAffinity() {
    return topicAffinity.clone();
  }

  /** theta_u[d] without copying (internal hot path). */
  double affinity(int topic) {
    return topicAffinity[topic];
  }

  /**
   * The leave hazard after a request that ended at level {@code s}: {@code lambda_u(s) = lmin_u +
   * (lmax_u - lmin_u) sigma((m_u - s) / tau)}.
   */
  public double leaveProbability(int s, double temperature) {
    return leaveMin + (leaveMax - leaveMin) * Logistic.sigmoid((leaveMidpoint - s) / temperature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserType t
        && name.equals(t.name)
        && Double.compare(share, t.share) == 0
        && Double.compare(clickOffset, t.clickOffset) == 0
        && Double.compare(clickbaitSensitivity, t.clickbaitSensitivity) == 0
        && Double.compare(socialSensitivity, t.socialSensitivity) == 0
        && Double.compare(likeOffset, t.likeOffset) == 0
        && Double.compare(shareOffset, t.shareOffset) == 0
        && regretPenalty == t.regretPenalty
        && drift == t.drift
        && satisfactionDriver == t.satisfactionDriver
        && Double.compare(leaveMin, t.leaveMin) == 0
        && Double.compare(leaveMax, t.leaveMax) == 0
        && Double.compare(leaveMidpoint, t.leaveMidpoint) == 0
        && startCentre == t.startCentre
        && Arrays.equals(topicAffinity, t.topicAffinity);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(topicAffinity);
  }

  @Override
  public String toString() {
    return "UserType[" + name + ", share=" + share + ", c=" + clickOffset + ", xi="
        + clickbaitSensitivity + ", sigma=" + socialSensitivity + ", k=" + likeOffset + ", h="
        + shareOffset + ", rho=" + regretPenalty + ", d=" + drift + ", driver=" + satisfactionDriver
        + ", leave=[" + leaveMin + ", " + leaveMax + "] m=" + leaveMidpoint + ", start="
        + startCentre + ", theta=" + Arrays.toString(topicAffinity) + "]";
  }
}
