package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Initialisation schemes for a dense layer with weight {@code [fanIn, fanOut]} and bias {@code
 * [fanOut]}. Every draw comes from the {@link RandomGenerator} passed in (no hidden global RNG), in
 * row-major order, weight before bias; values are drawn in double and rounded for F32, so an F32
 * and an F64 initialisation from the same seed hold the same numbers up to rounding.
 *
 * <ul>
 *   <li>{@link #PYTORCH_DEFAULT}: {@code torch.nn.Linear}'s default. Weight by {@code
 *       kaiming_uniform_(a = sqrt(5))}: gain {@code sqrt(2 / (1 + a^2)) = sqrt(1/3)}, bound {@code
 *       gain * sqrt(3 / fanIn) = 1 / sqrt(fanIn)}, so {@code W ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn))};
 *       bias {@code b ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.
 *   <li>{@link #XAVIER_UNIFORM}: Glorot and Bengio (2010), {@code W ~ U(-a, a)} with {@code a =
 *       sqrt(6 / (fanIn + fanOut))}; bias zero.
 *   <li>{@link #XAVIER_NORMAL}: {@code W ~ N(0, std^2)} with {@code std = sqrt(2 / (fanIn +
 *       fanOut))}; bias zero.
 *   <li>{@link #ZEROS}: weight and bias zero (no draws).
 * </ul>
 */
public enum Init {
  /** {@code W, b ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, PyTorch's nn.Linear default. */
  PYTORCH_DEFAULT(
      (rng, dtype, fanIn, fanOut) -> uniform(rng, dtype, linearBound(fanIn), fanIn, fanOut),
      (rng, dtype, fanIn, fanOut) -> uniform(rng, dtype, linearBound(fanIn), fanOut)),
  /** {@code W ~ U(-sqrt(6/(fanIn+fanOut)), +sqrt(6/(fanIn+fanOut)))}, {@code b = 0}. */
  XAVIER_UNIFORM(
      (rng, dtype, fanIn, fanOut) ->
          uniform(rng, dtype, xavierUniformBound(fanIn, fanOut), fanIn, fanOut),
      (rng, dtype, fanIn, fanOut) -> zeros(dtype, fanOut)),
  /** {@code W ~ N(0, 2/(fanIn+fanOut))}, {@code b = 0}. */
  XAVIER_NORMAL(
      (rng, dtype, fanIn, fanOut) ->
          normal(rng, dtype, xavierNormalStd(fanIn, fanOut), fanIn, fanOut),
      (rng, dtype, fanIn, fanOut) -> zeros(dtype, fanOut)),
  /** {@code W = 0}, {@code b = 0}; consumes no random numbers. */
  ZEROS(
      (rng, dtype, fanIn, fanOut) -> zeros(dtype, fanIn, fanOut),
      (rng, dtype, fanIn, fanOut) -> zeros(dtype, fanOut));

  /** How a scheme draws the weight or the bias of a layer with {@code fanIn} and {@code fanOut}. */
  @FunctionalInterface
  private interface Draw {
    Tensor draw(RandomGenerator rng, DType dtype, int fanIn, int fanOut);
  }

  private final Draw weightDraw;
  private final Draw biasDraw;

  Init(Draw weightDraw, Draw biasDraw) {
    this.weightDraw = weightDraw;
    this.biasDraw = biasDraw;
  }

  /** A weight {@code [fanIn, fanOut]} drawn by this scheme from {@code rng}. */
  public Tensor weight(RandomGenerator rng, DType dtype, int fanIn, int fanOut) {
    return weightDraw.draw(rng, dtype, fanIn, fanOut);
  }

  /** A bias {@code [fanOut]} drawn by this scheme from {@code rng}. */
  public Tensor bias(RandomGenerator rng, DType dtype, int fanIn, int fanOut) {
    return biasDraw.draw(rng, dtype, fanIn, fanOut);
  }

  // ------------------------------------------------------------------------- formulas as helpers

  /** {@code 1 / sqrt(fanIn)}: the bound of PyTorch's default Linear weight and bias. */
  public static double linearBound(int fanIn) {
    requirePositive("linearBound", fanIn);
    return 1.0 / Math.sqrt(fanIn);
  }

  /** {@code sqrt(6 / (fanIn + fanOut))}: the Glorot uniform bound. */
  public static double xavierUniformBound(int fanIn, int fanOut) {
    requirePositive("xavierUniformBound", fanIn + fanOut);
    return Math.sqrt(6.0 / (fanIn + fanOut));
  }

  /** {@code sqrt(2 / (fanIn + fanOut))}: the Glorot normal standard deviation. */
  public static double xavierNormalStd(int fanIn, int fanOut) {
    requirePositive("xavierNormalStd", fanIn + fanOut);
    return Math.sqrt(2.0 / (fanIn + fanOut));
  }

  /** Independent draws from {@code U(-bound, bound)} of shape {@code dims}. */
  public static Tensor uniform(RandomGenerator rng, DType dtype, double bound, int... dims) {
    return Tensor.uniform(rng, -bound, bound, dtype, dims);
  }

  /** Independent draws from {@code N(0, std^2)} of shape {@code dims}. */
  public static Tensor normal(RandomGenerator rng, DType dtype, double std, int... dims) {
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("Init.normal: std must be finite and >= 0, got " + std);
    }
    Tensor z = Tensor.randn(rng, DType.F64, dims);
    double[] a = z.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      a[i] *= std; // scale in double, then round once for F32
    }
    return Tensor.of(a, dims).to(dtype);
  }

  /** Zeros of shape {@code dims}. */
  public static Tensor zeros(DType dtype, int... dims) {
    return Tensor.zeros(dtype, dims);
  }

  private static void requirePositive(String what, int fan) {
    if (fan <= 0) {
      throw new IllegalArgumentException("Init." + what + ": fan must be >= 1, got " + fan);
    }
  }
}
