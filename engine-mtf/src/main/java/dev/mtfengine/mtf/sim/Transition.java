package dev.mtfengine.mtf.sim;

/**
 * One simulated request: the state before it, what was shown, what happened, and the state after.
 *
 * @param episode the episode index (identifies the session's random streams)
 * @param request t within the session
 * @param userType u
 * @param satisfaction s before the request
 * @param bank the bank set the candidates came from
 * @param observation what the policy saw
 * @param action the normalised action, length K
 * @param slate shown candidate indices, best first, length L
 * @param feedback per slate position: bit 0 click, bit 1 long view, bit 2 like, bit 3 share
 * @param reward r_t = sum over shown items of w . (C, LV, Like, Share)
 * @param nextSatisfaction s' = clip(s + n+ - rho_u n- - d_u, 0, S - 1)
 * @param done whether the user left after this request (probability lambda_u(s'))
 */
public record Transition(
    long episode,
    int request,
    int userType,
    int satisfaction,
    int bank,
    Observation observation,
    double[] action,
    int[] slate,
    byte[] feedback,
    double reward,
    int nextSatisfaction,
    boolean done) {

  /** Feedback bits. */
  public static final int CLICK = 1;

  public static final int LONG_VIEW = 2;
  public static final int LIKE = 4;
  public static final int SHARE = 8;
}
