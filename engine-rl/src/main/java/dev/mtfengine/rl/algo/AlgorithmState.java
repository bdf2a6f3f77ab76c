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
