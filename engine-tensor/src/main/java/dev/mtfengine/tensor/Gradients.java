package dev.mtfengine.tensor;

import java.util.Map;

/** The result of {@link Tape#backward}: one gradient per requested leaf, by identity of the leaf. */
public final class Gradients {
  private final Map<Tensor, Tape.Node> leaves;
  private final Map<Tape.Node, Tensor> grads;

  Gradients(Map<Tensor, Tape.Node> leaves, Map<Tape.Node, Tensor> grads) {
    this.leaves = leaves;
    this.grads = grads;
  }

  /**
   * The gradient with respect to {@code leaf} (same shape and dtype), zero when the loss does not
   * depend on it. {@code leaf} must be one of the tensors passed to {@code backward}.
   */
  public Tensor of(Tensor leaf) {
    Tape.Node n = leaves.get(leaf);
    if (n == null) {
      throw new IllegalArgumentException(
          "Gradients.of: tensor " + leaf.shape() + " was not requested in backward");
    }
    Tensor g = grads.get(n);
    return g != null ? g : Tensor.zeros(leaf.dtype(), leaf.shape());
  }

  /** Fan-out: the gradient of a tensor used twice is the sum of both uses' gradients. */
  static Tensor accumulate(Tensor a, Tensor b) {
    return dev.mtfengine.tensor.ops.Ops.add(a, b);
  }
}
