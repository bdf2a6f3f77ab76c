package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.ops.Ops;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The tanh-squashed Gaussian policy of SAC (arXiv:1801.01290, appendix C): one MLP maps a state to
 * the mean {@code mu(s)} and log standard deviation {@code log sigma(s)} of a Gaussian over
 * pre-squash actions {@code u}; the action is {@code a = tanh(u)}, so it lies in the normalised box
 * {@code (-1, 1)^A} (spec section 2). The deterministic policy used for evaluation and serving is
 * {@code tanh(mu(s))}.
 *
 * <p>The log standard deviation is clamped to {@code [logStdMin, logStdMax]}: a tiny sigma makes
 * the log-density explode, a huge one makes every action equally likely; the clamp has zero
 * gradient outside the interval, as in the reference implementations.
 */
public final class GaussianActor {
  private final Mlp mlp;
  private final int actionDim;
  private final double logStdMin;
  private final double logStdMax;

  /** A reparameterised draw and its log-density under the policy. */
  public record Sample(Tensor action, Tensor logProb) {}

  /**
   * @param stateDim S
   * @param actionDim A
   * @param hidden hidden layer widths (ReLU)
   * @param logStdMin lower clamp of log sigma (e.g. -20 in SAC's code, -5 in IQL's)
   * @param logStdMax upper clamp of log sigma (2 in both)
   */
  public GaussianActor(int stateDim, int actionDim, List<Integer> hidden, double logStdMin, double logStdMax) {
    if (!(logStdMin < logStdMax)) {
      throw new IllegalArgumentException("GaussianActor: need logStdMin < logStdMax, got " + logStdMin + " and " + logStdMax);
    }
    // One head of width 2A: columns [0, A) are mu, columns [A, 2A) are log sigma.
    this.mlp = new Mlp(stateDim, hidden, 2 * actionDim, Activation.RELU, Activation.IDENTITY);
    this.actionDim = actionDim;
    this.logStdMin = logStdMin;
    this.logStdMax = logStdMax;
  }

  /** Fresh parameters with PyTorch's default Linear initialisation. */
  public Params init(RandomGenerator rng, DType dtype) {
    return mlp.init(rng, dtype);
  }

  public int actionDim() {
    return actionDim;
  }

  /** {@code (mu(s), log sigma(s))}, each [B, A], log sigma clamped. */
  private Tensor[] meanAndLogStd(Params params, Tensor state) {
    Tensor head = mlp.forward(params, state);                                        // [B, 2A]
    Tensor mean = Ops.slice(head, 0, actionDim);                                     // mu          [B, A]
    Tensor logStd = Ops.clamp(Ops.slice(head, actionDim, 2 * actionDim), logStdMin, logStdMax); // [B, A]
    return new Tensor[] {mean, logStd};
  }

  /**
   * Reparameterised sample {@code a = tanh(mu + sigma eps)}, {@code eps ~ N(0, I)} drawn from
   * {@code noise} (row-major, B x A draws), so the gradient flows through mu and sigma. Its
   * log-density with the change of variables {@code log pi(a|s) = log N(u; mu, sigma^2) - sum_j
   * ln(1 - tanh(u_j)^2)} (arXiv:1801.01290, eq. 21).
   *
   * @return action [B, A] and log pi(a|s) [B, 1]
   */
  public Sample sample(Params params, Tensor state, RandomGenerator noise) {
    Tensor[] ms = meanAndLogStd(params, state);
    return sampleAt(ms[0], ms[1], noise);
  }

  /**
   * {@code k} samples per state, laid out as {@link #sample} of {@link Composites#tileRows
   * tileRows(state, k)} would draw them (row {@code j B + i} from state i; the same noise, the same
   * bits: a network's row depends only on its own input), with the network run once per state, not
   * k times (issue 12).
   *
   * @return action [k B, A] and log pi(a|s) [k B, 1]
   */
  public Sample sampleRepeated(Params params, Tensor state, int k, RandomGenerator noise) {
    Tensor[] ms = meanAndLogStd(params, state);                                      // [B, A] each
    return sampleAt(Composites.tileRows(ms[0], k), Composites.tileRows(ms[1], k), noise);
  }

  /** The reparameterised sample and its log-density at {@code mean}, {@code logStd} [N, A] each. */
  private Sample sampleAt(Tensor mean, Tensor logStd, RandomGenerator noise) {
    int n = mean.dim(0);
    Tensor eps = Tensor.randn(noise, mean.dtype(), n, actionDim);                    // [N, A]
    Tensor u = Ops.add(mean, Ops.mul(Ops.exp(logStd), eps));                         // pre-squash  [N, A]
    Tensor logProb = Ops.sub(Composites.gaussianLogDensitySum(u, mean, logStd),
        Composites.tanhSquashCorrection(u));                                         //             [N]
    return new Sample(Ops.tanh(u), Ops.reshape(logProb, n, 1));
  }

  /** The deterministic policy {@code tanh(mu(s))}: state [B, S] to action [B, A]. */
  public Tensor act(Params params, Tensor state) {
    return Ops.tanh(meanAndLogStd(params, state)[0]);
  }

  /**
   * {@code log N(a; tanh(mu(s)), sigma(s)^2)} summed over the action dimensions, [B, 1]: the
   * likelihood of logged actions under a Gaussian centred on the squashed mean, as IQL's authors use
   * for advantage-weighted regression (their policy does not squash the sample; logged actions on
   * the box edge {@code +-1} would have an infinite {@code atanh}).
   *
   * @param action logged actions [B, A]
   */
  public Tensor logDensityAroundSquashedMean(Params params, Tensor state, Tensor action) {
    Tensor[] ms = meanAndLogStd(params, state);
    Tensor logDensity = Composites.gaussianLogDensitySum(action, Ops.tanh(ms[0]), ms[1]); // [B]
    return Ops.reshape(logDensity, state.dim(0), 1);
  }

  public Mlp mlp() {
    return mlp;
  }
}
