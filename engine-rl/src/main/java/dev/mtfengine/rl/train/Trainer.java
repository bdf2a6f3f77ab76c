package dev.mtfengine.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training loop: sample a minibatch, update, report to the listeners, evaluate every k
 * iterations, checkpoint every c iterations. Stops with a {@link TrainingDivergedException} naming
 * the iteration, the quantity and its value as soon as a logged scalar is NaN or infinite, or (at
 * each parameter check and before each checkpoint) a parameter is.
 *
 * <p>Determinism: minibatches come from one {@link Xoshiro256StarStar} stream seeded by {@code
 * seed}; its state and the algorithm's whole state go into every checkpoint, so {@link
 * #resumeFrom} continues exactly where the checkpoint was taken, bit for bit.
 */
public final class Trainer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Trainer.class);


  /** Computes evaluation scalars of the current policy (e.g. its value in a simulator). */
  @FunctionalInterface
  public interface Evaluator {
    Map<String, Double> evaluate(OfflineAlgorithm algorithm);
  }

  /**
   * Loop settings.
   *
   * @param iterations train until this iteration count
   * @param batchSize minibatch size (256 in the paper)
   * @param evaluateEvery iterations between evaluations (0: only at the end)
   * @param checkpointEvery iterations between checkpoints (0: only at the end; needs a run directory)
   * @param parameterCheckEvery iterations between scans of every parameter for NaN/infinity
   * @param seed seed of the minibatch sampling stream
   * @param dtype precision of the minibatches (the algorithm's)
   */
  public record Config(long iterations, int batchSize, int evaluateEvery, int checkpointEvery,
      int parameterCheckEvery, long seed, DType dtype) {
    public Config {
      if (iterations < 0 || batchSize < 1 || evaluateEvery < 0 || checkpointEvery < 0 || parameterCheckEvery < 1) {
        throw new IllegalArgumentException("trainer: need iterations >= 0, batchSize >= 1, evaluateEvery >= 0, "
            + "checkpointEvery >= 0, parameterCheckEvery >= 1; got " + iterations + ", " + batchSize + ", "
            + evaluateEvery + ", " + checkpointEvery + ", " + parameterCheckEvery);
      }
    }
  }

  private final OfflineAlgorithm algorithm;
  private final Object algorithmConfig;
  private final TransitionSet data;
  private final Config config;
  private final Evaluator evaluator;
  private final Path runDirectory;
  private final List<TrainingListener> listeners;
  private final MinibatchSampler sampler;
  private final Xoshiro256StarStar rng;
  private long iteration;

  /**
   * @param algorithmConfig the algorithm's config record, stored in checkpoints and compared on resume
   * @param evaluator null for none
   * @param runDirectory where checkpoints go; null for none
   */
  public Trainer(OfflineAlgorithm algorithm, Object algorithmConfig, TransitionSet data, Config config,
      Evaluator evaluator, Path runDirectory, List<TrainingListener> listeners) {
    if (config.checkpointEvery() > 0 && runDirectory == null) {
      throw new IllegalArgumentException("trainer: checkpointEvery > 0 needs a run directory");
    }
    this.algorithm = algorithm;
    this.algorithmConfig = algorithmConfig;
    this.data = data;
    this.config = config;
    this.evaluator = evaluator;
    this.runDirectory = runDirectory;
    this.listeners = List.copyOf(listeners);
    this.sampler = new MinibatchSampler(data, config.dtype());
    this.rng = new Xoshiro256StarStar(config.seed());
    // a warm-started algorithm (restored from an earlier run) keeps counting: iterations and
    // checkpoint names continue from its own counter, and config.iterations() is the total
    this.iteration = algorithm.state().iteration();
  }

  /** The number of iterations done so far. */
  public long iteration() {
    return iteration;
  }

  /**
   * Restores the algorithm and the sampling stream from a checkpoint written by a run with the same
   * algorithm, config and data; refuses any mismatch with a message saying which.
   */
  public void resumeFrom(Path checkpointDirectory) {
    Checkpoint.Contents c = Checkpoint.read(checkpointDirectory);
    String where = "resume from " + checkpointDirectory;
    if (!c.algorithm().equals(algorithm.name())) {
      throw new IllegalArgumentException(where + ": the checkpoint is of '" + c.algorithm() + "', this run trains '" + algorithm.name() + "'");
    }
    JsonNode mine = Checkpoint.configJson(algorithmConfig);
    if (!mine.equals(c.config())) {
      throw new IllegalArgumentException(where + ": the algorithm config differs from the checkpoint's\n  checkpoint: "
          + c.config() + "\n  this run:   " + mine);
    }
    if (!c.dataHash().equals(data.contentHash())) {
      throw new IllegalArgumentException(where + ": the checkpoint was trained on data " + c.dataHash()
          + ", this run has data " + data.contentHash());
    }
    try {
      algorithm.restore(c.state());
      rng.restore(c.samplerRng());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage() + "; the checkpoint is damaged or of"
          + " another network layout", e);
    }
    iteration = c.state().iteration();
  }

  /**
   * Trains until {@code config.iterations()} (counted from the algorithm's own iteration counter,
   * so for a warm-started algorithm it is the total over both runs); returns the final count.
   */
  public long run() {
    long end = config.iterations();
    if (runDirectory != null) {
      for (String leftover : Checkpoint.removeLeftovers(runDirectory)) {
        LOG.info("removed {} left in {} by an interrupted run", leftover, runDirectory);
      }
    }
    listeners.forEach(l -> l.onStart(iteration, end));
    while (iteration < end) {
      Map<String, Double> metrics = algorithm.update(sampler.sample(config.batchSize(), rng));
      iteration++;
      metrics.forEach((k, v) -> {
        if (!Double.isFinite(v)) {
          throw new TrainingDivergedException(iteration, algorithm.name() + " " + k + " is " + v);
        }
      });
      for (TrainingListener l : listeners) {
        l.onIteration(iteration, metrics);
      }
      if (iteration % config.parameterCheckEvery() == 0) {
        checkParameters();
      }
      if (evaluator != null && config.evaluateEvery() > 0 && iteration % config.evaluateEvery() == 0) {
        evaluate();
      }
      if (config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0) {
        checkpoint();
      }
    }
    if (evaluator != null && (config.evaluateEvery() == 0 || end % config.evaluateEvery() != 0)) {
      evaluate();
    }
    if (runDirectory != null && (config.checkpointEvery() == 0 || end % config.checkpointEvery() != 0)) {
      checkpoint();
    }
    listeners.forEach(l -> l.onEnd(iteration));
    return iteration;
  }

  private void evaluate() {
    Map<String, Double> m = evaluator.evaluate(algorithm);
    listeners.forEach(l -> l.onEvaluation(iteration, m));
  }

  private void checkpoint() {
    AlgorithmState s = checkParameters();
    Path dir = runDirectory.resolve(Checkpoint.name(iteration));
    if (java.nio.file.Files.exists(dir)) {
      return; // this iteration is already saved (a run resumed from it)
    }
    Checkpoint.write(dir, algorithm.name(), algorithmConfig, s, rng.state(), data.contentHash());
    listeners.forEach(l -> l.onCheckpoint(iteration, dir));
  }

  private AlgorithmState checkParameters() {
    AlgorithmState s = algorithm.state();
    for (Map.Entry<String, Params> e : s.params().entrySet()) {
      for (String n : e.getValue().names()) {
        Tensor t = e.getValue().get(n);
        int bad = t.firstNonFinite();
        if (bad >= 0) {
          throw new TrainingDivergedException(iteration, algorithm.name() + " parameter " + e.getKey() + "/" + n
              + " " + t.shape() + " has " + t.getDouble(bad) + " at flat index " + bad);
        }
      }
    }
    return s;
  }
}
