package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;
import java.util.function.UnaryOperator;

/**
 * Element-wise non-linearities of a network layer, each one primitive from {@link Ops} (so their
 * gradients are the primitives' own). Shape in equals shape out.
 */
public enum Activation {
  /** {@code f(x) = x}: no op is applied (and nothing is recorded on a tape). */
  IDENTITY(x -> x),
  /** {@code f(x) = max(x, 0)}. */
  RELU(Ops::relu),
  /** {@code f(x) = tanh(x)}, e.g. to squash an actor's output to (-1, 1). */
  TANH(Ops::tanh),
  /** {@code f(x) = 1 / (1 + exp(-x))}. */
  SIGMOID(Ops::sigmoid),
  /** {@code f(x) = log(1 + exp(x))}, a smooth positive output (e.g. a scale). */
  SOFTPLUS(Ops::softplus);

  private final UnaryOperator<Tensor> function;

  Activation(UnaryOperator<Tensor> function) {
    this.function = function;
  }

  /** {@code f(x)} element-wise. */
  public Tensor apply(Tensor x) {
    return function.apply(x);
  }

  /**
   * {@code f(x + bias)} with {@link Ops#biasAdd}'s shapes: for {@link #RELU} the one primitive
   * {@link Ops#biasRelu} (a hidden layer's bias and ReLU in one pass, the same bits), else the
   * bias add then {@link #apply}.
   */
  public Tensor applyAfterBias(Tensor x, Tensor bias) {
    return this == RELU ? Ops.biasRelu(x, bias) : apply(Ops.biasAdd(x, bias));
  }
}
