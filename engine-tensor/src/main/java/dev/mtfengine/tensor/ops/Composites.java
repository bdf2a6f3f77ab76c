package dev.mtfengine.tensor.ops;

import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;

/**
 * Composite operations of the learning math, built only from {@link Ops} calls: they have no
 * gradient code of their own, their gradients are those of the primitives they are made of (see
 * {@code docs/gradients.md}). Inputs are never modified. Any dtype; all operands of one call share
 * it.
 */
public final class Composites {
  private Composites() {}

  private static final double LOG_2 = Math.log(2.0);

  /** {@code 0.5 ln(2 pi)}, the normaliser of the standard normal log-density. */
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2.0 * Math.PI);

  /**
   * {@code x} [B, F] stacked {@code k} times along the rows: [k B, F], row {@code j B + i} is row i
   * of x (how the learners lay out k sampled actions per state). Its gradient sums the k copies.
   */
  public static Tensor tileRows(Tensor x, int k) {
    if (x.rank() != 2) {
      throw new TensorShapeException("tileRows: needs a [B, F] tensor, got " + x.shape());
    }
    return Ops.reshape(Ops.broadcastEnsemble(x, k), k * x.dim(0), x.dim(1));
  }

  /**
   * Mean squared error {@code (1/N) sum_i (pred_i - target_i)^2} over all {@code N} elements.
   *
   * @param pred predictions, any shape (not modified)
   * @param target targets, the same shape (not modified)
   * @return a rank-0 tensor
   */
  public static Tensor mse(Tensor pred, Tensor target) {
    if (!pred.shape().equals(target.shape())) {
      throw new TensorShapeException(
          "mse: shapes differ: " + pred.shape() + " and " + target.shape());
    }
    return Ops.mean(Ops.square(Ops.sub(pred, target)));
  }

  /**
   * Population standard deviation along {@code axis}: {@code sqrt(mean((x - mean(x))^2))}, the
   * axis removed. Same as {@link #std(Tensor, int, double)} with {@code eps = 0}: the gradient is
   * NaN where the values along the axis are all equal (sqrt has an infinite slope at 0).
   *
   * @param x input of rank >= 1 (not modified)
   * @param axis the reduced axis, negative counting from the end
   */
  public static Tensor std(Tensor x, int axis) {
    return std(x, axis, 0.0);
  }

  /**
   * {@code sqrt(mean((x - mean(x))^2) + eps)} along {@code axis}, the axis removed. The gradient of
   * {@code sqrt} at 0 is infinite; multiplied by the zero gradient of the variance of a constant
   * row it gives NaN, so pass {@code eps > 0} (e.g. 1e-8) when rows may be constant. The value then
   * exceeds the standard deviation by about {@code eps / (2 std)}.
   *
   * @param x input of rank >= 1 (not modified)
   * @param axis the reduced axis, negative counting from the end
   * @param eps added to the variance, {@code >= 0}
   */
  public static Tensor std(Tensor x, int axis, double eps) {
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("std: eps " + eps + " must be >= 0");
    }
    Shape kept = x.shape().with(axis, 1);
    Tensor centred = Ops.sub(x, Ops.reshape(Ops.mean(x, axis), kept));
    Tensor variance = Ops.mean(Ops.square(centred), axis);
    return Ops.sqrt(eps == 0 ? variance : Ops.add(variance, eps));
  }

  /**
   * Log-density of a diagonal Gaussian, per element:
   *
   * <pre>
   *   log N(x; mean, exp(logStd)^2) = -0.5 ((x - mean) exp(-logStd))^2 - logStd - 0.5 ln(2 pi)
   * </pre>
   *
   * <p>The three operands broadcast together (e.g. x {@code [B, A]}, mean {@code [B, A]}, logStd
   * {@code [A]}); the result has the broadcast shape.
   */
  public static Tensor gaussianLogDensity(Tensor x, Tensor mean, Tensor logStd) {
    Tensor z = Ops.mul(Ops.sub(x, mean), Ops.exp(Ops.neg(logStd)));
    return Ops.sub(Ops.sub(Ops.mul(Ops.square(z), -0.5), logStd), HALF_LOG_2PI);
  }

  /**
   * Log-density of a diagonal Gaussian over the last axis, as a policy's {@code log mu(u | s)} in
   * SAC (arXiv:1801.01290, appendix C): {@link #gaussianLogDensity} summed over the last axis, e.g.
   * {@code [B, A] -> [B]}.
   */
  public static Tensor gaussianLogDensitySum(Tensor x, Tensor mean, Tensor logStd) {
    return Ops.sum(gaussianLogDensity(x, mean, logStd), -1);
  }

  /**
   * SAC's tanh-squash correction (arXiv:1801.01290, eq. 21): {@code sum_j ln(1 - tanh(u_j)^2)} over
   * the last axis, e.g. {@code [B, A] -> [B]}, so that {@code log pi(a|s) = log mu(u|s) -
   * tanhSquashCorrection(u)} for {@code a = tanh(u)}. Computed as the identity
   *
   * <pre>
   *   ln(1 - tanh(u)^2) = 2 (ln 2 - u - softplus(-2u))
   * </pre>
   *
   * <p>which stays finite where {@code tanh(u)^2} rounds to 1 (|u| beyond about 9 in F32, 19 in
   * F64) and has exact gradients there.
   *
   * @param u pre-squash actions, rank >= 1 (not modified)
   */
  public static Tensor tanhSquashCorrection(Tensor u) {
    Tensor perElement =
        Ops.mul(Ops.sub(Ops.sub(LOG_2, u), Ops.softplus(Ops.mul(u, -2.0))), 2.0);
    return Ops.sum(perElement, -1);
  }

  /**
   * {@code ln sum_i exp(x_i)} along {@code axis} (removed), e.g. CQL's soft maximum of Q over
   * sampled actions (arXiv:2006.04779, eq. 4). Evaluated as {@code m + ln sum_i exp(x_i - m)} with
   * {@code m = max(x)} held constant by {@link Ops#stopGradient}: no overflow, and the gradient is
   * exactly the softmax of {@code x} (the value does not depend on {@code m}, so no gradient needs
   * to flow through it, and ties in the max are harmless). Rows that are all {@code -inf} give NaN.
   *
   * @param x input of rank >= 1 (not modified)
   * @param axis the reduced axis, negative counting from the end
   */
  public static Tensor logSumExp(Tensor x, int axis) {
    Tensor m = Ops.stopGradient(Ops.max(x, axis));
    Tensor shifted = Ops.sub(x, Ops.reshape(m, x.shape().with(axis, 1)));
    return Ops.add(m, Ops.log(Ops.sum(Ops.exp(shifted), axis)));
  }
}
