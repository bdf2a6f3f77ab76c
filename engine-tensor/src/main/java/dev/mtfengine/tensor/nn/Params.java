package dev.mtfengine.tensor.nn;

import dev.mtfengine.tensor.Gradients;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * An immutable, ordered map from parameter name to {@link Tensor}: the weights of a network, their
 * gradients, or an optimiser's moments. Iteration order is insertion order, so the same network
 * always lists its parameters in the same order (this fixes the order of reductions such as the
 * global gradient norm, and the layout of checkpoints).
 *
 * <p>Names are non-empty and unique, e.g. {@code "layer0.weight"}. Networks never hold their
 * parameters: {@code forward(Params, x)} takes them, so one network definition serves the online
 * and the target copy, and a training step is {@code watch -> forward -> backward -> gradients ->
 * optimiser step}, each stage returning new values.
 */
public final class Params {
  private static final Params EMPTY = new Params(new String[0], new Tensor[0]);

  private final String[] names;
  private final Tensor[] tensors;
  /** Name -> position in {@link #names}; built once, never modified. */
  private final Map<String, Integer> index;

  private Params(String[] names, Tensor[] tensors) {
    this.names = names;
    this.tensors = tensors;
    this.index = new HashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null || names[i].isEmpty()) {
        throw new IllegalArgumentException("Params: parameter " + i + " has an empty name");
      }
      if (tensors[i] == null) {
        throw new IllegalArgumentException("Params: tensor for parameter '" + names[i] + "' is null");
      }
      if (index.put(names[i], i) != null) {
        throw new IllegalArgumentException("Params: parameter name '" + names[i] + "' is used twice");
      }
    }
  }

  // ---------------------------------------------------------------------------------- factories

  /** No parameters. */
  public static Params empty() {
    return EMPTY;
  }

  /** One parameter. */
  public static Params of(String name, Tensor tensor) {
    return new Params(new String[] {name}, new Tensor[] {tensor});
  }

  /** Two parameters, in this order. */
  public static Params of(String name1, Tensor tensor1, String name2, Tensor tensor2) {
    return new Params(new String[] {name1, name2}, new Tensor[] {tensor1, tensor2});
  }

  /** The entries of {@code map} in its iteration order (use a {@link java.util.LinkedHashMap}). */
  public static Params of(Map<String, Tensor> map) {
    String[] n = new String[map.size()];
    Tensor[] t = new Tensor[map.size()];
    int i = 0;
    for (Map.Entry<String, Tensor> e : map.entrySet()) {
      n[i] = e.getKey();
      t[i] = e.getValue();
      i++;
    }
    return new Params(n, t);
  }

  /** A builder that keeps insertion order and rejects duplicate names when built. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects named tensors in insertion order. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    private Builder() {}

    /** Appends one parameter. */
    public Builder put(String name, Tensor tensor) {
      names.add(name);
      tensors.add(tensor);
      return this;
    }

    /** Appends every parameter of {@code params}, each name prefixed with {@code prefix}. */
    public Builder putAll(String prefix, Params params) {
      for (int i = 0; i < params.names.length; i++) {
        put(prefix + params.names[i], params.tensors[i]);
      }
      return this;
    }

    /** The parameters; throws when a name is empty or repeated. */
    public Params build() {
      return new Params(names.toArray(new String[0]), tensors.toArray(new Tensor[0]));
    }
  }

  // ---------------------------------------------------------------------------------- accessors

  /** The tensor named {@code name}; throws naming the missing parameter and the known ones. */
  public Tensor get(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "Params.get: no parameter named '" + name + "'; known: " + Arrays.toString(names));
    }
    return tensors[i];
  }

  /** True when a parameter named {@code name} exists. */
  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** The names in order (unmodifiable). */
  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  /** The tensors in the order of {@link #names()} (unmodifiable); pass to {@link Tape#backward}. */
  public List<Tensor> tensors() {
    return Collections.unmodifiableList(Arrays.asList(tensors));
  }

  /** Number of parameters (named tensors). */
  public int size() {
    return names.length;
  }

  /** Total number of scalar elements over all tensors. */
  public long numel() {
    long n = 0;
    for (Tensor t : tensors) {
      n += t.size();
    }
    return n;
  }

  /** True when there are no parameters. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  // ---------------------------------------------------------------------------------- autodiff

  /**
   * The same values as leaves of {@code tape}: differentiate a loss computed from the result, then
   * pass the {@link Gradients} to {@link #gradients(Gradients)} of the result.
   */
  public Params watch(Tape tape) {
    Tensor[] out = new Tensor[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = tape.watch(tensors[i]);
    }
    return new Params(names, out);
  }

  /**
   * The gradient of each parameter, same names and shapes. {@code this} must be the tracked
   * parameters returned by {@link #watch}, and each of them must have been requested in the
   * backward call that produced {@code g}.
   */
  public Params gradients(Gradients g) {
    Tensor[] out = new Tensor[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = g.of(tensors[i]);
    }
    return new Params(names, out);
  }

  /** {@code tracked.gradients(g)}: the gradient of each parameter of {@code tracked}. */
  public static Params gradientsOf(Gradients g, Params tracked) {
    return tracked.gradients(g);
  }

  /** The same values with every tape link dropped (no gradient flows through the result). */
  public Params detach() {
    return map(Tensor::detach);
  }

  // ---------------------------------------------------------------------------------- element-wise

  /** {@code f} applied to every tensor, names kept. */
  public Params map(UnaryOperator<Tensor> f) {
    Tensor[] out = new Tensor[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(tensors[i]);
    }
    return new Params(names, out);
  }

  /** {@code f(name, tensor)} for every parameter, names kept. */
  public Params mapNamed(BiFunction<String, Tensor, Tensor> f) {
    Tensor[] out = new Tensor[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(names[i], tensors[i]);
    }
    return new Params(names, out);
  }

  /**
   * {@code f(this[name], other[name])} for every name of {@code this}, in this order. {@code other}
   * must hold the same names (any order) with tensors of the same shape and dtype; otherwise the
   * error names the parameter and both shapes.
   */
  public Params zip(Params other, BinaryOperator<Tensor> f) {
    requireSameLayout("Params.zip", other);
    Tensor[] out = new Tensor[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(tensors[i], other.get(names[i]));
    }
    return new Params(names, out);
  }

  /**
   * Throws, naming {@code op}, unless {@code other} has exactly the names of this (any order), each
   * with the same shape and dtype.
   */
  public void requireSameLayout(String op, Params other) {
    if (other.size() != size()) {
      throw new IllegalArgumentException(
          op + ": " + size() + " parameters " + Arrays.toString(names) + " vs " + other.size()
              + " parameters " + Arrays.toString(other.names));
    }
    for (int i = 0; i < names.length; i++) {
      Integer j = other.index.get(names[i]);
      if (j == null) {
        throw new IllegalArgumentException(
            op + ": parameter '" + names[i] + "' is missing from " + Arrays.toString(other.names));
      }
      Tensor a = tensors[i];
      Tensor b = other.tensors[j];
      if (!a.shape().equals(b.shape()) || a.dtype() != b.dtype()) {
        throw new IllegalArgumentException(
            op + ": parameter '" + names[i] + "' is " + a.dtype() + " " + a.shape() + " vs "
                + b.dtype() + " " + b.shape());
      }
    }
  }

  /** Every name prefixed with {@code prefix}, e.g. {@code "critic."}; tensors shared. */
  public Params withPrefix(String prefix) {
    String[] n = new String[names.length];
    for (int i = 0; i < n.length; i++) {
      n[i] = prefix + names[i];
    }
    return new Params(n, tensors);
  }

  /**
   * The parameters whose names start with {@code prefix}, with the prefix removed; the inverse of
   * {@link #withPrefix}. Empty when none match.
   */
  public Params withoutPrefix(String prefix) {
    Builder b = builder();
    for (int i = 0; i < names.length; i++) {
      if (names[i].startsWith(prefix) && names[i].length() > prefix.length()) {
        b.put(names[i].substring(prefix.length()), tensors[i]);
      }
    }
    return b.build();
  }

  /** This followed by {@code other}; throws when a name occurs in both. */
  public Params concat(Params other) {
    return builder().putAll("", this).putAll("", other).build();
  }

  // ---------------------------------------------------------------------------------- equality

  /**
   * True when both hold the same names in the same order and every tensor is {@link
   * Tensor#bitEquals} its counterpart (shape, dtype and every bit).
   */
  public boolean bitEquals(Params other) {
    if (!Arrays.equals(names, other.names)) {
      return false;
    }
    for (int i = 0; i < tensors.length; i++) {
      if (!tensors[i].bitEquals(other.tensors[i])) {
        return false;
      }
    }
    return true;
  }

  /** Names with dtype and shape, e.g. {@code Params{layer0.weight=F32 [3, 4], ...}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Params{");
    for (int i = 0; i < names.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(names[i]).append('=')
          .append(tensors[i].dtype()).append(' ').append(tensors[i].shape());
    }
    return sb.append('}').toString();
  }
}
