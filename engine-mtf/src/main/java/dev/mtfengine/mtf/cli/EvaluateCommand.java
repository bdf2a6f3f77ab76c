package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.ExplorationData;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.OracleActionTable;
import dev.mtfengine.mtf.log.MtfLog;
import dev.mtfengine.mtf.log.MtfLogReader;
import dev.mtfengine.mtf.log.RewardConfig;
import dev.mtfengine.mtf.log.StateEncoding;
import dev.mtfengine.mtf.metrics.ConsumptionMetrics;
import dev.mtfengine.mtf.metrics.MtfGauc;
import dev.mtfengine.mtf.experiment.PolicyEvaluator;
import dev.mtfengine.mtf.metrics.LoggedEpisodes;
import dev.mtfengine.mtf.metrics.StatePolicy;
import dev.mtfengine.mtf.metrics.ValidView;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.SessionSimulator;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.explore.GaussianNoisePolicy;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.rl.ope.Episode;
import dev.mtfengine.rl.ope.KernelSmoothedTargetPolicy;
import dev.mtfengine.rl.ope.MatchedSmoothing;
import dev.mtfengine.rl.ope.NormalisedCappedImportanceSampling;
import dev.mtfengine.rl.ope.TargetPolicy;
import dev.mtfengine.rl.ope.WeightedEpisodes;
import dev.mtfengine.tensor.Tensor;
import java.util.List;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mtf evaluate}: the offline metrics of a trained policy on a logged test set (MTF-GAUC and
 * NCIS cumulative reward next to the logging policy's own numbers) and, for policies trained on the
 * simulator's oracle states, its exact value J and J / J*.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Evaluate a checkpoint on a logged test set: MTF-GAUC, NCIS cumulative reward, the log's own"
          + " consumption; with --exact also the simulator's exact J and J/J* (oracle-state policies).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf evaluate --checkpoint runs/train/checkpoint-000000003000 --log test.csv",
      "  mtf evaluate --checkpoint runs/demo/seed-1/integrated-rl-d2/checkpoint-000000003000 \\",
      "      --log test.csv --oracle-states --exact"
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "DIR", required = true, description = "A checkpoint directory.")
  Path checkpoint;

  @Option(names = "--log", paramLabel = "CSV", required = true, description = "The test set, an MTF log CSV.")
  Path log;

  @Option(names = "--oracle-states",
      description = "States are the log's user features alone (simulator logs in oracle mode, as 'mtf demo'"
          + " trains on); default: features, request index and recent history.")
  boolean oracleStates;

  @Option(names = "--exact", description = "Also the exact J and J/J* on the simulator (--seed, --params);"
      + " needs a policy over oracle states.")
  boolean exact;

  @Option(names = "--logging", paramLabel = "NOISE",
      description = "NCIS: the exploration that logged the test set, gaussian:SIGMA or box:LOW,HIGH; the policy is"
          + " smoothed with the same noise (docs/algorithms/ope.md, 'Smoothing'). Default: ${DEFAULT-VALUE}.")
  String logging;

  @Option(names = "--kernel-width", paramLabel = "H",
      description = "NCIS: smooth the policy with a Gaussian kernel of this width instead of the logging noise.")
  Double kernelWidth;

  @Option(names = "--cap", paramLabel = "C", defaultValue = "" + PolicyEvaluator.NCIS_CAP,
      description = "NCIS: cap on a session's importance weight. Default: ${DEFAULT-VALUE}.")
  double cap;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Learner.Built built;
    MtfLog test;
    NormalisedCappedImportanceSampling ncis;
    ExplorationPolicy loggingNoise;
    try {
      built = Learner.fromCheckpoint(checkpoint);
      test = MtfLogReader.read(log);
      ncis = new NormalisedCappedImportanceSampling(cap);
      loggingNoise = loggingNoise(logging, ActionBounds.symmetric(test.schema().actionDimension()));
      if (kernelWidth != null && !(kernelWidth > 0)) {
        throw new IllegalArgumentException("--kernel-width must be > 0, got " + kernelWidth);
      }
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), ErrorHandlers.oneLine(e.getMessage()));
    }
    StateEncoding encoding = oracleStates ? ExplorationData.ENCODING : StateEncoding.defaults();
    int width = encoding.width(test.schema().featureCount());
    StatePolicy policy = state -> {
      if (state.length != width) {
        throw new IllegalArgumentException("the log's states have " + state.length + " values");
      }
      float[] f = new float[state.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) state[i];
      }
      return built.algorithm().act(Tensor.of(f, 1, f.length)).toDoubleArray();
    };
    Map<String, Double> results = new LinkedHashMap<>();
    try {
      // one probe catches a state-width mismatch with a clear message before the full passes
      policy.action(new double[width]);
      RewardConfig rewards = RewardConfig.defaults();
      SessionSimulator sim = exact ? new SessionSimulator(common.params(), common.seed()) : null;
      results.put("mtf_gauc", MtfGauc.evaluate(test, rankerFor(sim), policy, encoding, rewards,
          ValidView.LONG_VIEW).gauc());
      List<Episode> episodes = LoggedEpisodes.of(test, encoding, rewards);
      DeterministicPolicy actor = built.algorithm()::act;
      TargetPolicy smoothed = kernelWidth == null ? MatchedSmoothing.LOGGING.smooth(actor, loggingNoise)
          : new KernelSmoothedTargetPolicy(actor, loggingNoise.bounds(), kernelWidth);
      WeightedEpisodes weighted = WeightedEpisodes.of(episodes, smoothed, 1.0);
      results.put("ncis", ncis.value(weighted));
      results.put("ncis_effective_sessions", weighted.effectiveSampleSize(cap));
      results.put("logged_mean_return", episodes.stream().mapToDouble(e -> java.util.Arrays.stream(e.rewards()).sum())
          .average().orElseThrow());
      ConsumptionMetrics.Summary c = ConsumptionMetrics.of(test, ValidView.LONG_VIEW);
      results.put("logged_valid_consumption_per_user", c.validConsumptionPerUser());
      results.put("logged_watch_time_per_user", c.watchTimePerUser());
      if (exact) {
        SimulatorParams p = common.params();
        ExactEvaluator ex = new ExactEvaluator(sim, ExactConfig.defaults(), common.progress());
        OracleActionTable table = OracleActionTable.of(built.algorithm(), p.typeCount(), p.satisfactionLevels(),
            Learner.DTYPE);
        double j = ex.evaluate(table).value();
        results.put("exact_value", j);
        results.put("exact_ratio", j / ex.optimal().value().value());
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "the policy of " + checkpoint + " does not fit " + log
          + ": " + ErrorHandlers.oneLine(e.getMessage()) + " (the log's states have " + width
          + " values; try " + (oracleStates ? "without" : "with") + " --oracle-states)");
    }
    Map<String, Object> doc = common.metadata();
    doc.put("checkpoint", checkpoint.toString());
    doc.put("log", log.toString());
    doc.putAll(results);
    if (common.humanOutput()) {
      results.forEach((k, v) -> common.out().printf(Locale.ROOT, "%-36s %12.4f%n", k, v));
    }
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }

  /** The logging noise of {@code --logging}: gaussian:SIGMA or box:LOW,HIGH. */
  static ExplorationPolicy loggingNoise(String text, ActionBounds bounds) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("gaussian:")) {
        return new GaussianNoisePolicy(bounds, Double.parseDouble(t.substring("gaussian:".length())));
      }
      if (t.startsWith("box:")) {
        String[] edges = t.substring("box:".length()).split(",");
        if (edges.length == 2) {
          return new BoxExplorationPolicy(bounds, Double.parseDouble(edges[0]), Double.parseDouble(edges[1]));
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("--logging " + text + ": give gaussian:SIGMA (e.g. gaussian:0.2) or"
        + " box:LOW,HIGH (e.g. box:-0.15,0.15)");
  }

  private static dev.mtfengine.mtf.fusion.FusionRanker rankerFor(SessionSimulator sim) {
    return sim != null ? sim.ranker() : dev.mtfengine.mtf.sim.FusionSpec.defaults().ranker();
  }
}
