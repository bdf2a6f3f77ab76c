package dev.mtfengine.spark;

import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.task.SeedTree;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.rl.algo.BaselineCloning;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.checkpoint.Checkpoint;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.train.Trainer;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training of any learner on Spark by periodic parameter averaging (local SGD,
 * "model averaging"; docs/scale-out.md). Each partition owns a slice of the transition shards and
 * trains its own copy of the learner on it; every {@code localSteps} updates the copies' complete
 * states (parameters, target networks and optimiser moments) are averaged with {@link
 * ExactAverage} ({@code treeAggregate}), and the mean is broadcast back as every copy's start of
 * the next round.
 *
 * <p>One round, for worker p of P in round r: restore the broadcast mean with the worker's own
 * learner stream (seed of {@link SeedTree.Purpose#WORKER_STREAM}, method {@code <learner>-worker-p},
 * round r); train {@code localSteps} minibatches drawn from its slice (sampler seed of {@link
 * SeedTree.Purpose#MINIBATCHES}, same method and round); return the state. Round 0 first fits a
 * deterministic actor to the logged baseline actions on the worker's slice, as {@code mtf train}
 * does on all the data ({@link SeedTree.Purpose#CLONING}). Every draw therefore comes from a stream
 * named by (seed, learner, worker, round), and the average is exact: the same seed, shards,
 * partitions and kernel path give the same bits, however Spark schedules the tasks.
 *
 * <p>{@code iterations} counts updates over all workers, so a run of N iterations on P workers
 * sees as many samples as {@code mtf train} with N iterations on one machine; each worker does
 * N / P of them in rounds of {@code localSteps}. The run directory (the driver's local disk)
 * receives a checkpoint of the mean after every {@code checkpointEveryRounds} rounds and at the
 * end; rerunning the same command resumes from the newest one, bit-identically.
 */
public final class DataParallelTraining {
  private static final Logger LOG = LoggerFactory.getLogger(DataParallelTraining.class);
  /** What the run wrote, beside the checkpoints. */
  public static final String SUMMARY = "training.json";

  private DataParallelTraining() {}

  /**
   * A run.
   *
   * @param shards transition shards ({@code .mtft} files or directories of them), split into
   *     contiguous slices over the partitions in name order
   * @param out the run directory on the driver's local disk
   * @param learner which learner
   * @param settings its shared settings (state and action widths are checked against the shards);
   *     their task's seed tree names every stream
   * @param iterations updates over all workers (N / P per worker)
   * @param batchSize minibatch size
   * @param localSteps K, updates each worker makes between two averages
   * @param partitions P, the workers (at most the number of shards)
   * @param cloningIterations steps fitting the actor to the baseline before round 0 (0: none)
   * @param checkpointEveryRounds rounds between checkpoints of the mean (the last round always)
   */
  public record Options(List<String> shards, Path out, Learner learner, Learner.Settings settings, long iterations,
      int batchSize, int localSteps, int partitions, int cloningIterations, int checkpointEveryRounds) {
    public Options {
      shards = List.copyOf(shards);
      if (localSteps < 1 || partitions < 1 || batchSize < 1 || checkpointEveryRounds < 1 || cloningIterations < 0) {
        throw new IllegalArgumentException("data-parallel training: need local steps, partitions, batch size and"
            + " checkpoint period >= 1 and cloning iterations >= 0; got " + localSteps + ", " + partitions + ", "
            + batchSize + ", " + checkpointEveryRounds + ", " + cloningIterations);
      }
      if (iterations < partitions) {
        throw new IllegalArgumentException("data-parallel training: " + iterations + " iterations over " + partitions
            + " workers leaves a worker without an update; ask for at least " + partitions);
      }
    }

    long perWorker() {
      return iterations / partitions;
    }

    int rounds() {
      return (int) ((perWorker() + localSteps - 1) / localSteps);
    }

    /** Updates the worker makes in round r (the last round may be shorter). */
    long stepsIn(int round) {
      return Math.min(localSteps, perWorker() - (long) round * localSteps);
    }
  }

  /**
   * What the run did.
   *
   * @param updates updates over all workers (N rounded down to a multiple of P)
   * @param seconds wall time of the training rounds run by this call (resumed rounds excluded)
   * @param updatesPerSecond updates over all workers per second of this call's rounds
   */
  public record Summary(String learner, int partitions, int localSteps, int rounds, int resumedRounds, long updates,
      double seconds, double updatesPerSecond, Path checkpoint, String dataHash) {}

  /** The trained learner (the mean after the last round) and the summary. */
  public record Result(Learner.Built learner, Summary summary) {}

  /** Executor-side cache of each worker's slice, loaded once per run and executor. */
  private static final Map<String, TransitionSet> SLICES = new ConcurrentHashMap<>();

  public static Result run(SparkSession spark, Options o) {
    List<String> files = ShardStore.list(o.shards(), ".mtft");
    if (o.partitions() > files.size()) {
      throw new IllegalArgumentException(o.partitions() + " partitions but " + files.size() + " shard(s) in "
          + o.shards() + "; a worker trains on whole shards: ask for at most " + files.size()
          + " partitions, or write more shards (logs-to-transitions --partitions)");
    }
    TransitionSet first = ShardStore.read(files.get(0));
    if (first.schema().stateDim() != o.settings().stateDim() || first.schema().actionDim() != o.settings().actionDim()) {
      throw new IllegalArgumentException(files.get(0) + ": states of width " + first.schema().stateDim()
          + " and actions of width " + first.schema().actionDim() + ", the learner was set up for "
          + o.settings().stateDim() + " and " + o.settings().actionDim());
    }
    String dataHash = combinedHash(spark, files, o.partitions());
    Learner.Built driver = o.learner().build(o.settings());
    AlgorithmState template = driver.algorithm().state();
    FlatState mean = FlatState.of(template);
    int startRound = 0;
    try {
      Files.createDirectories(o.out());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the run directory " + o.out() + ": " + e.getMessage(), e);
    }
    Optional<Path> latest = Checkpoint.latestValid(o.out(), LOG::warn);
    if (latest.isPresent()) {
      Checkpoint.Contents c = Checkpoint.read(latest.get());
      if (!c.dataHash().equals(dataHash) || !Checkpoint.configJson(driver.config()).equals(c.config())) {
        throw new IllegalArgumentException(o.out() + " holds a checkpoint of other data or another learner config ("
            + latest.get() + "); use another run directory");
      }
      long done = c.state().iteration(); // updates per worker so far
      if (done > o.perWorker() || (done % o.localSteps() != 0 && done != o.perWorker())) {
        throw new IllegalArgumentException(latest.get() + " was written after " + done + " updates per worker, which"
            + " is not the end of a round of this run (" + o.localSteps() + " updates per round, " + o.perWorker()
            + " per worker); resume with the run's --iterations, --partitions and --local-steps, or use another --out");
      }
      driver.algorithm().restore(c.state());
      mean = FlatState.of(c.state());
      startRound = done >= o.perWorker() ? o.rounds() : (int) (done / o.localSteps());
      LOG.info("data-parallel training: resuming after round {} from {}", startRound, latest.get());
    }

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String runId = dataHash.substring(0, 12) + "-" + o.settings().task().seeds().root() + "-" + o.partitions();
    JavaRDD<String> slices = jsc.parallelize(files, o.partitions());
    WorkerSpec spec = new WorkerSpec(o.learner().id(), Json.write(o.settings()), o.perWorker(), o.localSteps(),
        o.batchSize(), o.cloningIterations());
    long start = System.nanoTime();
    Path checkpoint = latest.orElse(null);
    for (int round = startRound; round < o.rounds(); round++) {
      long roundStart = System.nanoTime();
      Broadcast<FlatState> shared = jsc.broadcast(mean);
      JavaRDD<FlatState> states = slices.mapPartitionsWithIndex(new Worker(spec, round, shared, runId), false)
          .persist(StorageLevel.MEMORY_AND_DISK());
      mean = ExactAverage.of(states, o.partitions(), 2);
      states.unpersist();
      shared.destroy();
      boolean last = round + 1 == o.rounds();
      LOG.info(String.format(java.util.Locale.ROOT, "data-parallel training: round %d/%d, %d updates per worker, %.2f s",
          round + 1, o.rounds(), o.stepsIn(round), (System.nanoTime() - roundStart) * 1e-9));
      if (last || (round + 1) % o.checkpointEveryRounds() == 0) {
        AlgorithmState state = mean.into(template.rngState());
        driver.algorithm().restore(state);
        Path dir = o.out().resolve(Checkpoint.name(state.iteration()));
        if (!Files.exists(dir)) {
          checkpoint = Checkpoint.write(dir, driver.algorithm().name(), driver.config(), state, new long[0], dataHash);
        }
      }
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    int ran = o.rounds() - startRound;
    long updatesRun = ran == 0 ? 0 : (o.perWorker() - (long) startRound * o.localSteps()) * o.partitions();
    jsc.parallelize(List.of(runId), 1).foreach(id -> SLICES.keySet().removeIf(k -> k.startsWith(id)));
    SLICES.keySet().removeIf(k -> k.startsWith(runId));
    Summary summary = new Summary(o.learner().id(), o.partitions(), o.localSteps(), o.rounds(), startRound,
        o.perWorker() * o.partitions(), seconds, ran == 0 ? 0 : updatesRun / seconds, checkpoint, dataHash);
    try {
      dev.mtfengine.rl.io.AtomicFiles.writeString(o.out().resolve(SUMMARY), Json.write(summary));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot write " + o.out().resolve(SUMMARY) + ": " + e.getMessage(), e);
    }
    return new Result(driver, summary);
  }

  /**
   * The data's identity: SHA-256 over the shards' content hashes in slice order, with the
   * partitioning (so a checkpoint is never resumed on other data or another split).
   */
  private static String combinedHash(SparkSession spark, List<String> files, int partitions) {
    List<String> hashes = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, Math.min(files.size(), 64)).map(f -> ShardStore.read(f).contentHash()).collect();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("partitions=" + partitions).getBytes(StandardCharsets.UTF_8));
      for (String h : hashes) {
        sha.update(h.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /**
   * What every worker needs, in a form Spark can ship: the learner by id and its settings as JSON
   * (the engine's records are not {@link Serializable}).
   */
  record WorkerSpec(String learner, String settingsJson, long perWorker, int localSteps, int batchSize,
      int cloningIterations) implements Serializable {
    Learner.Settings settings() {
      return Json.read(settingsJson, Learner.Settings.class);
    }

    long stepsIn(int round) {
      return Math.min(localSteps, perWorker - (long) round * localSteps);
    }
  }

  /** One worker's round: its slice, the broadcast mean, K updates, its state back. */
  private static final class Worker implements Function2<Integer, Iterator<String>, Iterator<FlatState>> {
    private static final long serialVersionUID = 1L;
    private final WorkerSpec o;
    private final int round;
    private final Broadcast<FlatState> mean;
    private final String runId;

    Worker(WorkerSpec o, int round, Broadcast<FlatState> mean, String runId) {
      this.o = o;
      this.round = round;
      this.mean = mean;
      this.runId = runId;
    }

    @Override
    public Iterator<FlatState> call(Integer partition, Iterator<String> files) {
      List<String> mine = new ArrayList<>();
      files.forEachRemaining(mine::add);
      TransitionSet data = SLICES.computeIfAbsent(runId + "/" + partition, k -> load(mine));
      Learner learner = Learner.byId(o.learner());
      Learner.Settings settings = o.settings();
      SeedTree seeds = settings.task().seeds();
      String method = learner.id() + "-worker-" + partition;
      Learner.Built built = learner.build(settings);
      OfflineAlgorithm algorithm = built.algorithm();
      AlgorithmState template = algorithm.state();
      long[] stream = template.rngState().length == 0 ? new long[0]
          : new Xoshiro256StarStar(seeds.seed(SeedTree.Purpose.WORKER_STREAM, method, round)).state();
      algorithm.restore(mean.value().into(stream));
      if (round == 0 && learner.hasDeterministicActor() && o.cloningIterations() > 0) {
        algorithm.restore(BaselineCloning.clone(algorithm, settings.hidden(), data, Learner.DTYPE,
            new BaselineCloning.Config(o.cloningIterations(), o.batchSize(), 1e-3,
                seeds.seed(SeedTree.Purpose.CLONING, method, 0))).state());
      }
      long target = algorithm.state().iteration() + o.stepsIn(round);
      new Trainer(algorithm, built.config(), data, new Trainer.Config(target, o.batchSize(), 0, 0, 100,
          seeds.seed(SeedTree.Purpose.MINIBATCHES, method, round), Learner.DTYPE), null, null, List.of()).run();
      return List.of(FlatState.of(algorithm.state())).iterator();
    }

    private static TransitionSet load(List<String> files) {
      if (files.size() == 1) {
        return ShardStore.read(files.get(0));
      }
      TransitionSet.Builder all = null;
      for (String f : files) {
        TransitionSet part = ShardStore.read(f);
        if (all == null) {
          all = TransitionSet.builder(part.schema());
        }
        all.addAll(part);
      }
      return all.build();
    }
  }
}
