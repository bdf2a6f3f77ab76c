package dev.mtfengine.mtf.sim;

/**
 * What a random stream is used for. Each purpose has a fixed tag (not the ordinal, so reordering
 * the constants does not change any stream), and draws for one purpose never shift the draws of
 * another: that is what lets compared policies share common random numbers even when they show
 * different items.
 */
public enum StreamPurpose {
  /** Per type: the miscalibration kappa_{u,k}, delta_{u,k} of the predictions. */
  TYPE_CALIBRATION(1),
  /** Per (type, bank): the N candidates of one bank set and their prediction noise. */
  BANK(2),
  /** Per episode: the user type and the start satisfaction s_0. */
  EPISODE_START(3),
  /** Per episode: the noise on the user features of the realistic observation. */
  USER_FEATURES(4),
  /** Per (episode, request): which bank set the request draws. */
  REQUEST_BANK(5),
  /** Per (episode, request): the feedback uniforms, four per slate position. */
  FEEDBACK(6),
  /** Per (episode, request): the leave draw after the request. */
  LEAVE(7),
  /** Per (episode, request): free for a policy's own randomness (exploration noise). */
  POLICY(8),
  /**
   * Per (episode, request): the exploration policy's draws around the baseline action when the
   * simulator logs for offline learning ({@code dev.mtfengine.mtf.log.SimulationLogger}). Separate
   * from {@link #POLICY} so that a randomised baseline policy and the exploration noise never share
   * draws, and adding exploration shifts no other stream.
   */
  EXPLORATION(9);

  private final long tag;

  StreamPurpose(long tag) {
    this.tag = tag;
  }

  /** The fixed tag mixed into the stream seed. */
  public long tag() {
    return tag;
  }
}
