package dev.mtfengine.rl.data;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Uniform minibatches with replacement from a transition set, drawn with the generator passed to
 * each call (so the caller owns, seeds and checkpoints the stream). Rows are drawn first, then
 * gathered column by column, so a batch depends only on the generator state and the data.
 */
public final class MinibatchSampler {
  private final TransitionSet set;
  private final DType dtype;

  public MinibatchSampler(TransitionSet set, DType dtype) {
    if (set.size() == 0) {
      throw new IllegalArgumentException("minibatch sampler: the transition set is empty");
    }
    this.set = set;
    this.dtype = dtype;
  }

  /** {@code batchSize} rows drawn uniformly with replacement. */
  public Batch sample(int batchSize, RandomGenerator rng) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("minibatch sampler: batch size must be >= 1, got " + batchSize);
    }
    long[] rows = new long[batchSize];
    for (int i = 0; i < batchSize; i++) {
      rows[i] = rng.nextLong(set.size());
    }
    return gather(rows);
  }

  /** The given rows as a batch, in order. */
  public Batch gather(long[] rows) {
    TransitionSchema s = set.schema();
    int b = rows.length;
    float[] reward = new float[b];
    float[] done = new float[b];
    double[] density = new double[b];
    for (int i = 0; i < b; i++) {
      reward[i] = set.reward(rows[i]);
      done[i] = set.terminationProbability(rows[i]);
      density[i] = set.behaviourDensity(rows[i]);
    }
    return new Batch(
        column(Column.STATE, rows, s.stateDim()),
        column(Column.ACTION, rows, s.actionDim()),
        tensor(reward, Shape.of(b, 1)),
        column(Column.REWARD_COMPONENTS, rows, s.componentCount()),
        column(Column.NEXT_STATE, rows, s.stateDim()),
        tensor(done, Shape.of(b, 1)),
        column(Column.BASELINE_ACTION, rows, s.actionDim()),
        column(Column.NEXT_BASELINE_ACTION, rows, s.actionDim()),
        Tensor.wrap(density, Shape.of(b, 1)).to(dtype));
  }

  private Tensor column(Column c, long[] rows, int width) {
    float[] out = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      set.copy(c, rows[i], out, i * width);
    }
    return tensor(out, Shape.of(rows.length, width));
  }

  private Tensor tensor(float[] values, Shape shape) {
    Tensor t = Tensor.wrap(values, shape);
    return dtype == DType.F32 ? t : t.to(dtype);
  }
}
