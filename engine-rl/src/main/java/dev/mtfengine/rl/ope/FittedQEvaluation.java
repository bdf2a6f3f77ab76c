package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.net.CriticEnsemble;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;

/**
 * Fitted Q evaluation (Le, Voloshin, Yue 2019, arXiv 1903.08738, Algorithm 3; Ernst et al. 2005)
 * of a deterministic target policy pi: repeatedly regress {@code Q(s, a)} on
 *
 * <pre>
 *   y = r + gamma (1 - done) Q'(s', pi(s'))
 * </pre>
 *
 * over the logged transitions, where {@code Q'} is the previous iterate (a copy of Q refreshed every
 * {@code targetUpdateInterval} Adam steps, so each interval approximately solves one FQE
 * regression). The result is a {@link ValueModel} with {@code V^(s) = Q(s, pi(s))}: the estimate is
 * then the {@link DirectMethod} on the initial states, and the same model serves {@link
 * DoublyRobust} (with the kernel-smoothed target, whose value approaches pi's as h -> 0).
 *
 * <p>Assumptions: the critic class can represent {@code Q^pi} (realisability) and the log covers
 * the state-actions pi reaches ({@code (s', pi(s'))} near logged {@code (s, a)}); a truncated
 * session's last step is not terminal ({@code done = 0}) and bootstraps from its next state. No
 * densities are needed. Deterministic given the seed, the data and the kernel path.
 */
public final class FittedQEvaluation {

  /**
   * @param hidden critic hidden layer sizes (ReLU)
   * @param gamma discount of the evaluated return
   * @param learningRate Adam learning rate
   * @param iterations Adam steps in total
   * @param batchSize transitions per step, drawn uniformly with replacement
   * @param targetUpdateInterval Adam steps per FQE iteration (then Q' = Q)
   * @param dtype training precision
   * @param seed seed of the critic's initialisation and of the minibatch stream
   */
  public record Config(List<Integer> hidden, double gamma, double learningRate, int iterations, int batchSize,
      int targetUpdateInterval, DType dtype, long seed) {
    public Config {
      hidden = List.copyOf(hidden);
      if (!(gamma >= 0 && gamma <= 1)) {
        throw new IllegalArgumentException("fqe: gamma must be in [0, 1], got " + gamma);
      }
      if (!(learningRate > 0 && Double.isFinite(learningRate))) {
        throw new IllegalArgumentException("fqe: learningRate must be > 0, got " + learningRate);
      }
      if (iterations < 1 || batchSize < 1 || targetUpdateInterval < 1) {
        throw new IllegalArgumentException("fqe: iterations " + iterations + ", batchSize " + batchSize
            + " and targetUpdateInterval " + targetUpdateInterval + " must all be >= 1");
      }
    }

    /** Hidden [256, 256], Adam 3e-4, 20,000 steps of 256, Q' refreshed every 1,000 steps, F32. */
    public static Config defaults(double gamma, long seed) {
      return new Config(List.of(256, 256), gamma, 3e-4, 20_000, 256, 1_000, DType.F32, seed);
    }
  }

  private final Config config;

  public FittedQEvaluation(Config config) {
    this.config = config;
  }

  /** Fits Q^pi on {@code data} and returns it as a value model. */
  public Model fit(TransitionSet data, DeterministicPolicy target) {
    int stateDim = data.schema().stateDim();
    int actionDim = data.schema().actionDim();
    CriticEnsemble critic = new CriticEnsemble(1, stateDim, actionDim, config.hidden());
    Xoshiro256StarStar root = new Xoshiro256StarStar(config.seed());
    Params q = critic.init(root.split(1), config.dtype());
    Xoshiro256StarStar minibatches = root.split(2);
    // pi(s') does not change during fitting, so it is computed once for every row.
    float[] nextActions = targetNextActions(data, target);
    MinibatchSampler sampler = new MinibatchSampler(data, config.dtype());
    Adam adam = new Adam(Adam.Config.defaults(config.learningRate()));
    Params qPrevious = q;
    double loss = Double.NaN;
    for (int it = 1; it <= config.iterations(); it++) {
      long[] rows = new long[config.batchSize()];
      for (int k = 0; k < rows.length; k++) {
        rows[k] = minibatches.nextLong(data.size());
      }
      Batch b = sampler.gather(rows);
      Tensor y = target(critic, qPrevious, b, gatherRows(nextActions, rows, actionDim));
      Tape tape = new Tape();
      Params tracked = q.watch(tape);
      Tensor l = regressionLoss(critic, tracked, b, y);
      q = adam.step(q, tracked.gradients(tape.backward(l, tracked.tensors())));
      loss = l.item();
      if (!Double.isFinite(loss)) {
        throw new IllegalStateException("fqe: the regression loss is " + loss + " at step " + it);
      }
      if (it % config.targetUpdateInterval() == 0) {
        qPrevious = q;
      }
    }
    return new Model(critic, q, target, config.dtype(), stateDim, actionDim, loss);
  }

  /** {@code y = r + gamma (1 - done) Q'(s', pi(s'))}, untracked, [B, 1]. */
  Tensor target(CriticEnsemble critic, Params qPrevious, Batch b, Tensor nextAction) {
    Tensor nextQ = Ops.reshape(critic.q(qPrevious, b.nextState(), nextAction), b.size(), 1); // [1, B, 1] -> [B, 1]
    return Ops.add(b.reward(), Ops.mul(Ops.mul(Ops.sub(1.0, b.done()), config.gamma()), nextQ));
  }

  /** {@code mean_B (Q(s, a) - y)^2}. */
  static Tensor regressionLoss(CriticEnsemble critic, Params q, Batch b, Tensor y) {
    Tensor predicted = Ops.reshape(critic.q(q, b.state(), b.action()), b.size(), 1);          // [B, 1]
    return Ops.mean(Ops.square(Ops.sub(predicted, y)));
  }

  private float[] targetNextActions(TransitionSet data, DeterministicPolicy target) {
    int stateDim = data.schema().stateDim();
    int actionDim = data.schema().actionDim();
    float[] out = new float[Math.toIntExact(data.size() * actionDim)];
    int chunk = 4096;
    for (long from = 0; from < data.size(); from += chunk) {
      int n = (int) Math.min(chunk, data.size() - from);
      float[][] states = new float[n][stateDim];
      for (int i = 0; i < n; i++) {
        data.copy(Column.NEXT_STATE, from + i, states[i], 0);
      }
      float[][] actions = target.act(states);
      for (int i = 0; i < n; i++) {
        data.schema().actionBounds().check("fqe: pi(s') of row " + (from + i), actions[i]);
        System.arraycopy(actions[i], 0, out, (int) ((from + i) * actionDim), actionDim);
      }
    }
    return out;
  }

  private Tensor gatherRows(float[] perRow, long[] rows, int width) {
    float[] out = new float[rows.length * width];
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(perRow, (int) (rows[k] * width), out, k * width, width);
    }
    Tensor t = Tensor.wrap(out, Shape.of(rows.length, width));
    return config.dtype() == DType.F32 ? t : t.to(config.dtype());
  }

  /** A fitted {@code Q^pi} with {@code V^(s) = Q^pi(s, pi(s))}. */
  public static final class Model implements ValueModel {
    private final CriticEnsemble critic;
    private final Params params;
    private final DeterministicPolicy policy;
    private final DType dtype;
    private final int stateDim;
    private final int actionDim;
    private final double finalLoss;

    private Model(CriticEnsemble critic, Params params, DeterministicPolicy policy, DType dtype, int stateDim,
        int actionDim, double finalLoss) {
      this.critic = critic;
      this.params = params;
      this.policy = policy;
      this.dtype = dtype;
      this.stateDim = stateDim;
      this.actionDim = actionDim;
      this.finalLoss = finalLoss;
    }

    /** The regression loss of the last Adam step, for diagnostics. */
    public double finalLoss() {
      return finalLoss;
    }

    /** The critic's parameters. */
    public Params params() {
      return params;
    }

    @Override
    public double q(float[] state, float[] action) {
      return q(new float[][] {state}, new float[][] {action})[0];
    }

    @Override
    public double v(float[] state) {
      return v(new float[][] {state})[0];
    }

    @Override
    public double[] q(float[][] states, float[][] actions) {
      Tensor out = critic.q(params, matrix("state", states, stateDim), matrix("action", actions, actionDim));
      return out.toDoubleArray();
    }

    @Override
    public double[] v(float[][] states) {
      return q(states, policy.act(states));
    }

    private Tensor matrix(String what, float[][] rows, int width) {
      float[] flat = new float[rows.length * width];
      for (int i = 0; i < rows.length; i++) {
        if (rows[i].length != width) {
          throw new IllegalArgumentException("fqe model: " + what + " " + i + " has " + rows[i].length
              + " values, the critic was fitted on " + width);
        }
        System.arraycopy(rows[i], 0, flat, i * width, width);
      }
      Tensor t = Tensor.wrap(flat, Shape.of(rows.length, width));
      return dtype == DType.F32 ? t : t.to(dtype);
    }
  }
}
