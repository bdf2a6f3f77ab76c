package dev.mtfengine.rl.algo;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;

/**
 * The boundary penalty of IntegratedRL-MTF (arXiv:2404.17589, Eq. 5), which keeps the learned
 * policy inside the box that exploration visited: {@code [mu_bp,j + lower_b, mu_bp,j + upper_b]}
 * per action dimension j. A composite of primitives; no gradient code.
 */
public final class BoxPenalty {
  private BoxPenalty() {}

  /**
   * Eq. 5 summed over dimensions (spec decision: d(a) is the sum): per dimension 0 inside the box,
   * {@code exp((a_j - (mu_j + upper_b)) / (beta (upper_b - lower_b)))} above it and {@code
   * exp(((mu_j + lower_b) - a_j) / (beta (upper_b - lower_b)))} below it. The penalty jumps from 0
   * to 1 at the box edge, as the paper writes it, and grows exponentially beyond.
   *
   * @param action a, [B, A]
   * @param baseline mu_bp(s), [B, A]
   * @return d(a, mu_bp), [B, 1]
   */
  @PaperEquation(paper = "arXiv:2404.17589", eq = "5")
  public static Tensor penalty(Tensor action, Tensor baseline, double lowerB, double upperB, double beta) {
    double scale = beta * (upperB - lowerB);
    Tensor above = Ops.sub(action, Ops.add(baseline, upperB)); // > 0 above the box
    Tensor below = Ops.sub(Ops.add(baseline, lowerB), action); // > 0 below the box
    Tensor zero = Tensor.zeros(action.dtype(), action.shape());
    Tensor aboveMask = outside(above);
    Tensor belowMask = outside(below);
    // Masked exponent arguments: 0 where unused, so exp never overflows on the other side.
    Tensor upper = Ops.select(aboveMask, Ops.exp(Ops.div(Ops.select(aboveMask, above, zero), scale)), zero);
    Tensor lower = Ops.select(belowMask, Ops.exp(Ops.div(Ops.select(belowMask, below, zero), scale)), zero);
    return Ops.sum(Ops.reshape(Ops.add(upper, lower), action.dim(0), 1, action.dim(1)), -1);
  }

  /**
   * UnifiedRL's (v6) soft target factor: {@code phi = 1} inside the box and {@code exp(-overshoot
   * / (beta (upper_b - lower_b)))} outside, the overshoot being summed over dimensions (spec
   * decision).
   *
   * @return phi, [B, 1]
   */
  @PaperEquation(paper = "arXiv:2404.17589v6", eq = "phi (soft box factor of the critic target)")
  public static Tensor phi(Tensor action, Tensor baseline, double lowerB, double upperB, double beta) {
    double scale = beta * (upperB - lowerB);
    Tensor above = Ops.relu(Ops.sub(action, Ops.add(baseline, upperB)));
    Tensor below = Ops.relu(Ops.sub(Ops.add(baseline, lowerB), action));
    Tensor overshoot = Ops.sum(Ops.reshape(Ops.add(above, below), action.dim(0), 1, action.dim(1)), -1);
    return Ops.exp(Ops.div(Ops.neg(overshoot), scale));
  }

  /** 1 where {@code x > 0}, else 0; a constant mask (no gradient flows through masks). */
  private static Tensor outside(Tensor x) {
    double[] v = x.toDoubleArray();
    double[] m = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      m[i] = v[i] > 0 ? 1 : 0;
    }
    return Tensor.of(m, x.shape().dims()).to(x.dtype());
  }
}
