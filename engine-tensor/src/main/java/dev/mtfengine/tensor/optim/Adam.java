package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import java.util.Objects;

/**
 * Adam, Algorithm 1 of Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
 * (arXiv:1412.6980), with optional weight decay: decoupled as in AdamW (Loshchilov and Hutter,
 * "Decoupled Weight Decay Regularization", ICLR 2019, arXiv:1711.05101, Algorithm 2) or coupled L2
 * added to the gradient (PyTorch's {@code Adam(weight_decay=...)}).
 *
 * <p>Every update is one pass over each parameter's elements on untracked values (never recorded
 * on a tape), with the bits of the same lines written as element-wise tensor ops (which a test
 * keeps checking). The moments are created as zeros at the first step, named
 * after the parameters; {@link #state()} exports them as {@code "m/<name>"} and {@code "v/<name>"}.
 * They are this optimiser's own arrays, updated in place: made here (zeros, or copies of what
 * {@link #restore} is given) and never handed out ({@link #state()} exports copies), so no one
 * else can see them change. New moment arrays every step cost two allocations of every
 * parameter's size (about 20 MB a step for 24 hidden-256 critics; issue 12).
 *
 * <p>Interpretation: the bias corrections {@code 1 - beta^t} are computed in double and rounded
 * once to the parameter dtype; the update follows the paper's line order literally ({@code mhat},
 * {@code vhat}, then the step), not PyTorch's folded {@code step_size = lr / (1 - beta1^t)}, so F32
 * results may differ from PyTorch in the last bits.
 */
public final class Adam implements Optimizer {
  /** The kind recorded in {@link OptimizerState#optimizer()}. */
  public static final String NAME = "Adam";
  private static final String FIRST_MOMENT = "m/";
  private static final String SECOND_MOMENT = "v/";

  /**
   * Hyper-parameters of Adam / AdamW.
   *
   * @param lr step size alpha (paper default 0.001; this project uses 1e-4 actor, 2e-4 critics)
   * @param beta1 exponential decay rate of the first-moment estimate m (paper default 0.9)
   * @param beta2 exponential decay rate of the second-moment estimate v (paper default 0.999)
   * @param eps epsilon added to sqrt(vhat) so the division is safe (paper default 1e-8)
   * @param weightDecay weight decay lambda (default 0: plain Adam; AdamW's paper uses e.g. 0.01)
   * @param decoupled true: AdamW, theta shrinks by lr * lambda * theta; false: L2, lambda * theta
   *     is added to the gradient before the moments
   */
  public record Config(double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled) {
    public Config {
      requireFinite("lr", lr);
      if (!(lr > 0)) {
        throw new IllegalArgumentException("Adam.Config: lr must be > 0, got " + lr);
      }
      if (!(beta1 >= 0 && beta1 < 1)) {
        throw new IllegalArgumentException("Adam.Config: beta1 must be in [0, 1), got " + beta1);
      }
      if (!(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("Adam.Config: beta2 must be in [0, 1), got " + beta2);
      }
      requireFinite("eps", eps);
      if (!(eps >= 0)) {
        throw new IllegalArgumentException("Adam.Config: eps must be >= 0, got " + eps);
      }
      requireFinite("weightDecay", weightDecay);
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException(
            "Adam.Config: weightDecay must be >= 0, got " + weightDecay);
      }
    }

    /** Adam with the paper's defaults (beta1 0.9, beta2 0.999, eps 1e-8) and no weight decay. */
    public static Config defaults(double lr) {
      return new Config(lr, 0.9, 0.999, 1e-8, 0.0, false);
    }

    /** AdamW: the paper defaults with decoupled weight decay {@code weightDecay}. */
    public static Config adamW(double lr, double weightDecay) {
      return new Config(lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    private static void requireFinite(String name, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("Adam.Config: " + name + " must be finite, got " + value);
      }
    }
  }

  private final Config config;
  /** Number of steps taken, the paper's t. */
  private long t;
  /** First-moment estimates m, named like the parameters; null before the first step. */
  private Params m;
  /** Second raw-moment estimates v, named like the parameters; null before the first step. */
  private Params v;

  public Adam(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public Config config() {
    return config;
  }

  /** Steps taken so far (the paper's t). */
  public long stepCount() {
    return t;
  }

  @Override
  public Params step(Params params, Params grads) {
    params.requireSameLayout("Adam.step: params vs grads", grads);
    // Work on untracked values: an optimiser step is never differentiated.
    Params theta = params.detach();
    Params g = grads.detach();
    // m_0 <- 0, v_0 <- 0 (initialise the moment vectors), named like the parameters
    Params mPrev = m != null ? m : theta.map(p -> Tensor.zeros(p.dtype(), p.shape()));
    Params vPrev = v != null ? v : theta.map(p -> Tensor.zeros(p.dtype(), p.shape()));
    theta.requireSameLayout("Adam.step: params vs first moments", mPrev);
    // every check before the first moment is overwritten: a refused step changes nothing
    for (String name : theta.names()) {
      requireOneDType(theta.get(name), g.get(name), mPrev.get(name), vPrev.get(name));
    }
    // t <- t + 1
    long tNext = t + 1;
    // 1 - beta1^t and 1 - beta2^t in double, shared by every parameter
    double biasCorrection1 = 1.0 - Math.pow(config.beta1(), tNext);
    double biasCorrection2 = 1.0 - Math.pow(config.beta2(), tNext);
    Params.Builder thetaOut = Params.builder();
    for (String name : theta.names()) {
      thetaOut.put(name, update(theta.get(name), g.get(name), mPrev.get(name), vPrev.get(name),
          biasCorrection1, biasCorrection2));
    }
    t = tNext;
    m = mPrev;
    v = vPrev;
    return thetaOut.build();
  }

  private static void requireOneDType(Tensor theta, Tensor grad, Tensor mPrev, Tensor vPrev) {
    if (grad.dtype() != theta.dtype() || mPrev.dtype() != theta.dtype() || vPrev.dtype() != theta.dtype()) {
      throw new IllegalArgumentException("Adam.step: parameter " + theta.dtype() + ", gradient " + grad.dtype()
          + " and moments " + mPrev.dtype() + "/" + vPrev.dtype() + " must share one dtype");
    }
  }

  /**
   * One parameter's update, Algorithm 1 line by line (each comment is the paper's line), as one
   * pass over the elements: each element goes through exactly the operations the paper's lines
   * name, in their order, each rounded to the parameter dtype (the scalars too: {@code 1 - beta1}
   * is computed in double and rounded once, as a scalar tensor of that dtype would be), so the
   * result is the bits a chain of element-wise tensor ops gives, without the chain's fourteen
   * intermediate arrays. All tensors have the parameter's shape and dtype. Returns theta_t; m_t and
   * v_t overwrite m_{t-1} and v_{t-1} in this optimiser's own arrays (each element is read before
   * it is written).
   */
  private Tensor update(Tensor thetaPrev, Tensor grad, Tensor mPrev, Tensor vPrev,
      double biasCorrection1, double biasCorrection2) {
    double alpha = config.lr();
    double lambda = config.weightDecay();
    // L2 regularisation, coupled: g_t <- g_t + lambda theta_{t-1}; AdamW (Loshchilov and Hutter,
    // Alg. 2 line 12, schedule multiplier eta_t = alpha as in PyTorch): theta <- theta_{t-1} -
    // alpha lambda theta_{t-1}, applied first like PyTorch
    double coupledDecay = config.decoupled() ? 0 : lambda;
    double decoupledDecay = config.decoupled() ? alpha * lambda : 0;
    int n = thetaPrev.size();
    if (thetaPrev.dtype() == DType.F32) {
      float[] th = thetaPrev.rawF32();
      float[] g = grad.rawF32();
      float[] m0 = mPrev.rawF32();
      float[] v0 = vPrev.rawF32();
      float[] thOut = new float[n];
      float b1 = (float) config.beta1();
      float c1 = (float) (1 - config.beta1());
      float b2 = (float) config.beta2();
      float c2 = (float) (1 - config.beta2());
      float bc1 = (float) biasCorrection1;
      float bc2 = (float) biasCorrection2;
      float eps = (float) config.eps();
      float a = (float) alpha;
      float lc = (float) coupledDecay;
      float ld = (float) decoupledDecay;
      boolean coupled = coupledDecay != 0;
      boolean decoupled = decoupledDecay != 0;
      for (int i = 0; i < n; i++) {
        // g_t <- grad_theta f_t(theta_{t-1})   (t <- t + 1 was done once for all parameters)
        float gt = coupled ? g[i] + th[i] * lc : g[i];
        // m_t <- beta1 m_{t-1} + (1 - beta1) g_t
        float mt = m0[i] * b1 + gt * c1;
        // v_t <- beta2 v_{t-1} + (1 - beta2) g_t^2
        float vt = v0[i] * b2 + gt * gt * c2;
        // mhat_t <- m_t / (1 - beta1^t);  vhat_t <- v_t / (1 - beta2^t)
        float mHat = mt / bc1;
        float vHat = vt / bc2;
        // theta_t <- theta_{t-1} - alpha mhat_t / (sqrt(vhat_t) + eps)
        float t0 = decoupled ? th[i] - th[i] * ld : th[i];
        thOut[i] = t0 - mHat / ((float) Math.sqrt(vHat) + eps) * a;
        m0[i] = mt; // m_t over m_{t-1}, this optimiser's own array
        v0[i] = vt;
      }
      return Tensor.wrap(thOut, thetaPrev.shape());
    }
    double[] th = thetaPrev.rawF64();
    double[] g = grad.rawF64();
    double[] m0 = mPrev.rawF64();
    double[] v0 = vPrev.rawF64();
    double[] thOut = new double[n];
    double b1 = config.beta1();
    double c1 = 1 - b1;
    double b2 = config.beta2();
    double c2 = 1 - b2;
    boolean coupled = coupledDecay != 0;
    boolean decoupled = decoupledDecay != 0;
    for (int i = 0; i < n; i++) {
      // the F32 loop's lines, in double
      double gt = coupled ? g[i] + th[i] * coupledDecay : g[i];
      double mt = m0[i] * b1 + gt * c1;
      double vt = v0[i] * b2 + gt * gt * c2;
      double mHat = mt / biasCorrection1;
      double vHat = vt / biasCorrection2;
      double t0 = decoupled ? th[i] - th[i] * decoupledDecay : th[i];
      thOut[i] = t0 - mHat / (Math.sqrt(vHat) + config.eps()) * alpha;
      m0[i] = mt;
      v0[i] = vt;
    }
    return Tensor.wrap(thOut, thetaPrev.shape());
  }

  @Override
  public OptimizerState state() {
    // copies: the live moments change in place at the next step
    Params moments = m == null
        ? Params.empty()
        : m.map(Adam::copy).withPrefix(FIRST_MOMENT).concat(v.map(Adam::copy).withPrefix(SECOND_MOMENT));
    return new OptimizerState(NAME, t, moments);
  }

  @Override
  public void restore(OptimizerState state) {
    if (!NAME.equals(state.optimizer())) {
      throw new IllegalArgumentException(
          "Adam.restore: state was exported by " + state.optimizer() + ", not " + NAME);
    }
    Params moments = state.moments();
    if (moments.isEmpty()) {
      if (state.step() != 0) {
        throw new IllegalArgumentException(
            "Adam.restore: step " + state.step() + " but no moments");
      }
      t = 0;
      m = null;
      v = null;
      return;
    }
    Params first = moments.withoutPrefix(FIRST_MOMENT);
    Params second = moments.withoutPrefix(SECOND_MOMENT);
    first.requireSameLayout("Adam.restore: first vs second moments", second);
    if (first.size() + second.size() != moments.size()) {
      throw new IllegalArgumentException(
          "Adam.restore: moments must all be named m/<param> or v/<param>, got " + moments.names());
    }
    t = state.step();
    // copies: the caller's tensors must not change when this optimiser steps
    m = first.map(Adam::copy);
    v = second.map(Adam::copy);
  }

  /** A new array holding {@code x}'s values: a moment this optimiser may overwrite. */
  private static Tensor copy(Tensor x) {
    return x.dtype() == DType.F32 ? Tensor.wrap(x.rawF32().clone(), x.shape()) : Tensor.wrap(x.rawF64().clone(), x.shape());
  }

  @Override
  public String toString() {
    return "Adam" + config + " at step " + t;
  }
}
