package dev.mtfengine.mtf.serve;

import java.util.Arrays;

/**
 * What {@link FusionPolicy#decide} returns for one request: the policy's normalised action, the
 * fusion formula's raw parameters it maps to, each candidate's fused score, and every candidate
 * index ranked by fused score (best first, ties by lower index, the {@link
 * dev.mtfengine.mtf.fusion.TopL} order).
 *
 * <p>Immutable: the arrays are owned by this object and every accessor that returns one returns a
 * copy, so a decision may be handed to other threads. Callers that must not allocate read single
 * entries with {@link #rankedCandidate(int)} and {@link #fusedScore(int)}.
 */
public final class Decision {
  private final double[] action;
  private final double[] rawParameters;
  private final double[] fusedScores;
  private final int[] ranking;

  /** Takes ownership of the arrays (package-private: only {@link FusionPolicy} builds decisions). */
  Decision(double[] action, double[] rawParameters, double[] fusedScores, int[] ranking) {
    this.action = action;
    this.rawParameters = rawParameters;
    this.fusedScores = fusedScores;
    this.ranking = ranking;
  }

  /** The normalised action in [-1, 1]^K (the actor's tanh output). */
  public double[] action() {
    return action.clone();
  }

  /** The formula's K raw parameters (the action map applied to {@link #action()}). */
  public double[] rawParameters() {
    return rawParameters.clone();
  }

  /** The fused score of every candidate, in request order. */
  public double[] fusedScores() {
    return fusedScores.clone();
  }

  /** Every candidate index, best fused score first, ties by lower index. */
  public int[] ranking() {
    return ranking.clone();
  }

  /** The number of candidates in the request. */
  public int candidateCount() {
    return ranking.length;
  }

  /** The candidate index at {@code position} of the ranking (0 = best). */
  public int rankedCandidate(int position) {
    return ranking[position];
  }

  /** The fused score of candidate {@code candidate} (request order). */
  public double fusedScore(int candidate) {
    return fusedScores[candidate];
  }

  /**
   * The first {@code slateSize} entries of the ranking: the same indices, in the same order, as
   * {@link dev.mtfengine.mtf.fusion.TopL#select} on {@link #fusedScores()}.
   *
   * @throws IllegalArgumentException for slateSize outside [1, candidateCount()]
   */
  public int[] topL(int slateSize) {
    if (slateSize < 1 || slateSize > ranking.length) {
      throw new IllegalArgumentException(
          "Decision.topL: slate size " + slateSize + " must be in [1, " + ranking.length
              + "] (the number of candidates)");
    }
    return Arrays.copyOf(ranking, slateSize);
  }

  @Override
  public String toString() {
    return "Decision(action=" + Arrays.toString(action) + ", raw=" + Arrays.toString(rawParameters)
        + ", top=" + Arrays.toString(Arrays.copyOf(ranking, Math.min(6, ranking.length))) + ")";
  }
}
