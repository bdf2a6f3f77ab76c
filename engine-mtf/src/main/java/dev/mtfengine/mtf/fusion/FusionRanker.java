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
