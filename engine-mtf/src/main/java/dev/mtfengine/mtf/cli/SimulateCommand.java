package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.EpisodeSummary;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.ObservationConfig;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorJson;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.sim.Transition;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.explore.GreedyPolicy;
import dev.mtfengine.rl.explore.MixturePolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;
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
 * <p>Sessions run in parallel blocks; each session's exploration noise comes from its own (episode,
 * request) streams, and the sessions reach the {@link SessionLogSink} in episode order, so the
 * output depends only on the options, not on the thread count.
 *
 * <p><b>Log rows.</b> The MTF log writer (package {@code dev.mtfengine.mtf.log}) is being written
 * in parallel; {@link #openLogSink} is the single place where it plugs in. Until then the sink
 * receives every session with its transitions and exploration steps, counts the requests, and
 * writes no rows.
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
  /** Sessions simulated in parallel before they are handed to the sink in order. */
  private static final int BLOCK = 256;

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

  @Option(names = "--box-low", paramLabel = "X", defaultValue = "-0.15",
      description = "Box exploration: lower edge of the noise box. Default: ${DEFAULT-VALUE}.")
  double boxLow;

  @Option(names = "--box-high", paramLabel = "X", defaultValue = "0.15",
      description = "Box exploration: upper edge of the noise box. Default: ${DEFAULT-VALUE}.")
  double boxHigh;

  @Option(names = "--sigma", paramLabel = "SD", defaultValue = "0.2",
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

  /**
   * Everything a log writer needs to know about the run besides the sessions themselves.
   *
   * @param params the simulator parameters
   * @param seed the simulator seed
   * @param observation what the policy saw
   * @param featureNames names of the observation features, in order
   * @param actionNames names of the normalised action dimensions, in order
   * @param typeNames user type names, by index
   * @param baseline the baseline policy's description
   * @param exploration the exploration policy's description
   * @param firstEpisode first episode index
   * @param sessions number of sessions
   */
  public record RunSetup(
      SimulatorParams params,
      long seed,
      ObservationConfig observation,
      List<String> featureNames,
      List<String> actionNames,
      List<String> typeNames,
      String baseline,
      String exploration,
      long firstEpisode,
      int sessions) {}

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
      behaviour = BaselinePolicy.resolve(baseline, weights, sim, () -> {
        ExactConfig d = ExactConfig.defaults();
        return new ExactEvaluator(sim, new ExactConfig(d.discount(), d.tolerance(),
            d.maxIterations(), divisions, d.parallel()), progress);
      });
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--weights: " + e.getMessage(), e);
    }
    ExplorationPolicy explorer = explorationPolicy(sim.actionDimension());
    RunSetup setup = new RunSetup(params, common.seed(), observationConfig,
        observationConfig.featureNames(sim.typeNames()),
        sim.ranker().actionMap().dimensionNames(), sim.typeNames(), behaviour.description(),
        explorer.describe(), firstEpisode, sessions);

    if (out != null) {
      try {
        Files.createDirectories(out);
        SimulatorJson.save(params, out.resolve("params.json"));
      } catch (IOException | UncheckedIOException e) {
        throw new ParameterException(spec.commandLine(),
            "--out " + out + ": cannot write there (" + e.getMessage() + ")", e);
      }
    }

    Totals totals = new Totals();
    long t1 = System.nanoTime();
    try (SessionLogSink sink = out == null ? SessionLogSink.DISCARD : openLogSink(out, setup)) {
      boolean record = sink.wantsTransitions();
      try (Progress.Task task = progress.start("sessions", sessions)) {
        for (int from = 0; from < sessions; from += BLOCK) {
          SimulatedSession[] block = runBlock(sim, behaviour, explorer, observationConfig,
              firstEpisode + from, Math.min(BLOCK, sessions - from), record, task);
          for (SimulatedSession s : block) {
            totals.add(s.summary());
            sink.accept(s);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing the session log to " + out + " failed", e);
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
    doc.put("truncated_sessions", totals.truncated);
    doc.put("out", out == null ? null : out.toString());
    doc.put("log_rows_written", false);
    Map<String, Double> timings = new LinkedHashMap<>();
    timings.put("setup", (t1 - t0) * 1e-9);
    timings.put("sessions", simulating);
    timings.put("total", elapsed);
    doc.put("timings_seconds", timings);

    if (out != null) {
      try {
        JsonOutput.writeAtomically(out.resolve("run.json"), doc);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out.resolve("run.json"), e);
      }
    }
    if (common.humanOutput()) {
      printSummary(common.out(), behaviour, explorer, totals, simulating, elapsed);
    }
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }

  /**
   * <b>The plug point of the MTF log writer.</b> Returns the sink that writes the sessions of a run
   * to {@code dir}: CSV rows in the MTF log schema, or transitions, through the writer of package
   * {@code dev.mtfengine.mtf.log}. This is the only call site that needs to change when that writer
   * lands; {@code setup} carries the parameters, seed, observation and action names and the
   * behaviour policy's description, and each {@link SimulatedSession} the transitions and the
   * exploration densities.
   *
   * <p>Until then: a sink that receives and counts the sessions' requests and writes no rows.
   */
  static SessionLogSink openLogSink(Path dir, RunSetup setup) {
    // TODO(mtf log writer): return the CSV/transition writer of dev.mtfengine.mtf.log here.
    return new SessionLogSink() {
      @Override
      public boolean wantsTransitions() {
        return true;
      }

      @Override
      public void accept(SimulatedSession session) {
        if (session.transitions().size() != session.steps().size()) {
          throw new IllegalStateException("session " + session.summary().episode() + ": "
              + session.transitions().size() + " transitions but " + session.steps().size()
              + " exploration steps");
        }
      }

      @Override
      public void close() {}
    };
  }

  /** Runs episodes {@code [first, first + count)} in parallel; returns them in episode order. */
  private static SimulatedSession[] runBlock(SessionSimulator sim, BaselinePolicy behaviour,
      ExplorationPolicy explorer, ObservationConfig observationConfig, long first, int count,
      boolean record, Progress.Task task) {
    SimulatedSession[] block = new SimulatedSession[count];
    IntStream.range(0, count).parallel().forEach(i -> {
      long episode = first + i;
      ExploringPolicy policy =
          new ExploringPolicy(behaviour.policy(), explorer, sim.streams(), episode, record);
      List<Transition> transitions = record ? new ArrayList<>() : null;
      Consumer<Transition> collect = record ? transitions::add : null;
      EpisodeSummary summary = sim.runEpisode(policy, observationConfig, episode, collect);
      block[i] = new SimulatedSession(summary,
          record ? List.copyOf(transitions) : List.of(), policy.steps());
      task.advance(1);
    });
    return block;
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
    if (t.truncated > 0) {
      w.printf(Locale.ROOT, "%-22s %d (hit the request cap)%n", "truncated sessions", t.truncated);
    }
    w.printf(Locale.ROOT, "%-22s %.2f s (sessions %.2f s, %.0f sessions/s)%n", "elapsed", elapsed,
        simulating, t.sessions / simulating);
    if (out != null) {
      w.printf(Locale.ROOT, "%-22s %s: params.json, run.json; log rows not written yet (the MTF"
          + " log writer is not wired in)%n", "output", out);
    }
    w.flush();
  }

  /** Running totals over sessions in episode order (so the sums are deterministic). */
  private static final class Totals {
    long sessions;
    long requests;
    long shown;
    long clicks;
    long longViews;
    long likes;
    long shares;
    long truncated;
    // Welford's running mean and sum of squared deviations of the session return
    double mean;
    double m2;

    void add(EpisodeSummary e) {
      sessions++;
      requests += e.requests();
      shown += e.shownItems();
      clicks += e.clicks();
      longViews += e.longViews();
      likes += e.likes();
      shares += e.shares();
      truncated += e.truncated() ? 1 : 0;
      double delta = e.totalReward() - mean;
      mean += delta / sessions;
      m2 += delta * (e.totalReward() - mean);
    }

    double meanReturn() {
      return mean;
    }

    double standardError() {
      return sessions > 1 ? Math.sqrt(m2 / (sessions - 1) / sessions) : Double.NaN;
    }
  }
}
