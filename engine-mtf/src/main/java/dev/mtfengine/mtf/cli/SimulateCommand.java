package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogRow;
import dev.mtfengine.mtf.log.MtfLogWriter;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.SessionTransitions;
import dev.mtfengine.mtf.log.SimulationLogger;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.log.WatchTimeProxy;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorJson;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.rl.io.AtomicFiles;
import dev.mtfengine.rl.explore.MixturePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code mtf simulate}: runs N sessions of a baseline policy explored by an exploration policy
 * (the logging policy of an offline RL data set), prints a summary (sessions, requests, mean return
 * with its standard error, rates, elapsed time) and, with {@code --out DIR}, writes the run: {@code
 * params.json}, {@code run.json} (the summary and every setting) and the session log.
 *
 * <p>Sessions run through {@link SimulationLogger}, the library's logging path: exploration
 * draws come from their own (episode, request) stream, so the simulator's draws, and therefore a
 * greedy run, match {@code mtf calibrate} for the same policy; everything depends only on the
 * options. With {@code --out} the rows go to {@code log.csv} (docs/data-format.md, "MTF logs") and
 * the sessions, converted with the default state encoding and rewards, to {@code
 * transitions.mtft}; both are written to temporary files and renamed.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Run sessions of an explored baseline policy and summarise (and log) them.",
      "",
      "The baseline policy's action is perturbed by the exploration policy at every request;"
          + " prints sessions, requests, mean return and elapsed time, and with --out writes"
          + " the parameters, the settings and summary, and the session log.",
      ""
    },
    footer = {
      "",
      "Exploration widths: box uses --box-low/--box-high (arXiv:2404.17589 Eq. 3);",
      "gaussian uses --sigma; mixture uses --random-share and --mixture-sigma",
      "(BatchRL-MTF); greedy does not explore.",
      "",
      "Examples:",
      "  mtf simulate --sessions 10000 --out runs/box",
      "  mtf simulate --exploration gaussian --sigma 0.1 --baseline optimal",
      "  mtf simulate --baseline static --weights 0.2,0.5,0.2,0.1 \\",
      "      --observation realistic"
    })
public final class SimulateCommand implements Callable<Integer> {
  /** The MTF log written under {@code --out}. */
  static final String LOG_FILE = "log.csv";
  /** The binary transition set written under {@code --out}. */
  static final String TRANSITIONS_FILE = "transitions.mtft";
  /** The run's summary and settings, written last: its presence marks a complete run. */
  static final String RUN_FILE = "run.json";


  /** Exploration policies (engine-rl's {@code dev.mtfengine.rl.explore}). */
  enum Exploration {
    /** {@link BoxExplorationPolicy}: uniform noise in a box around the baseline action. */
    BOX,
    /** {@link GaussianNoisePolicy}: Gaussian action noise. */
    GAUSSIAN,
    /** {@link MixturePolicy}: a share of uniformly random actions, else Gaussian noise. */
    MIXTURE,
    /** {@link GreedyPolicy}: the baseline action itself. */
    GREEDY
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--sessions",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Sessions to simulate. Default: ${DEFAULT-VALUE}.")
  int sessions;

  @Option(
      names = "--first-episode",
      paramLabel = "E",
      defaultValue = "0",
      description = "Index of the first episode (selects its random streams: use disjoint ranges"
          + " for independent data sets). Default: ${DEFAULT-VALUE}.")
  long firstEpisode;

  @Option(
      names = "--exploration",
      paramLabel = "KIND",
      defaultValue = "box",
      description = "box, gaussian, mixture or greedy (none). Default: ${DEFAULT-VALUE}.")
  Exploration exploration;

  @Option(names = "--box-low", paramLabel = "X",
      description = "Box exploration: lower edge of the noise box. Default: ${DEFAULT-VALUE}.")
  double boxLow;

  @Option(names = "--box-high", paramLabel = "X",
      description = "Box exploration: upper edge of the noise box. Default: ${DEFAULT-VALUE}.")
  double boxHigh;

  @Option(names = "--sigma", paramLabel = "SD",
      description = "Gaussian exploration: noise standard deviation. Default: ${DEFAULT-VALUE}.")
  double sigma;

  @Option(names = "--random-share", paramLabel = "P", defaultValue = "0.5",
      description = "Mixture exploration: probability of a uniformly random action."
          + " Default: ${DEFAULT-VALUE}.")
  double randomShare;

  @Option(names = "--mixture-sigma", paramLabel = "SD", defaultValue = "0.1",
      description = "Mixture exploration: noise sd of the non-random arm. Default: ${DEFAULT-VALUE}.")
  double mixtureSigma;

  @Option(
      names = "--baseline",
      paramLabel = "POLICY",
      defaultValue = "uniform",
      description = "The policy being explored around: uniform, greedy, optimal or static (greedy,"
          + " optimal and static without --weights build the exact model). Default: ${DEFAULT-VALUE}.")
  BaselinePolicy.Kind baseline;

  @Option(
      names = "--weights",
      paramLabel = "W",
      split = ",",
      description = "Raw head weights (click,long_view,like,share) for --baseline static.")
  double[] weights;

  @Option(
      names = "--observation",
      paramLabel = "MODE",
      defaultValue = "oracle",
      description = "What the policy sees (and the log records): oracle (user type and"
          + " satisfaction) or realistic (noisy user features, history; only with state-free"
          + " baselines uniform and static). Default: ${DEFAULT-VALUE}.")
  ObservationConfig.Mode observation;

  @Option(
      names = "--divisions",
      paramLabel = "D",
      defaultValue = "10",
      description = "Action grid of the exact model (simplex step 1/D). Default: ${DEFAULT-VALUE}.")
  int divisions;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write params.json, run.json and the session log to DIR (created if needed).")
  Path out;

  // after the command's own options: declaration order is the order of --help
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    validate();
    SimulatorParams params = common.params();
    Map<String, Object> doc = common.metadata();
    Progress progress = common.progress();
    ObservationConfig observationConfig = observation == ObservationConfig.Mode.ORACLE
        ? ObservationConfig.oracle() : ObservationConfig.realistic();

    long t0 = System.nanoTime();
    SessionSimulator sim = new SessionSimulator(params, common.seed());
    BaselinePolicy behaviour;
    try {
      behaviour = BaselinePolicy.resolve(baseline, weights, sim, () -> new ExactEvaluator(sim, ExactConfig.defaults().withDivisions(divisions), progress));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--weights: " + e.getMessage(), e);
    }
    ExplorationPolicy explorer = explorationPolicy(sim.actionDimension());

    // the run is written into a staging directory beside --out and swapped in whole when complete,
    // so --out always holds one complete run (the old one until the new one is done)
    Path staging = out == null ? null : out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".partial");
    if (out != null) {
      try {
        prepareStaging(out, staging);
        SimulatorJson.save(params, staging.resolve("params.json"));
      } catch (IOException | UncheckedIOException e) {
        throw new ParameterException(spec.commandLine(),
            "--out " + out + ": cannot write there (" + e.getMessage() + ")", e);
      }
    }

    SimulationLogger logger = new SimulationLogger(sim, observationConfig, behaviour.policy(),
        explorer, WatchTimeProxy.none());
    Totals totals = new Totals();
    long t1 = System.nanoTime();
    MtfLog.Builder kept = out == null ? null : MtfLog.builder(logger.schema());
    try (MtfLogWriter writer = out == null ? null : MtfLogWriter.open(staging.resolve(LOG_FILE), logger.schema());
        Progress.Task task = progress.start("sessions", sessions)) {
      logger.run(firstEpisode, sessions, row -> {
        if (totals.add(row)) {
          task.advance(1);
        }
        if (writer != null) {
          writer.write(row);
          kept.add(row);
        }
      });
      if (writer != null) {
        writer.commit();
      }
      totals.finish();
      task.advance(1);
    }
    String transitionsHash = null;
    if (out != null) {
      TransitionSet set = SessionTransitions.toTransitionSet(kept.build(), StateEncoding.defaults(),
          RewardConfig.defaults(), 0);
      transitionsHash = TransitionFile.write(set, staging.resolve(TRANSITIONS_FILE));
    }
    long t2 = System.nanoTime();
    double elapsed = (t2 - t0) * 1e-9;
    double simulating = (t2 - t1) * 1e-9;

    Map<String, Object> behaviourDoc = new LinkedHashMap<>();
    behaviourDoc.put("baseline", baseline.name().toLowerCase(Locale.ROOT));
    behaviourDoc.put("baseline_description", behaviour.description());
    behaviourDoc.put("exploration", exploration.name().toLowerCase(Locale.ROOT));
    behaviourDoc.put("exploration_description", explorer.describe());
    behaviourDoc.put("observation", observation.name().toLowerCase(Locale.ROOT));
    doc.put("behaviour", behaviourDoc);
    doc.put("first_episode", firstEpisode);
    doc.put("sessions", totals.sessions);
    doc.put("requests", totals.requests);
    doc.put("mean_requests", totals.requests / (double) totals.sessions);
    doc.put("mean_return", JsonOutput.number(totals.meanReturn()));
    doc.put("standard_error", JsonOutput.number(totals.standardError()));
    Map<String, Object> rates = new LinkedHashMap<>();
    rates.put("click_rate", JsonOutput.number(totals.clicks / (double) totals.shown));
    rates.put("long_view_given_click", JsonOutput.number(totals.longViews / (double) totals.clicks));
    rates.put("like_rate", JsonOutput.number(totals.likes / (double) totals.shown));
    rates.put("share_rate", JsonOutput.number(totals.shares / (double) totals.shown));
    doc.put("rates", rates);
    doc.put("out", out == null ? null : out.toString());
    doc.put("log_rows", out == null ? 0 : totals.shown);
    doc.put("transitions_hash", transitionsHash);
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("setup", (t1 - t0) * 1e-9);
    timings.put("sessions", simulating);
    timings.put("total", elapsed);
    doc.put("timings_seconds", timings);

    if (out != null) {
      try {
        JsonOutput.writeAtomically(staging.resolve(RUN_FILE), doc);
        publish(staging, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run to " + out + ": " + e.getMessage(), e);
      }
    }
    if (common.humanOutput()) {
      printSummary(common.out(), behaviour, explorer, totals, simulating, elapsed);
    }
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }

  /** What this command writes under {@code --out}; a directory holding anything else is refused. */
  static final List<String> OUT_FILES = List.of("params.json", "run.json", LOG_FILE, TRANSITIONS_FILE);

  /**
   * Refuses an {@code --out} that holds files of anything but a simulate run (the swap would drop
   * them), then clears the staging directory a killed run may have left, and recovers a complete
   * run a kill between the swap's two renames left aside.
   */
  private void prepareStaging(Path target, Path staging) throws IOException {
    Path aside = aside(target);
    if (!Files.exists(target) && Files.isDirectory(aside)) {
      Files.move(aside, target); // the previous complete run, moved aside by a swap that was cut short
      common.err().println("simulate: restored the previous run " + target + " from " + aside);
    }
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw new IOException(target + " is a file, not a directory");
      }
      try (java.util.stream.Stream<Path> s = Files.list(target)) {
        List<String> foreign = s.map(p -> p.getFileName().toString()).filter(n -> !OUT_FILES.contains(n)).sorted()
            .toList();
        if (!foreign.isEmpty()) {
          throw new IOException("it holds " + foreign + ", which 'mtf simulate' did not write; choose an empty or"
              + " new directory");
        }
      }
    }
    AtomicFiles.deleteTree(staging);
    AtomicFiles.deleteTree(aside);
    Files.createDirectories(staging);
  }

  /** Swaps the complete staging directory in as {@code target}; the previous run goes only after. */
  private static void publish(Path staging, Path target) throws IOException {
    Path aside = aside(target);
    if (Files.exists(target)) {
      Files.move(target, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.deleteTree(aside);
  }

  private static Path aside(Path target) {
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".previous");
  }


  /** Option checks picocli cannot express: ranges and which options go together. */
  private void validate() {
    ParseResult given = spec.commandLine().getParseResult();
    if (sessions < 1) {
      fail("--sessions must be >= 1, got " + sessions);
    }
    if (firstEpisode < 0) {
      fail("--first-episode must be >= 0, got " + firstEpisode);
    }
    if (divisions < 1) {
      fail("--divisions must be >= 1, got " + divisions);
    }
    onlyWith(given, Exploration.BOX, "--box-low", "--box-high");
    onlyWith(given, Exploration.GAUSSIAN, "--sigma");
    onlyWith(given, Exploration.MIXTURE, "--random-share", "--mixture-sigma");
    if (!(Double.isFinite(boxLow) && Double.isFinite(boxHigh) && boxLow < boxHigh)) {
      fail("--box-low (" + boxLow + ") must be finite and below --box-high (" + boxHigh + ")");
    }
    if (!(sigma > 0 && Double.isFinite(sigma))) {
      fail("--sigma must be finite and > 0, got " + sigma);
    }
    if (!(randomShare >= 0 && randomShare <= 1)) {
      fail("--random-share must be in [0, 1], got " + randomShare);
    }
    if (!(mixtureSigma > 0 && Double.isFinite(mixtureSigma))) {
      fail("--mixture-sigma must be finite and > 0, got " + mixtureSigma);
    }
    if (weights != null && baseline != BaselinePolicy.Kind.STATIC) {
      fail("--weights applies to --baseline static only");
    }
    if (observation == ObservationConfig.Mode.REALISTIC
        && (baseline == BaselinePolicy.Kind.GREEDY || baseline == BaselinePolicy.Kind.OPTIMAL)) {
      fail("--baseline " + baseline.name().toLowerCase(Locale.ROOT) + " reads the hidden state"
          + " (user type, satisfaction) and needs --observation oracle");
    }
  }

  private void onlyWith(ParseResult given, Exploration kind, String... options) {
    for (String option : options) {
      if (given.hasMatchedOption(option) && exploration != kind) {
        fail(option + " applies to --exploration " + kind.name().toLowerCase(Locale.ROOT)
            + " only (got --exploration " + exploration.name().toLowerCase(Locale.ROOT) + ")");
      }
    }
  }

  private void fail(String message) {
    throw new ParameterException(spec.commandLine(), message);
  }

  private ExplorationPolicy explorationPolicy(int dimensions) {
    ActionBounds bounds = ActionBounds.symmetric(dimensions);
    return switch (exploration) {
      case BOX -> new BoxExplorationPolicy(bounds, boxLow, boxHigh);
      case GAUSSIAN -> new GaussianNoisePolicy(bounds, sigma);
      case MIXTURE -> new MixturePolicy(randomShare, new GaussianNoisePolicy(bounds, mixtureSigma));
      case GREEDY -> new GreedyPolicy(bounds);
    };
  }

  private void printSummary(PrintWriter w, BaselinePolicy behaviour, ExplorationPolicy explorer,
      Totals t, double simulating, double elapsed) {
    w.printf(Locale.ROOT, "mtf simulate: seed %d, %s, episodes %d..%d%n", common.seed(),
        common.paramsSource(), firstEpisode, firstEpisode + sessions - 1);
    w.printf(Locale.ROOT, "behaviour: %s, explored by %s, %s observations%n%n",
        behaviour.description(), explorer.describe(),
        observation.name().toLowerCase(Locale.ROOT));
    w.printf(Locale.ROOT, "%-22s %d%n", "sessions", t.sessions);
    w.printf(Locale.ROOT, "%-22s %d (%.2f per session)%n", "requests", t.requests,
        t.requests / (double) t.sessions);
    w.printf(Locale.ROOT, "%-22s %.3f +- %.3f (standard error)%n", "mean return",
        t.meanReturn(), t.standardError());
    w.printf(Locale.ROOT, "%-22s %.4f per shown item%n", "click rate",
        t.clicks / (double) t.shown);
    w.printf(Locale.ROOT, "%-22s %.4f%n", "P(long view | click)",
        t.longViews / (double) t.clicks);
    w.printf(Locale.ROOT, "%-22s %.4f / %.4f%n", "like / share rate",
        t.likes / (double) t.shown, t.shares / (double) t.shown);
    w.printf(Locale.ROOT, "%-22s %.2f s (sessions %.2f s, %.0f sessions/s)%n", "elapsed", elapsed,
        simulating, t.sessions / simulating);
    if (out != null) {
      w.printf(Locale.ROOT, "%-22s %s: params.json, run.json, %s (%d rows), %s%n", "output", out,
          LOG_FILE, t.shown, TRANSITIONS_FILE);
    }
    w.flush();
  }

  /**
   * Running totals over logged rows in log order (so the sums are deterministic): a session's
   * return is the sum of its requests' rewards, counted once per request (on position 0).
   */
  private static final class Totals {
    long sessions;
    long requests;
    long shown;
    long clicks;
    long longViews;
    long likes;
    long shares;
    private long closed;
    private long currentSession;
    private double currentReturn;
    // Welford's running mean and sum of squared deviations of the closed sessions' returns
    private double mean;
    private double m2;

    /** Adds one row; returns true when it starts a session after the first (a session closed). */
    boolean add(MtfLogRow row) {
      boolean newSession = sessions == 0 || row.sessionId() != currentSession;
      if (newSession) {
        if (sessions > 0) {
          closeSession();
        }
        currentSession = row.sessionId();
        currentReturn = 0;
        sessions++;
      }
      shown++;
      clicks += row.click() ? 1 : 0;
      longViews += row.longView() ? 1 : 0;
      likes += row.like() ? 1 : 0;
      shares += row.share() ? 1 : 0;
      if (row.position() == 0) {
        requests++;
        currentReturn += row.reward();
      }
      return newSession && sessions > 1;
    }

    /** Closes the last session; call once after the last row. */
    void finish() {
      if (sessions > closed) {
        closeSession();
      }
    }

    private void closeSession() {
      closed++;
      double delta = currentReturn - mean;
      mean += delta / closed;
      m2 += delta * (currentReturn - mean);
    }

    double meanReturn() {
      return mean;
    }

    double standardError() {
      return closed > 1 ? Math.sqrt(m2 / (closed - 1) / closed) : Double.NaN;
    }
  }
}
