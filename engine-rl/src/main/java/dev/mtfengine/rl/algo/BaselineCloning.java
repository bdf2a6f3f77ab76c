package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a deterministic actor at the baseline policy: before reinforcement learning, the actor
 * (and its target) are fit to the logged baseline actions, minimising {@code mean ||mu(s) -
 * mu_bp(s)||^2} over minibatches of the data (shape [B, A]). Not in the papers (docs/algorithms/
 * experiment.md): with a small fraction of the paper's 300k iterations, a randomly initialised
 * actor spends the budget walking into the exploration box, and while its target lies outside the
 * box the penalty in IntegratedRL's critic target dominates the Q values. Cloning makes round 0
 * start where the later rounds start anyway: at the deployed policy.
 */
public final class BaselineCloning {
  private BaselineCloning() {}

  /**
   * Settings.
   *
   * @param iterations gradient steps (>= 1)
   * @param batchSize minibatch size
   * @param learningRate Adam's rate
   * @param seed seed of the minibatch stream
   */
  public record Config(int iterations, int batchSize, double learningRate, long seed) {
    public Config {
      Check.positive("baseline-cloning", "iterations", iterations);
      Check.positive("baseline-cloning", "batchSize", batchSize);
      Check.positiveReal("baseline-cloning", "learningRate", learningRate);
    }
  }

  /**
   * The learner's state with {@code actor} and {@code actor_target} replaced by the cloned actor;
   * everything else (critics, optimiser moments, counters) unchanged.
   *
   * @param hidden the actor's hidden widths (the learner's config)
   * @return the new state, and the final mean squared distance to the baseline actions
   * @throws IllegalArgumentException if the learner has no {@code actor} parameter set of that layout
   */
  public static Cloned clone(OfflineAlgorithm learner, List<Integer> hidden, TransitionSet data, DType dtype,
      Config config) {
    AlgorithmState state = learner.state();
    if (!state.params().containsKey("actor") || !state.params().containsKey("actor_target")) {
      throw new IllegalArgumentException("baseline cloning: " + learner.name()
          + " has no deterministic 'actor' and 'actor_target' to start at the baseline");
    }
    DeterministicActor net = new DeterministicActor(data.schema().stateDim(), data.schema().actionDim(), hidden);
    Fitted fitted = fit(net, state.params().get("actor"), data, dtype, config);
    Map<String, Params> params = new LinkedHashMap<>(state.params());
    params.put("actor", fitted.actor());
    params.put("actor_target", fitted.actor());
    return new Cloned(new AlgorithmState(params, state.optimizers(), state.iteration(), state.rngState()),
        fitted.loss());
  }

  /**
   * Fits {@code net}'s parameters, starting from {@code actor}, to the data's baseline actions:
   * {@code config.iterations()} Adam steps on {@code mean ||mu(s) - mu_bp(s)||^2} over minibatches.
   */
  public static Fitted fit(DeterministicActor net, Params actor, TransitionSet data, DType dtype, Config config) {
    Adam adam = new Adam(Adam.Config.defaults(config.learningRate()));
    MinibatchSampler sampler = new MinibatchSampler(data, dtype);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(config.seed());
    double loss = Double.NaN;
    for (int i = 0; i < config.iterations(); i++) {
      var batch = sampler.sample(config.batchSize(), rng);
      GradientStep.Result<dev.mtfengine.tensor.Tensor> step = GradientStep.minimise(actor, adam,
          p -> Composites.mse(net.act(p, batch.state()), batch.baselineAction()));
      actor = step.params();
      loss = step.value().getDouble(0);
    }
    return new Fitted(actor, loss);
  }

  /** Fitted actor parameters and the final loss (mean squared action distance). */
  public record Fitted(Params actor, double loss) {}

  /** The state to restore and the final cloning loss (mean squared action distance). */
  public record Cloned(AlgorithmState state, double loss) {}
}
