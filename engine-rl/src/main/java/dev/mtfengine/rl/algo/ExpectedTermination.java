package dev.mtfengine.rl.algo;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;

/**
 * Expected termination: a logistic network {@code p(s') = sigmoid(f(s'))} fit to the logged done
 * flags by binary cross-entropy, whose estimates then replace the flags in every learner's target,
 * {@code y = r + gamma (1 - p(s')) Q'(s', .)} instead of {@code r + gamma (1 - done) Q'(s', .)}.
 *
 * <p><b>Not in the papers</b> (docs/algorithms/experiment.md, decision 16). Why: in a session the
 * user leaves after a request with a probability that depends on the state after it, so the done
 * flag is a coin flip that multiplies a bootstrap of tens of training units; it is most of a TD
 * target's noise (measured on the simulator's Dataset 2 with the exact bootstrap: a standard
 * deviation of 4.0 training units with the flags, 1.5 with the leave probabilities, 0.9 from the
 * rewards alone). When termination depends on s' only, {@code E[1 - done | s, a] = E[1 - p(s') |
 * s, a]}: the expected target is unchanged (p exact) and the coin's variance is gone. The estimate
 * only needs the next states the log already holds (the state after a session's last request).
 *
 * <p>Shapes: s' [B, S]; logits [B, 1]; loss = mean(softplus(f) - done f), the cross-entropy of
 * sigmoid(f) against the flags.
 */
public final class ExpectedTermination {
  private ExpectedTermination() {}

  /** Rows per forward pass when estimates are computed for a whole set. */
  private static final int CHUNK = 4096;

  /**
   * Settings.
   *
   * @param hidden the network's hidden widths (ReLU)
   * @param iterations Adam steps (>= 1)
   * @param batchSize minibatch size
   * @param learningRate Adam's rate
   * @param seed seed of the initialisation and minibatch stream
   */
  public record Config(List<Integer> hidden, int iterations, int batchSize, double learningRate, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      Check.positive("expected-termination", "iterations", iterations);
      Check.positive("expected-termination", "batchSize", batchSize);
      Check.positiveReal("expected-termination", "learningRate", learningRate);
    }
  }

  /** The fitted network and its final cross-entropy (nats per transition). */
  public record Fitted(Mlp net, Params params, double loss, DType dtype) {
    /** P(done | s') of every row of {@code data}, from its next state. */
    public float[] probabilities(TransitionSet data) {
      if (data.size() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("expected termination: " + data.size()
            + " transitions are more than one array holds; split the set");
      }
      MinibatchSampler sampler = new MinibatchSampler(data, dtype);
      float[] out = new float[(int) data.size()];
      for (int from = 0; from < out.length; from += CHUNK) {
        int n = Math.min(CHUNK, out.length - from);
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) {
          rows[i] = from + i;
        }
        float[] p = Ops.sigmoid(net.forward(params, sampler.gather(rows).nextState())).toFloatArray();
        System.arraycopy(p, 0, out, from, n);
      }
      return out;
    }

    /** {@code data} with these estimates in place of its done flags. */
    public TransitionSet apply(TransitionSet data) {
      return data.withTerminationProbabilities(probabilities(data));
    }
  }

  /**
   * Fits p(s') to the done flags of {@code data}.
   *
   * @throws IllegalArgumentException if {@code data} already carries termination estimates
   */
  public static Fitted fit(TransitionSet data, DType dtype, Config config) {
    if (data.hasTerminationEstimate()) {
      throw new IllegalArgumentException("expected termination: the set already carries termination estimates;"
          + " fit on the logged done flags");
    }
    Mlp net = new Mlp(data.schema().stateDim(), config.hidden(), 1, Activation.RELU, Activation.IDENTITY);
    Xoshiro256StarStar rng = new Xoshiro256StarStar(config.seed());
    Params params = net.init(rng, dtype);
    Adam adam = new Adam(Adam.Config.defaults(config.learningRate()));
    MinibatchSampler sampler = new MinibatchSampler(data, dtype);
    double loss = Double.NaN;
    for (int i = 0; i < config.iterations(); i++) {
      Batch batch = sampler.sample(config.batchSize(), rng);
      GradientStep.Result<Tensor> step = GradientStep.minimise(params, adam,
          p -> crossEntropy(net.forward(p, batch.nextState()), batch.done()));
      params = step.params();
      loss = step.value().getDouble(0);
    }
    return new Fitted(net, params, loss, dtype);
  }

  /** mean(softplus(f) - done f): the cross-entropy of sigmoid(f) [B, 1] against done [B, 1]. */
  static Tensor crossEntropy(Tensor logits, Tensor done) {
    return Ops.mean(Ops.sub(Ops.softplus(logits), Ops.mul(done, logits)));
  }
}
