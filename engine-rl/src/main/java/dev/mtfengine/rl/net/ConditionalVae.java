package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The state-conditional variational auto-encoder {@code G_omega(s)} of BCQ (Fujimoto, Meger, Precup,
 * arXiv 1812.02900): a generative model of the logged actions, so a learner can propose actions
 * that look like the data at a given state.
 *
 * <ul>
 *   <li>Encoder {@code E(s, a) -> (mu, log sigma)} of the latent z, one MLP with ReLU hidden layers
 *       whose linear output row {@code [2 L]} is split into mean and log-std (two heads on one
 *       trunk); log sigma is clamped to {@code [logStdMin, logStdMax]} so exp stays finite.
 *   <li>Decoder {@code D(s, z) -> a}, an MLP with a tanh output so decoded actions lie in the
 *       normalised box {@code [-1, 1]^A}.
 *   <li>Sampling from the prior: {@code z ~ N(0, I)} clipped to {@code [-c, c]} (c = 0.5 in BCQ), which
 *       keeps generated actions near the modes of the data rather than in its tails.
 * </ul>
 *
 * <p>Parameters are one {@link Params} with names prefixed {@code "encoder."} and {@code
 * "decoder."}, so one optimiser and one checkpoint entry cover the whole model.
 */
public final class ConditionalVae {
  private static final String ENCODER = "encoder.";
  private static final String DECODER = "decoder.";

  private final int stateDim;
  private final int actionDim;
  private final int latentDim;
  private final double logStdMin;
  private final double logStdMax;
  private final Mlp encoder;
  private final Mlp decoder;

  /** The encoder's output for a batch: both [B, L]. */
  public record Encoding(Tensor mean, Tensor logStd) {}

  /** A reconstruction pass: the decoded action [B, A] and the encoding it came from. */
  public record Reconstruction(Tensor action, Encoding encoding) {}

  /**
   * @param latentDim L (BCQ: 2 A)
   * @param logStdMin lower clamp of the encoder's log sigma (BCQ's code: -4)
   * @param logStdMax upper clamp of the encoder's log sigma (BCQ's code: 15)
   */
  public ConditionalVae(int stateDim, int actionDim, int latentDim, List<Integer> hidden, double logStdMin, double logStdMax) {
    if (latentDim < 1) {
      throw new IllegalArgumentException("conditional VAE: latentDim must be >= 1, got " + latentDim);
    }
    if (!(logStdMin < logStdMax)) {
      throw new IllegalArgumentException("conditional VAE: need logStdMin < logStdMax, got " + logStdMin + " and " + logStdMax);
    }
    this.stateDim = stateDim;
    this.actionDim = actionDim;
    this.latentDim = latentDim;
    this.logStdMin = logStdMin;
    this.logStdMax = logStdMax;
    this.encoder = new Mlp(stateDim + actionDim, hidden, 2 * latentDim, Activation.RELU, Activation.IDENTITY);
    this.decoder = new Mlp(stateDim + latentDim, hidden, actionDim, Activation.RELU, Activation.TANH);
  }

  /** Fresh parameters (PyTorch's default Linear initialisation), encoder first. */
  public Params init(RandomGenerator rng, DType dtype) {
    return encoder.init(rng, dtype).withPrefix(ENCODER).concat(decoder.init(rng, dtype).withPrefix(DECODER));
  }

  public int latentDim() {
    return latentDim;
  }

  /** {@code E(s, a)}: state [B, S], action [B, A] to mean and clamped log-std of z, each [B, L]. */
  public Encoding encode(Params params, Tensor state, Tensor action) {
    Tensor out = encoder.forward(params.withoutPrefix(ENCODER), Ops.concat(state, action)); // [B, 2L]
    Tensor mean = Ops.slice(out, 0, latentDim);                                           // [B, L]
    Tensor logStd = Ops.clamp(Ops.slice(out, latentDim, 2 * latentDim), logStdMin, logStdMax);
    return new Encoding(mean, logStd);
  }

  /** {@code D(s, z)}: state [B, S], latent [B, L] to action [B, A] in [-1, 1]. */
  public Tensor decode(Params params, Tensor state, Tensor latent) {
    return decoder.forward(params.withoutPrefix(DECODER), Ops.concat(state, latent));
  }

  /**
   * The reparameterised pass used in training: {@code z = mu + sigma * noise}, {@code a~ = D(s, z)},
   * so gradients reach the encoder through mu and sigma.
   *
   * @param noise standard normal draws [B, L], supplied by the caller's seeded stream
   */
  public Reconstruction reconstruct(Params params, Tensor state, Tensor action, Tensor noise) {
    Encoding e = encode(params, state, action);
    Tensor z = Ops.add(e.mean(), Ops.mul(Ops.exp(e.logStd()), noise));                     // [B, L]
    return new Reconstruction(decode(params, state, z), e);
  }

  /**
   * Actions generated at each state from the clipped prior: {@code z ~ N(0, I)} clipped to {@code
   * [-latentClip, latentClip]}, {@code a = D(s, z)}. State [B, S] to action [B, A]; draws B L normals
   * from {@code rng} in row-major order.
   */
  public Tensor sample(Params params, Tensor state, RandomGenerator rng, double latentClip) {
    Tensor z = Ops.clamp(Tensor.randn(rng, state.dtype(), state.dim(0), latentDim), -latentClip, latentClip);
    return decode(params, state, z);
  }

  /**
   * Element-wise {@code KL(N(mu, sigma^2) || N(0, 1)) = 0.5 (mu^2 + sigma^2 - 1) - log sigma}, the
   * divergence of each latent coordinate's posterior from the standard normal prior; its sum over
   * the latent axis is the KL of the diagonal Gaussian. Zero exactly at {@code mu = 0, log sigma =
   * 0} and positive elsewhere (both {@code mu^2} and {@code e^{2l} - 1 - 2l} are non-negative with
   * their only zero at 0).
   *
   * @param mean mu, any shape (not modified)
   * @param logStd log sigma, the same shape (not modified)
   * @return the same shape as the inputs
   */
  public static Tensor klToStandardNormal(Tensor mean, Tensor logStd) {
    Tensor variance = Ops.exp(Ops.mul(logStd, 2.0));                                       // sigma^2
    return Ops.sub(Ops.mul(Ops.sub(Ops.add(Ops.square(mean), variance), 1.0), 0.5), logStd);
  }

  @Override
  public String toString() {
    return "ConditionalVae(S " + stateDim + ", A " + actionDim + ", L " + latentDim + ", encoder " + encoder
        + ", decoder " + decoder + ")";
  }
}
