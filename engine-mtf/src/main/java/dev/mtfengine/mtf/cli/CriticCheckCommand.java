package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.CriticCheck;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.OracleActionTable;
import dev.mtfengine.mtf.sim.ExactConfig;
import dev.mtfengine.mtf.sim.ExactEvaluator;
import dev.mtfengine.mtf.sim.SessionSimulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
import picocli.CommandLine.Spec;

/**
 * {@code mtf critic-check}: compares a trained learner's critic with the simulator's exact action
 * values around its own policy ({@link CriticCheck}), per user type and overall.
 */
@Command(
    name = "critic-check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Check a checkpoint's critic against the simulator's exact Q around the learner's own policy"
          + " (and print that policy's exact J and J/J*).",
      "",
      "At every (user type, satisfaction) state: the correlation between critic and exact values over"
          + " actions within --radius of the policy's action, and the exact gain of the action the critic"
          + " prefers next to the best gain available. For learners trained on oracle states (mtf demo,"
          + " mtf experiment) with the simulator of --seed and --params; IntegratedRL and DDPG.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf critic-check --checkpoint runs/demo/seed-1/integrated-rl-d2/checkpoint-000000002000",
      "  mtf critic-check --checkpoint DIR --seed 2 --radius 0.1 --json check.json"
    })
public final class CriticCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", paramLabel = "DIR", required = true, description = "A checkpoint directory.")
  Path checkpoint;

  @Option(names = "--gamma", paramLabel = "G",
      description = "The learner's discount (exact Q uses it). Default: ${DEFAULT-VALUE}.")
  double gamma;

  @Option(names = "--reward-scale", paramLabel = "C",
      description = "The factor the training rewards carried (the experiment's). Default: ${DEFAULT-VALUE}.")
  double rewardScale;

  @Option(names = "--radius", paramLabel = "R",
      description = "Half-width of the action neighbourhood, normalised units (the exploration box's). Default:"
          + " ${DEFAULT-VALUE}.")
  double radius;

  @Option(names = "--actions", paramLabel = "N", defaultValue = "32",
      description = "Actions per state, the policy's own included. Default: ${DEFAULT-VALUE}.")
  int actions;

  @Option(names = "--baseline", paramLabel = "FILE",
      description = "The baseline policy the learner was trained around (an [type][level][action] JSON such as"
          + " RUN/seed-N/es/policy.json); needed for a critic of actions relative to the baseline.")
  Path baseline;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    if (!(gamma > 0 && gamma <= 1) || !(rewardScale > 0) || !(radius > 0) || actions < 3) {
      throw new ParameterException(spec.commandLine(), "need 0 < --gamma <= 1, --reward-scale > 0, --radius > 0"
          + " and --actions >= 3; got " + gamma + ", " + rewardScale + ", " + radius + ", " + actions);
    }
    CriticCheck.Result r;
    List<String> typeNames;
    double value;
    double optimal;
    try {
      Learner.Built built = Learner.fromCheckpoint(checkpoint);
      SessionSimulator sim = new SessionSimulator(common.params(), common.seed());
      typeNames = sim.typeNames();
      ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults().withDiscount(gamma), common.progress());
      r = CriticCheck.run(exact, built.algorithm(), rewardScale, radius, actions, common.seed(),
          baseline == null ? null : OracleActionTable.read(baseline));
      ExactEvaluator undiscounted = new ExactEvaluator(sim, ExactConfig.defaults(), common.progress());
      value = undiscounted.evaluate(r.policy()).value();
      optimal = undiscounted.optimal().value().value();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), checkpoint + ": " + ErrorHandlers.oneLine(e.getMessage()));
    }
    List<Map<String, Object>> perType = new ArrayList<>();
    for (int u = -1; u < typeNames.size(); u++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("type", u < 0 ? "all" : typeNames.get(u));
      row.put("mean_correlation", r.meanCorrelation(u));
      row.put("critic_choice_gain", r.meanCriticChoiceGain(u));
      row.put("best_gain", r.meanBestGain(u));
      perType.add(row);
    }
    if (common.humanOutput()) {
      PrintWriter out = common.out();
      out.printf(Locale.ROOT, "critic check of %s: gamma %s, %d actions within %s of the policy's action,"
          + " gains in training-reward units%n", checkpoint, gamma, actions, radius);
      out.printf(Locale.ROOT, "the policy: J = %.3f, J/J* = %.4f (exact, undiscounted)%n%n", value, value / optimal);
      out.printf(Locale.ROOT, "%-18s %17s %19s %11s%n", "user type", "corr(critic, Q)", "gain of critic pick",
          "best gain");
      for (Map<String, Object> row : perType) {
        out.printf(Locale.ROOT, "%-18s %17.3f %19.4f %11.4f%n", row.get("type"), row.get("mean_correlation"),
            row.get("critic_choice_gain"), row.get("best_gain"));
      }
    }
    Map<String, Object> doc = common.metadata();
    doc.put("checkpoint", checkpoint.toString());
    doc.put("gamma", gamma);
    doc.put("radius", radius);
    doc.put("actions", actions);
    doc.put("exact_value", value);
    doc.put("exact_ratio", value / optimal);
    doc.put("types", perType);
    List<Map<String, Object>> states = new ArrayList<>();
    for (CriticCheck.StateCheck s : r.states()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", s.type());
      m.put("level", s.level());
      m.put("correlation", s.correlation());
      m.put("critic_choice_gain", s.criticChoiceGain());
      m.put("best_gain", s.bestGain());
      states.add(m);
    }
    doc.put("states", states);
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }
}
