package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;

/**
 * Element-wise non-linearities of a network layer, each one primitive from {@link Ops} (so their
 * gradients are the primitives' own). Shape in equals shape out.
 */
public enum Activation {
  /** {@code f(x) = x}: no op is applied (and nothing is recorded on a tape). */
  IDENTITY {
    @Override
    public Tensor apply(Tensor x) {
      return x;
    }
  },
  /** {@code f(x) = max(x, 0)}. */
  RELU {
    @Override
    public Tensor apply(Tensor x) {
      return Ops.relu(x);
    }
  },
  /** {@code f(x) = tanh(x)}, e.g. to squash an actor's output to (-1, 1). */
  TANH {
    @Override
    public Tensor apply(Tensor x) {
      return Ops.tanh(x);
    }
  },
  /** {@code f(x) = 1 / (1 + exp(-x))}. */
  SIGMOID {
    @Override
    public Tensor apply(Tensor x) {
      return Ops.sigmoid(x);
    }
  },
  /** {@code f(x) = log(1 + exp(x))}, a smooth positive output (e.g. a scale). */
  SOFTPLUS {
    @Override
    public Tensor apply(Tensor x) {
      return Ops.softplus(x);
    }
  };

  /** {@code f(x)} element-wise. */
  public abstract Tensor apply(Tensor x);
}
