package dev.mtfengine.rl.ope;

/**
 * One logged session {@code (s_0, a_0, r_0), ..., (s_{T-1}, a_{T-1}, r_{T-1})} with the behaviour
 * density {@code mu(a_t | s_t)} of every logged action: the unit that off-policy estimators weight
 * and that the bootstrap resamples.
 *
 * <p>Validated on construction: at least one step, equal lengths, one state width and one action
 * width throughout, finite states, actions and rewards, behaviour densities {@code > 0} (NaN counts
 * as missing). A density of {@code +Infinity} (a deterministic logger) is accepted here, because
 * the direct method and FQE do not need densities; importance weighting rejects it ({@link
 * WeightedEpisodes}). The arrays are copied on construction; the accessors return the stored arrays
 * without copying (estimators read every step), so callers must not modify them.
 *
 * @param id the session id (the transition set's episode id)
 * @param states s_t, [T][S]
 * @param actions a_t, [T][A]
 * @param rewards r_t, [T]
 * @param behaviourDensities mu(a_t | s_t), [T], with respect to the measure of {@link
 *     dev.mtfengine.rl.explore.ExplorationPolicy}
 * @param terminated whether the session ended after its last step (false: truncated by the log)
 */
public record Episode(
    long id, float[][] states, float[][] actions, double[] rewards, double[] behaviourDensities, boolean terminated) {

  public Episode {
    String at = "episode " + id;
    if (states == null || actions == null || rewards == null || behaviourDensities == null) {
      throw new IllegalArgumentException(at + ": states, actions, rewards and behaviour densities are all required");
    }
    int steps = states.length;
    if (steps == 0) {
      throw new IllegalArgumentException(at + ": has no steps");
    }
    if (actions.length != steps || rewards.length != steps || behaviourDensities.length != steps) {
      throw new IllegalArgumentException(at + ": lengths differ: " + steps + " states, " + actions.length
          + " actions, " + rewards.length + " rewards, " + behaviourDensities.length + " behaviour densities");
    }
    states = copyRows(at, "state", states, states[0] == null ? 0 : states[0].length);
    actions = copyRows(at, "action", actions, actions[0] == null ? 0 : actions[0].length);
    rewards = rewards.clone();
    behaviourDensities = behaviourDensities.clone();
    for (int t = 0; t < steps; t++) {
      if (!Double.isFinite(rewards[t])) {
        throw new IllegalArgumentException(at + ", step " + t + ": reward is " + rewards[t] + "; rewards must be finite");
      }
      double mu = behaviourDensities[t];
      if (Double.isNaN(mu)) {
        throw new IllegalArgumentException(at + ", step " + t + ": behaviour density is missing (NaN)");
      }
      if (!(mu > 0)) {
        throw new IllegalArgumentException(at + ", step " + t + ": behaviour density is " + mu
            + "; the logged action must have positive density under the logging policy");
      }
    }
  }

  private static float[][] copyRows(String at, String field, float[][] rows, int width) {
    if (width == 0) {
      throw new IllegalArgumentException(at + ", step 0: " + field + " has no values");
    }
    float[][] copy = new float[rows.length][];
    for (int t = 0; t < rows.length; t++) {
      float[] row = rows[t];
      if (row == null || row.length != width) {
        throw new IllegalArgumentException(at + ", step " + t + ": " + field + " has "
            + (row == null ? "no values" : row.length + " values") + ", step 0 has " + width);
      }
      for (int j = 0; j < width; j++) {
        if (!Float.isFinite(row[j])) {
          throw new IllegalArgumentException(at + ", step " + t + ": " + field + "[" + j + "] is " + row[j]);
        }
      }
      copy[t] = row.clone();
    }
    return copy;
  }

  /** T, the number of logged steps. */
  public int length() {
    return rewards.length;
  }
}
