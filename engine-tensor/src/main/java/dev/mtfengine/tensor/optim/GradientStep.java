package dev.mtfengine.tensor.optim;

import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import java.util.function.Function;

/**
 * One optimiser step on a loss of some parameters: watch them on a fresh tape, compute the loss,
 * differentiate it with respect to those parameters only, and let the optimiser update them. Every
 * learner's update is a sequence of these.
 */
public final class GradientStep {

  /**
   * The updated parameters and what the objective returned (the loss, or a record holding it and
   * the terms worth logging).
   */
  public record Result<T>(Params params, T value) {}

  private GradientStep() {}

  /** Minimises {@code loss(params)}; returns the new parameters and the loss before the step. */
  public static Result<Tensor> minimise(Params params, Optimizer optimizer, Function<Params, Tensor> loss) {
    return minimise(params, optimizer, loss, Function.identity());
  }

  /**
   * Minimises {@code lossOf(objective(params))}, where the objective may return more than the loss
   * (e.g. the terms of the loss, for logging).
   */
  public static <T> Result<T> minimise(Params params, Optimizer optimizer, Function<Params, T> objective,
      Function<T, Tensor> lossOf) {
    Tape tape = new Tape();
    Params tracked = params.watch(tape);
    T value = objective.apply(tracked);
    Tensor loss = lossOf.apply(value);
    Params grads = tracked.gradients(tape.backward(loss, tracked.tensors()));
    return new Result<>(optimizer.step(params, grads), value);
  }
}
