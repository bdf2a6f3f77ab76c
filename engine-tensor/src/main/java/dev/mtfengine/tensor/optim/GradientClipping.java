package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;

/**
 * Gradient clipping by global norm (Pascanu, Mikolov and Bengio, 2013; PyTorch's {@code
 * clip_grad_norm_}): with {@code ||g|| = sqrt(sum over all parameters and elements of g^2)}, every
 * gradient is scaled by {@code maxNorm / ||g||} when {@code ||g|| > maxNorm} and left alone
 * otherwise, so the direction of the full gradient is kept.
 *
 * <p>The norm is accumulated in double in the parameters' order, so it is deterministic and does
 * not overflow for F32 gradients. Deviation from PyTorch: no {@code 1e-6} is added to the norm in
 * the scale, so a clipped gradient has norm {@code maxNorm} up to rounding; a non-finite norm is an
 * error (naming the first offending parameter) rather than silently producing NaNs.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * The result of a clip.
   *
   * @param gradients the gradients after clipping (the input itself when not clipped)
   * @param globalNorm the global L2 norm before clipping
   */
  public record Clipped(Params gradients, double globalNorm) {
    /** True when the gradients were scaled down. */
    public boolean wasClipped(double maxNorm) {
      return globalNorm > maxNorm;
    }
  }

  /** Scales {@code grads} so that their global L2 norm is at most {@code maxNorm} (> 0). */
  public static Clipped clipByGlobalNorm(Params grads, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException(
          "clipByGlobalNorm: maxNorm must be finite and > 0, got " + maxNorm);
    }
    double norm = globalNorm(grads);
    if (norm <= maxNorm) {
      return new Clipped(grads, norm);
    }
    double scale = maxNorm / norm;
    return new Clipped(grads.map(g -> Ops.mul(g.detach(), scale)), norm);
  }

  /** {@code sqrt(sum of squares)} over every element of every tensor, accumulated in double. */
  public static double globalNorm(Params grads) {
    double sumOfSquares = 0;
    for (String name : grads.names()) {
      Tensor g = grads.get(name);
      double s = 0;
      for (int i = 0; i < g.size(); i++) {
        double x = g.getDouble(i);
        s += x * x;
      }
      if (!Double.isFinite(s)) {
        throw new IllegalArgumentException(
            "clipByGlobalNorm: gradient '" + name + "' " + g.shape()
                + (g.firstNonFinite() >= 0
                    ? " has a non-finite element at " + g.firstNonFinite()
                    : " has a sum of squares that overflows double"));
      }
      sumOfSquares += s;
    }
    return Math.sqrt(sumOfSquares);
  }
}
