package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import java.util.Objects;

/**
 * Stochastic gradient descent, optionally with heavy-ball momentum in PyTorch's form (dampening
 * 0, no Nesterov): {@code b_t = mu b_{t-1} + g_t}, {@code theta_t = theta_{t-1} - lr b_t}, with
 * {@code b_0 = 0}. Without momentum: {@code theta_t = theta_{t-1} - lr g_t}, and the state is only
 * the step count. {@link #state()} names the momentum buffers {@code "momentum/<name>"}.
 */
public final class Sgd implements Optimizer {
  /** The kind recorded in {@link OptimizerState#optimizer()}. */
  public static final String NAME = "Sgd";
  private static final String MOMENTUM = "momentum/";

  /**
   * Hyper-parameters of SGD.
   *
   * @param lr learning rate, > 0
   * @param momentum momentum coefficient mu in [0, 1); 0 disables momentum (default)
   */
  public record Config(double lr, double momentum) {
    public Config {
      if (!(lr > 0) || !Double.isFinite(lr)) {
        throw new IllegalArgumentException("Sgd.Config: lr must be finite and > 0, got " + lr);
      }
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("Sgd.Config: momentum must be in [0, 1), got " + momentum);
      }
    }

    /** Plain SGD without momentum. */
    public static Config of(double lr) {
      return new Config(lr, 0.0);
    }
  }

  private final Config config;
  private long t;
  /** Momentum buffers b, named like the parameters; null without momentum or before step 1. */
  private Params buffers;

  public Sgd(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  @Override
  public Params step(Params params, Params grads) {
    params.requireSameLayout("Sgd.step: params vs grads", grads);
    Params theta = params.detach();
    Params g = grads.detach();
    if (config.momentum() == 0) {
      // theta_t <- theta_{t-1} - lr g_t
      Params result = theta.zip(g, (p, gp) -> Ops.sub(p, Ops.mul(gp, config.lr())));
      t++;
      return result;
    }
    Params bPrev = buffers != null ? buffers : theta.map(p -> Tensor.zeros(p.dtype(), p.shape()));
    theta.requireSameLayout("Sgd.step: params vs momentum buffers", bPrev);
    // b_t <- mu b_{t-1} + g_t
    Params b = bPrev.zip(g, (bp, gp) -> Ops.add(Ops.mul(bp, config.momentum()), gp));
    // theta_t <- theta_{t-1} - lr b_t
    Params result = theta.zip(b, (p, bt) -> Ops.sub(p, Ops.mul(bt, config.lr())));
    t++;
    buffers = b;
    return result;
  }

  @Override
  public OptimizerState state() {
    return new OptimizerState(NAME, t, buffers == null ? Params.empty() : buffers.withPrefix(MOMENTUM));
  }

  @Override
  public void restore(OptimizerState state) {
    if (!NAME.equals(state.optimizer())) {
      throw new IllegalArgumentException(
          "Sgd.restore: state was exported by " + state.optimizer() + ", not " + NAME);
    }
    Params b = state.moments().withoutPrefix(MOMENTUM);
    if (b.size() != state.moments().size()) {
      throw new IllegalArgumentException(
          "Sgd.restore: moments must be named momentum/<param>, got " + state.moments().names());
    }
    t = state.step();
    buffers = b.isEmpty() ? null : b;
  }
}
