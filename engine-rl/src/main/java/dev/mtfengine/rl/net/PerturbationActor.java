package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * BCQ's perturbation model {@code xi_phi(s, a, Phi)} (arXiv 1812.02900): an MLP with ReLU hidden
 * layers and a tanh output scaled by {@code rho} (the paper's Phi), so each coordinate of the
 * correction lies in {@code [-rho, rho]}; the perturbed action {@code a + xi} is clipped to the
 * normalised box {@code [-1, 1]^A}. It can only nudge a generated action, never replace it, which is
 * what keeps the policy near the data.
 */
public final class PerturbationActor {
  private final Mlp mlp;
  private final double rho;

  /** @param rho the largest correction per coordinate, in normalised action units (BatchRL-MTF: 0.15) */
  public PerturbationActor(int stateDim, int actionDim, List<Integer> hidden, double rho) {
    if (!(rho >= 0 && rho <= 2)) {
      throw new IllegalArgumentException("perturbation actor: rho must be in [0, 2], got " + rho);
    }
    this.mlp = new Mlp(stateDim + actionDim, hidden, actionDim, Activation.RELU, Activation.TANH);
    this.rho = rho;
  }

  public Params init(RandomGenerator rng, DType dtype) {
    return mlp.init(rng, dtype);
  }

  /** {@code xi(s, a) = rho tanh(f(s, a))}: state [B, S], action [B, A] to [B, A] in [-rho, rho]. */
  public Tensor correction(Params params, Tensor state, Tensor action) {
    return Ops.mul(mlp.forward(params, Ops.concat(state, action)), rho);
  }

  /** {@code clip(a + xi(s, a), -1, 1)}: [B, A]. */
  public Tensor perturb(Params params, Tensor state, Tensor action) {
    return Ops.clamp(Ops.add(action, correction(params, state, action)), -1, 1);
  }

  public double rho() {
    return rho;
  }
}
