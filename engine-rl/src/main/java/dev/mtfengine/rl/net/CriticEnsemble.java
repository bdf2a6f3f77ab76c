package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.EnsembleMlp;
import dev.mtfengine.tensor.nn.Params;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * M independent critics {@code Q_1..Q_M(s, a)} computed as one batched network: every layer is one
 * batched matmul over the ensemble axis, so 24 critics cost one pass, not 24 graphs. Members are
 * initialised independently (each its own draws).
 */
public final class CriticEnsemble {
  private final EnsembleMlp net;

  public CriticEnsemble(int members, int stateDim, int actionDim, List<Integer> hidden) {
    this.net = new EnsembleMlp(members, stateDim + actionDim, hidden, 1, Activation.RELU, Activation.IDENTITY);
  }

  public Params init(RandomGenerator rng, DType dtype) {
    return net.init(rng, dtype);
  }

  public int members() {
    return net.members();
  }

  /** {@code Q_i(s, a)} for every member: state [B, S], action [B, A] to [M, B, 1]. */
  public Tensor q(Params params, Tensor state, Tensor action) {
    return net.forward(params, List.of(state, action));
  }

  public EnsembleMlp net() {
    return net;
  }
}
