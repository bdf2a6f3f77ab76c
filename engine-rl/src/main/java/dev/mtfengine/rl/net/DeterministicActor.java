package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The deterministic policy {@code mu(s | theta)}: an MLP with ReLU hidden layers and a tanh output,
 * so actions lie in the normalised box {@code [-1, 1]^A} (spec section 2).
 */
public final class DeterministicActor {
  private final Mlp mlp;

  public DeterministicActor(int stateDim, int actionDim, List<Integer> hidden) {
    this.mlp = new Mlp(stateDim, hidden, actionDim, Activation.RELU, Activation.TANH);
  }

  /** Fresh parameters with PyTorch's default Linear initialisation. */
  public Params init(RandomGenerator rng, DType dtype) {
    return mlp.init(rng, dtype);
  }

  /** {@code mu(s)}: state [B, S] to action [B, A], each in [-1, 1]. */
  public Tensor act(Params params, Tensor state) {
    return mlp.forward(params, state);
  }

  public Mlp mlp() {
    return mlp;
  }
}
