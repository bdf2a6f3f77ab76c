package dev.mtfengine.mtf.fusion;

import java.util.List;

/**
 * A fusion formula: {@code score = f(p_1..p_m; theta)} for one candidate, where {@code p} are the m
 * head predictions (click, long view, like, share, ...) and {@code theta} the raw parameters the
 * action is mapped to. Only the ranking of scores within one request matters.
 *
 * <p>Candidate heads are passed row-major: {@code heads[i * headCount() + k]} is head k of
 * candidate i (shape [n, m]).
 */
public interface FusionFormula {

  /** A short name of the family, e.g. {@code "log-linear"}. */
  String name();

  /** m, the number of head predictions per candidate. */
  int headCount();

  /**
   * The heads' names in the order {@link #score} takes them (e.g. click, long_view, like, share):
   * logged predictions are matched to them by name, never by position.
   */
  List<String> headNames();

  /** The number of raw parameters (the action dimension K). */
  int parameterCount();

  /** One name per raw parameter, e.g. {@code "alpha_click"}; used in error messages and logs. */
  List<String> parameterNames();

  /**
   * The raw parameters a common positive factor may multiply without changing the ranking of any
   * candidate set (scores are positively homogeneous in them, or a monotone transform of such
   * scores). Log-linear and linear: every weight; power/bias product: the powers. Default: none.
   */
  default int[] scaleInvariantParameters() {
    return new int[0];
  }

  /**
   * The score of candidate {@code candidate} (heads at {@code heads[candidate * m .. + m)}).
   * Internal hot path: the caller guarantees lengths ({@link #scoreAll} validates).
   */
  double score(double[] heads, int candidate, double[] parameters);

  /**
   * Scores all {@code n} candidates. Validates shapes and rejects a NaN score (which would make the
   * ranking undefined) naming the candidate.
   *
   * @param heads not modified; shape [n, m] row-major
   * @param parameters not modified; length {@link #parameterCount()}
   * @return a new array of n scores
   */
  default double[] scoreAll(double[] heads, int n, double[] parameters) {
    checkShapes(heads, n, parameters);
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = score(heads, i, parameters);
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException(
            name() + ".scoreAll: score of candidate " + i + " is NaN (check heads and parameters)");
      }
    }
    return scores;
  }

  /**
   * Prepares a fixed candidate set for scoring under many parameter vectors. Families whose score
   * is linear in a fixed transform of the heads (log-linear: {@code ln(p + beta)}) cache the
   * transform here, which makes exact evaluation over an action grid cheap.
   *
   * @param heads not modified, and not copied: the caller must not change it while the result is
   *     in use
   */
  default PreparedCandidates prepare(double[] heads, int n) {
    checkShapes(heads, n, new double[parameterCount()]);
    return (parameters, scores) -> {
      for (int i = 0; i < n; i++) {
        scores[i] = score(heads, i, parameters);
      }
    };
  }

  /** Throws a clear {@link IllegalArgumentException} if the arrays do not fit this formula. */
  default void checkShapes(double[] heads, int n, double[] parameters) {
    if (n < 0 || heads.length != n * headCount()) {
      throw new IllegalArgumentException(
          name() + ": heads has length " + heads.length + ", expected n * m = " + n + " * "
              + headCount());
    }
    if (parameters.length != parameterCount()) {
      throw new IllegalArgumentException(
          name() + ": parameters has length " + parameters.length + ", expected "
              + parameterCount() + " " + parameterNames());
    }
  }

  /** A candidate set prepared by {@link #prepare}; scores it for one parameter vector. */
  @FunctionalInterface
  interface PreparedCandidates {
    /**
     * Writes the n scores into {@code scores} (modified; length >= n). {@code parameters} is not
     * modified and must have length {@link #parameterCount()}.
     */
    void scores(double[] parameters, double[] scores);
  }
}
