package dev.mtfengine.mtf.fusion;

/**
 * A fusion formula together with the map from normalised actions to its raw parameters: turns one
 * request's action and candidate heads into a slate.
 *
 * @param formula the fusion family
 * @param actionMap maps a in [-1, 1]^K to the formula's K raw parameters
 */
public record FusionRanker(FusionFormula formula, ActionMap actionMap) {

  public FusionRanker {
    if (formula.parameterCount() != actionMap.dimension()) {
      throw new IllegalArgumentException(
          "FusionRanker: formula " + formula.name() + " has " + formula.parameterCount()
              + " parameters " + formula.parameterNames() + " but the action map has "
              + actionMap.dimension() + " dimensions");
    }
  }

  /** K, the dimension of the normalised action. */
  public int actionDimension() {
    return actionMap.dimension();
  }

  /**
   * The action that ranks every candidate set as {@code action} does, with its scale-invariant
   * weights ({@link FusionFormula#scaleInvariantParameters()}) multiplied by the one factor that puts
   * the largest of them at normalised value {@code largest}.
   *
   * <ul>
   *   <li>Affine weights need raw lower bound 0, so that {@code raw_j = (a_j + 1) / 2 upper_j} and
   *       scaling raw scales {@code a_j + 1}: {@code a'_j = (a_j + 1) c - 1}, {@code c = (largest +
   *       1) / max_j (a_j + 1)}. Exact.
   *   <li>Multiplicative weights (all with the same decades) shift: {@code a'_j = a_j + largest -
   *       max_j a_j}. Exact unless a weight is pushed below the floor (a'_j clamped at -1), which
   *       only happens when the largest weight moves down.
   * </ul>
   *
   * <p>Why: a policy can drift along this flat direction (CMA-ES does) into a region where a fixed
   * exploration box is not a moderate change of every weight (near-zero affine weights) or does not
   * fit inside [-1, 1] (multiplicative weights at the edge); the rescaled action is the same policy
   * where the box is.
   *
   * @param action not modified; length K, entries in [-1, 1]
   * @param largest in (-1, 1]
   * @return a new action; a copy of {@code action} if every affine scale-invariant weight is zero
   */
  public double[] withLargestWeightAt(double[] action, double largest) {
    actionMap.checkAction(action);
    if (!(largest > -1 && largest <= 1)) {
      throw new IllegalArgumentException(
          "FusionRanker.withLargestWeightAt: largest = " + largest + " must lie in (-1, 1]");
    }
    int[] weights = formula.scaleInvariantParameters();
    double[] lower = actionMap.lower();
    double[] decades = actionMap.decades();
    double[] out = action.clone();
    if (weights.length == 0) {
      return out;
    }
    boolean multiplicative = decades[weights[0]] > 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int j : weights) {
      if (decades[j] != decades[weights[0]]) {
        throw new IllegalArgumentException("FusionRanker.withLargestWeightAt: " + formula.name()
            + " parameters " + formula.parameterNames().get(weights[0]) + " and "
            + formula.parameterNames().get(j) + " have different maps (decades " + decades[weights[0]]
            + " and " + decades[j] + "); one factor cannot rescale both");
      }
      if (!multiplicative && lower[j] != 0) {
        throw new IllegalArgumentException("FusionRanker.withLargestWeightAt: " + formula.name()
            + " parameter " + formula.parameterNames().get(j) + " has raw lower bound " + lower[j]
            + "; rescaling keeps the ranking only when the scale-invariant weights start at 0");
      }
      max = Math.max(max, multiplicative ? action[j] : action[j] + 1);
    }
    if (multiplicative) {
      for (int j : weights) {
        out[j] = Math.max(-1.0, Math.min(1.0, action[j] + (largest - max)));
      }
      return out;
    }
    if (max == 0) {
      return out;
    }
    double c = (largest + 1) / max;
    for (int j : weights) {
      out[j] = Math.min(1.0, (action[j] + 1) * c - 1); // min: rounding at the largest weight
    }
    return out;
  }

  /**
   * The slate for one request: raw = actionMap(action), scores = formula(heads; raw), top-L with
   * the index tie-break.
   *
   * @param action not modified; length K, entries in [-1, 1]
   * @param heads not modified; shape [n, m] row-major
   * @return candidate indices, best first
   */
  public int[] slate(double[] action, double[] heads, int n, int slateSize) {
    double[] raw = actionMap.toRaw(action);
    double[] scores = formula.scoreAll(heads, n, raw);
    return TopL.select(scores, n, slateSize);
  }
}
