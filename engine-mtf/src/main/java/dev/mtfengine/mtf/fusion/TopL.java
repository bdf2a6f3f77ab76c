package dev.mtfengine.mtf.fusion;

/**
 * Top-L selection: the L highest scores in descending order, ties broken by the lower candidate
 * index. Equivalent to a stable descending sort followed by taking the first L, so the slate is a
 * deterministic function of the scores (the simulator's golden hashes depend on it).
 */
public final class TopL {
  private TopL() {}

  /**
   * The indices of the {@code slateSize} best of the first {@code n} scores.
   *
   * @param scores not modified; no NaN among the first n
   * @return a new array of length slateSize, best first
   * @throws IllegalArgumentException for slateSize outside [1, n], n > scores.length, or a NaN
   *     score (naming the candidate)
   */
  public static int[] select(double[] scores, int n, int slateSize) {
    if (n < 1 || n > scores.length) {
      throw new IllegalArgumentException(
          "TopL.select: n = " + n + " must be in [1, scores.length = " + scores.length + "]");
    }
    if (slateSize < 1 || slateSize > n) {
      throw new IllegalArgumentException(
          "TopL.select: slate size " + slateSize + " must be in [1, n = " + n + "]");
    }
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("TopL.select: score of candidate " + i + " is NaN");
      }
    }
    int[] slate = new int[slateSize];
    selectInto(scores, n, slateSize, slate, new double[slateSize]);
    return slate;
  }

  /**
   * Internal hot path of {@link #select}: no validation. Keeps the best {@code slateSize} seen so
   * far sorted in {@code slate}/{@code bestScores} (both modified, length >= slateSize); a new
   * candidate enters only if strictly better than the current last, and is inserted after every
   * kept candidate with a score >= its own, which is the index tie-break (candidates arrive in
   * index order). O(n L), and L is small (6).
   */
  public static void selectInto(
      double[] scores, int n, int slateSize, int[] slate, double[] bestScores) {
    int filled = 0;
    for (int i = 0; i < n; i++) {
      double s = scores[i];
      if (filled == slateSize && !(s > bestScores[slateSize - 1])) {
        continue;
      }
      int pos = filled < slateSize ? filled : slateSize - 1;
      // shift worse entries down; stop at the first kept score >= s (ties stay ahead)
      while (pos > 0 && bestScores[pos - 1] < s) {
        if (pos < slateSize) {
          bestScores[pos] = bestScores[pos - 1];
          slate[pos] = slate[pos - 1];
        }
        pos--;
      }
      bestScores[pos] = s;
      slate[pos] = i;
      if (filled < slateSize) {
        filled++;
      }
    }
  }
}
