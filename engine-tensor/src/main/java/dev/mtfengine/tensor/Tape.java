package dev.mtfengine.tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records primitive applications for reverse-mode differentiation.
 *
 * <p>Use: {@link #watch} the leaves (parameters) to differentiate with respect to, compute a scalar
 * loss from them with {@link dev.mtfengine.tensor.ops.Ops}, then {@link #backward} returns the
 * gradient of the loss with respect to each requested leaf. Gradients are values returned to the
 * caller, never state stored on parameters. A leaf used several times (fan-out) receives the sum of
 * the gradients of its uses. Within {@link #noGrad} nothing is recorded.
 *
 * <p>Entries are appended in execution order, which is a topological order, so the backward sweep
 * is a reverse walk of the list. Not thread-safe: one tape per thread and training step.
 */
public final class Tape {

  /** One recorded application (or a watched leaf, when {@code primitive} is null). */
  static final class Node {
    final Tape tape;
    final int index;
    final Primitive primitive;
    /** Untracked input values, and the tracked inputs for linking. */
    final Tensor[] inputValues;
    final Tensor[] inputs;
    final Tensor output;

    Node(Tape tape, int index, Primitive primitive, Tensor[] inputs, Tensor[] inputValues, Tensor output) {
      this.tape = tape;
      this.index = index;
      this.primitive = primitive;
      this.inputs = inputs;
      this.inputValues = inputValues;
      this.output = output;
    }
  }

  private final List<Node> nodes = new ArrayList<>();
  private int pauseDepth;

  /** True unless inside {@link #noGrad}. */
  public boolean isRecording() {
    return pauseDepth == 0;
  }

  /** Number of recorded entries (leaves included). */
  public int size() {
    return nodes.size();
  }

  /**
   * A leaf on this tape with the values of {@code value}; differentiate with respect to the
   * returned tensor. A tensor already tracked elsewhere is watched as a fresh leaf.
   */
  public Tensor watch(Tensor value) {
    Tensor plain = value.detach();
    Node n = new Node(this, nodes.size(), null, new Tensor[0], new Tensor[0], plain);
    nodes.add(n);
    return plain.withNode(n);
  }

  Tensor record(Primitive p, Tensor[] inputs, Tensor[] inputValues, Tensor output) {
    Node n = new Node(this, nodes.size(), p, inputs.clone(), inputValues, output);
    nodes.add(n);
    return output.withNode(n);
  }

  /** Evaluates {@code body} without recording: its results carry no tape link. */
  public <T> T noGrad(Supplier<T> body) {
    pauseDepth++;
    try {
      T result = body.get();
      return result;
    } finally {
      pauseDepth--;
    }
  }

  /** Gradients of a one-element {@code loss} with respect to {@code leaves}. */
  public Gradients backward(Tensor loss, Tensor... leaves) {
    return backward(loss, List.of(leaves));
  }

  /**
   * Gradients of a one-element {@code loss} with respect to each of {@code leaves}, which must be
   * tensors returned by {@link #watch} on this tape. A leaf the loss does not depend on gets a zero
   * gradient. Only entries on a path from a requested leaf to the loss are differentiated.
   */
  public Gradients backward(Tensor loss, Collection<Tensor> leaves) {
    if (loss.size() != 1) {
      throw new TensorShapeException(
          "backward: the loss must have one element, got shape " + loss.shape());
    }
    return backwardFrom(loss, Tensor.full(1.0, loss.dtype(), loss.shape().dims()), leaves);
  }

  /**
   * Vector-Jacobian product of any tracked {@code output} with the cotangent {@code seed} (the
   * output's shape): for each leaf, {@code sum_o seed_o d output_o / d leaf}.
   */
  public Gradients backwardFrom(Tensor output, Tensor seed, Collection<Tensor> leaves) {
    if (!seed.shape().equals(output.shape()) || seed.dtype() != output.dtype()) {
      throw new TensorShapeException(
          "backward: seed " + seed.dtype() + " " + seed.shape() + " does not match output "
              + output.dtype() + " " + output.shape());
    }
    Map<Tensor, Node> leafNodes = new IdentityHashMap<>();
    boolean[] reaches = new boolean[nodes.size()];
    for (Tensor leaf : leaves) {
      Node n = leaf.node;
      if (n == null || n.tape != this || n.primitive != null) {
        throw new IllegalArgumentException(
            "backward: requested tensor " + leaf.shape() + " is not a watched leaf of this tape");
      }
      leafNodes.put(leaf, n);
      reaches[n.index] = true;
    }
    Map<Node, Tensor> grads = new IdentityHashMap<>();
    if (output.node == null || output.node.tape != this) {
      return new Gradients(leafNodes, grads);
    }
    // Forward sweep: which entries depend on a requested leaf.
    int last = output.node.index;
    for (int i = 0; i <= last; i++) {
      Node n = nodes.get(i);
      if (n.primitive == null) {
        continue;
      }
      for (Tensor in : n.inputs) {
        if (in.node != null && reaches[in.node.index]) {
          reaches[i] = true;
          break;
        }
      }
    }
    grads.put(output.node, seed.detach());
    // Backward sweep in reverse execution order.
    for (int i = last; i >= 0; i--) {
      Node n = nodes.get(i);
      Tensor g = grads.get(n);
      if (g == null || n.primitive == null || !reaches[i]) {
        continue;
      }
      boolean[] needed = new boolean[n.inputs.length];
      boolean any = false;
      for (int j = 0; j < needed.length; j++) {
        Node in = n.inputs[j].node;
        needed[j] = in != null && reaches[in.index];
        any |= needed[j];
      }
      if (!any) {
        continue;
      }
      Tensor[] gin = n.primitive.vjp(n.inputValues, n.output, g, needed);
      for (int j = 0; j < needed.length; j++) {
        if (!needed[j] || gin[j] == null) {
          continue;
        }
        Node in = n.inputs[j].node;
        if (!gin[j].shape().equals(in.output.shape())) {
          throw new IllegalStateException(
              n.primitive.name() + ": gradient for input " + j + " has shape " + gin[j].shape()
                  + ", the input has " + in.output.shape());
        }
        grads.merge(in, gin[j], Gradients::accumulate);
      }
      if (i != last) {
        grads.remove(n); // no longer needed: frees memory during the sweep
      }
    }
    return new Gradients(leafNodes, grads);
  }
}
