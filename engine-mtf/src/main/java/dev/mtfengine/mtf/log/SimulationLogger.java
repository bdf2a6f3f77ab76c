package dev.mtfengine.mtf.log;

import dev.mtfengine.mtf.fusion.FusionFormula;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.sim.CandidateBanks;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.mtf.sim.Observation;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.StreamPurpose;
import dev.mtfengine.mtf.sim.Transition;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.ExploredAction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Runs the simulator with an exploration policy of engine-rl around a baseline policy and logs
 * what happened, one {@link MtfLogRow} per shown item (algorithm.md section 3: every logged step
 * records the executed action, the baseline action and the density of the executed action).
 *
 * <p>Per request t of episode e: the baseline policy maps the observation to mu_bp(s_t) in [-1,
 * 1]^K (rounded to float32, the precision of engine-rl's actions); the exploration policy draws
 * the executed action and its density around it from the simulator's {@link
 * StreamPurpose#EXPLORATION} stream of (e, t); the simulator ranks with the executed action and
 * draws feedback as usual. Exploration has its own stream, so it shifts none of the simulator's
 * draws: with {@code GreedyPolicy} the log is the baseline policy's own run, and every log is a
 * pure function of (parameters, seed, episode range, policies).
 *
 * <p>What is logged:
 *
 * <ul>
 *   <li>session_id = user_id = the episode index (each simulated session is a fresh user);
 *   <li>item_id = {@code (u * B + b) * N + i}: type u, bank set b, candidate i;
 *   <li>user features: in realistic mode the U noisy user features of the observation (request
 *       index and history are re-derived from the log by {@link StateEncoding}); in oracle mode the
 *       whole oracle observation {@code [onehot(u), z]};
 *   <li>predictions: the item's MTL predictions p_hat (heads {@link FusionSpec#HEADS}); fused
 *       score: the formula's score under the executed action (the score the slate was ranked by);
 *   <li>feedback, the proxy watch time ({@link WatchTimeProxy}) and the simulator's reward r_t.
 * </ul>
 *
 * Not thread-safe; episodes run in order.
 */
public final class SimulationLogger {
  private final SessionSimulator simulator;
  private final ObservationConfig observation;
  private final SessionPolicy baselinePolicy;
  private final ExplorationPolicy exploration;
  private final WatchTimeProxy watchTime;
  private final MtfLogSchema schema;

  /**
   * @param simulator the simulator (its seed fixes every draw)
   * @param observation what the baseline policy observes
   * @param baselinePolicy mu_bp: observation -> baseline action in [-1, 1]^K
   * @param exploration how the executed action is drawn around the baseline; its bounds must be
   *     [-1, 1]^K
   * @param watchTime the watch time logged per item
   */
  public SimulationLogger(SessionSimulator simulator, ObservationConfig observation,
      SessionPolicy baselinePolicy, ExplorationPolicy exploration, WatchTimeProxy watchTime) {
    if (simulator == null || observation == null || baselinePolicy == null || exploration == null
        || watchTime == null) {
      throw new IllegalArgumentException("SimulationLogger: every argument must be set");
    }
    int k = simulator.actionDimension();
    if (!exploration.bounds().equals(ActionBounds.symmetric(k))) {
      throw new IllegalArgumentException("SimulationLogger: the exploration policy "
          + exploration.describe() + " must act on [-1, 1]^" + k + ", the simulator's normalised "
          + "action space; build it with ActionBounds.symmetric(" + k + ")");
    }
    this.simulator = simulator;
    this.observation = observation;
    this.baselinePolicy = baselinePolicy;
    this.exploration = exploration;
    this.watchTime = watchTime;
    int types = simulator.params().typeCount();
    int features = observation.mode() == ObservationConfig.Mode.ORACLE ? types + 1 : types;
    this.schema = new MtfLogSchema(features, k, FusionSpec.HEADS);
  }

  /** The schema of the rows this logger produces. */
  public MtfLogSchema schema() {
    return schema;
  }

  /** The exploration policy's description, for run metadata. */
  public String describeExploration() {
    return exploration.describe();
  }

  /** Logs episodes {@code [firstEpisode, firstEpisode + sessions)} into memory. */
  public MtfLog run(long firstEpisode, int sessions) {
    MtfLog.Builder log = MtfLog.builder(schema);
    run(firstEpisode, sessions, log::add);
    return log.build();
  }

  /** Logs episodes {@code [firstEpisode, firstEpisode + sessions)} straight to a CSV file. */
  public void writeCsv(Path file, long firstEpisode, int sessions) {
    try (MtfLogWriter writer = MtfLogWriter.open(file, schema)) {
      run(firstEpisode, sessions, writer::write);
      writer.commit();
    }
  }

  /** Logs episodes {@code [firstEpisode, firstEpisode + sessions)}, passing rows to {@code sink}. */
  public void run(long firstEpisode, int sessions, Consumer<MtfLogRow> sink) {
    if (sessions < 1) {
      throw new IllegalArgumentException("SimulationLogger: sessions = " + sessions + " must be >= 1");
    }
    for (int e = 0; e < sessions; e++) {
      runEpisode(firstEpisode + e, sink);
    }
  }

  private void runEpisode(long episode, Consumer<MtfLogRow> sink) {
    int k = simulator.actionDimension();
    int n = simulator.params().candidateCount();
    int banksPerType = simulator.params().banksPerType();
    FusionRanker ranker = simulator.ranker();
    FusionFormula formula = ranker.formula();
    CandidateBanks banks = simulator.banks();
    // What the exploring policy decided at the current request, read back by the sink below.
    float[][] baseline = new float[1][];
    double[] density = new double[1];
    SessionPolicy exploring = obs -> {
      double[] base = baselinePolicy.act(obs);
      float[] b = checkedBaseline(base, k, obs);
      ExploredAction chosen = exploration.sample(b,
          simulator.streams().stream(StreamPurpose.EXPLORATION, 0, 0, episode, obs.requestIndex()));
      if (!(chosen.density() > 0)) {
        throw new IllegalStateException("SimulationLogger: " + exploration.describe()
            + " reported density " + chosen.density() + " for its own draw "
            + Arrays.toString(chosen.action()) + "; a sampled action must have density > 0");
      }
      baseline[0] = b;
      density[0] = chosen.density();
      double[] a = new double[k];
      for (int j = 0; j < k; j++) {
        a[j] = chosen.action()[j];
      }
      return a;
    };
    Consumer<Transition> toRows = t -> {
      double[] heads = banks.predictions(t.userType(), t.bank());
      double[] raw = ranker.actionMap().toRaw(t.action());
      double[] features = userFeatures(t.observation());
      double[] base = new double[k];
      for (int j = 0; j < k; j++) {
        base[j] = baseline[0][j];
      }
      int m = CandidateBanks.HEADS;
      for (int pos = 0; pos < t.slate().length; pos++) {
        int i = t.slate()[pos];
        int bits = t.feedback()[pos];
        boolean click = (bits & Transition.CLICK) != 0;
        boolean longView = (bits & Transition.LONG_VIEW) != 0;
        long item = ((long) t.userType() * banksPerType + t.bank()) * n + i;
        sink.accept(new MtfLogRow(episode, episode, t.request(), pos, item, features, t.action(),
            base, density[0], Arrays.copyOfRange(heads, i * m, i * m + m),
            formula.score(heads, i, raw), click, longView, (bits & Transition.LIKE) != 0,
            (bits & Transition.SHARE) != 0, watchTime.seconds(click, longView), t.reward()));
      }
    };
    simulator.runEpisode(exploring, observation, episode, toRows);
  }

  private double[] userFeatures(Observation obs) {
    double[] f = obs.features();
    return Arrays.copyOf(f, schema.featureCount());
  }

  private static float[] checkedBaseline(double[] base, int k, Observation obs) {
    if (base == null || base.length != k) {
      throw new IllegalArgumentException("SimulationLogger: the baseline policy returned "
          + (base == null ? "null" : base.length + " values") + " at request "
          + obs.requestIndex() + "; it must return K = " + k + " values in [-1, 1]");
    }
    float[] b = new float[k];
    for (int j = 0; j < k; j++) {
      if (!(base[j] >= -1.0 && base[j] <= 1.0)) {
        throw new IllegalArgumentException("SimulationLogger: baseline action[" + j + "] = "
            + base[j] + " at request " + obs.requestIndex() + " is outside [-1, 1]");
      }
      b[j] = (float) base[j];
    }
    return b;
  }
}
