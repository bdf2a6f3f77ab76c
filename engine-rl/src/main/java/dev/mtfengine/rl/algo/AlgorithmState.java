package dev.mtfengine.rl.algo;

import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.optim.OptimizerState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learner's complete mutable state, by name: parameter sets (e.g. {@code "actor"}, {@code
 * "critic_target"}), optimiser states, the iteration counter and the state words of its own random
 * stream (empty when it draws no random numbers). Immutable.
 */
public record AlgorithmState(
    Map<String, Params> params, Map<String, OptimizerState> optimizers, long iteration, long[] rngState) {
  public AlgorithmState {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    optimizers = Collections.unmodifiableMap(new LinkedHashMap<>(optimizers));
    rngState = rngState.clone();
  }

  /**
   * The state of a deterministic actor-critic learner under the standard names: parameter sets
   * {@code actor}, {@code actor_target}, {@code critic}, {@code critic_target} and optimisers {@code
   * actor}, {@code critic}, in that order (checkpoint files list them in this order, so they are the
   * same bytes on every run).
   */
  public static AlgorithmState actorCritic(Params actor, Params actorTarget, Params critic,
      Params criticTarget, OptimizerState actorOptimizer, OptimizerState criticOptimizer,
      long iteration, long[] rngState) {
    return builder().params("actor", actor).params("actor_target", actorTarget).params("critic", critic)
        .params("critic_target", criticTarget).optimizer("actor", actorOptimizer).optimizer("critic", criticOptimizer)
        .build(iteration, rngState);
  }

  /**
   * The one way every algorithm writes its state (issue 16): parameter sets and optimiser states
   * named in the order they are added, which is the order checkpoint files list them in.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects an algorithm's state, see {@link #builder()}. */
  public static final class Builder {
    private final Map<String, Params> params = new LinkedHashMap<>();
    private final Map<String, OptimizerState> optimizers = new LinkedHashMap<>();

    private Builder() {}

    public Builder params(String name, Params p) {
      params.put(name, p);
      return this;
    }

    public Builder optimizer(String name, OptimizerState o) {
      optimizers.put(name, o);
      return this;
    }

    public AlgorithmState build(long iteration, long[] rngState) {
      return new AlgorithmState(params, optimizers, iteration, rngState);
    }
  }

  /**
   * The parameter set {@code name}, checked to have the layout of {@code current} (names, shapes,
   * dtypes); a mismatch means the checkpoint was written with another network config.
   */
  public Params params(String name, Params current, String algorithm) {
    Params p = params(name);
    p.requireSameLayout(algorithm + " restore (" + name + ")", current);
    return p;
  }

  /** The parameter set {@code name}, or an error naming the sets present. */
  public Params params(String name) {
    Params p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("algorithm state has no parameter set '" + name + "'; present: " + params.keySet());
    }
    return p;
  }

  /** The optimiser state {@code name}, or an error naming those present. */
  public OptimizerState optimizer(String name) {
    OptimizerState o = optimizers.get(name);
    if (o == null) {
      throw new IllegalArgumentException("algorithm state has no optimiser '" + name + "'; present: " + optimizers.keySet());
    }
    return o;
  }

  /** True when every parameter, moment, counter and RNG word is bit-identical. */
  public boolean bitEquals(AlgorithmState o) {
    if (!params.keySet().equals(o.params.keySet()) || !optimizers.keySet().equals(o.optimizers.keySet())
        || iteration != o.iteration || !java.util.Arrays.equals(rngState, o.rngState)) {
      return false;
    }
    for (String k : params.keySet()) {
      if (!params.get(k).bitEquals(o.params.get(k))) {
        return false;
      }
    }
    for (String k : optimizers.keySet()) {
      if (!optimizers.get(k).bitEquals(o.optimizers.get(k))) {
        return false;
      }
    }
    return true;
  }
}
