package dev.mtfengine.mtf.sim;

/**
 * The result of value iteration over the action grid.
 *
 * @param value V*(u, s) and J*
 * @param actionIndex the greedy (argmax) grid action per (u, s), shape [U][S]; ties go to the
 *     lowest index
 * @param iterations sweeps performed
 * @param residual the last sweep's max |V_{n+1} - V_n|
 */
public record OptimalSolution(
    PolicyValue value, int[][] actionIndex, int iterations, double residual) {

  /** The number of distinct optimal actions across satisfaction levels for type u. */
  public int distinctActions(int u) {
    return (int) java.util.Arrays.stream(actionIndex[u]).distinct().count();
  }
}
