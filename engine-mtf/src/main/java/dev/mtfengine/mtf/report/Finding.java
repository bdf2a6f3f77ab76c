package dev.mtfengine.mtf.report;

import java.util.List;

/**
 * One of the paper's findings, judged on J / J* from paired per-seed differences.
 *
 * @param number 1, 2 or 3, as in the paper
 * @param claim what the paper claims
 * @param comparisons one per pair of methods the claim covers (pairs with a missing method are
 *     left out)
 * @param verdict "holds" if every comparison holds, "holds, not significant" if every mean
 *     difference is positive but not all are significant, "does not hold" if any is not positive,
 *     "not measured" without comparisons
 */
public record Finding(int number, String claim, List<Comparison> comparisons, String verdict) {
  public static final String NOT_MEASURED = "not measured";

  public Finding {
    comparisons = List.copyOf(comparisons);
  }

  /** {@code better} minus {@code worse} (method ids). */
  public record Comparison(String better, String worse, PairedDifference difference) {}

  public static Finding of(int number, String claim, List<Comparison> comparisons) {
    String verdict = comparisons.isEmpty() ? NOT_MEASURED : PairedDifference.HOLDS;
    for (Comparison c : comparisons) {
      String v = c.difference().verdict();
      if (v.equals(PairedDifference.DOES_NOT_HOLD)) {
        verdict = v;
        break;
      }
      if (v.equals(PairedDifference.NOT_SIGNIFICANT)) {
        verdict = v;
      }
    }
    return new Finding(number, claim, comparisons, verdict);
  }
}
