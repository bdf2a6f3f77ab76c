package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.CheckpointGate;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.explore.BoxExplorationPolicy;
import dev.mtfengine.rl.explore.ExplorationPolicy;
import dev.mtfengine.rl.ope.ImprovementGate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of the checkpoint choice and the deploy gate ({@link CheckpointGate}) that {@code mtf
 * train} and {@code mtf progressive --logs} share (a picocli mixin), and what both do with the
 * result: print it, and keep it as {@code gate.json} in the run directory.
 */
final class GateOptions {
  @Option(names = "--gate-data", paramLabel = "FILE",
      description = "Held-out transitions (.mtft) or log (.csv) for choosing the checkpoint and the deploy gate."
          + " Default: the training data (of the last round, for progressive); the bound is then optimistic, and"
          + " says so.")
  Path gateData;

  @Option(names = "--no-gate", description = "Skip the checkpoint choice and the deploy gate.")
  boolean noGate;

  @Option(names = "--logging", paramLabel = "NOISE",
      description = "The exploration that logged the data, gaussian:SIGMA or box:LOW,HIGH: the checkpoints are"
          + " then valued by the estimator that ranked trained policies best for that exploration (per-decision NCIS,"
          + " per-decision IS); without it by the per-state FQE (docs/algorithms/ope.md, 'The deploy gate')."
          + " A box is also IntegratedRL's penalty box (Eq. 5); without one the task's box is used.")
  String logging;

  /** Whether any of the options was given (progressive on the simulator refuses them). */
  boolean given() {
    return gateData != null || noGate || logging != null;
  }

  /**
   * The {@code --logging} exploration on the action bounds of {@code data}, or null when not given.
   * Called before training, so a bad value is refused before any work.
   */
  ExplorationPolicy loggingNoise(CommandSpec spec, TransitionSet data) {
    if (logging == null) {
      return null;
    }
    try {
      return EvaluateCommand.loggingNoise(logging, data.schema().actionBounds());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The task a run on logs trains for: the paper's, with {@code gamma}, and with the logged box
   * as IntegratedRL's penalty box when the data explored a box (so the penalty keeps to the
   * region the data covers).
   */
  static MtfTask task(double gamma, ExplorationPolicy logged) {
    MtfTask task = MtfTask.paper().withDiscount(gamma);
    return logged instanceof BoxExplorationPolicy box ? task.withBox(box.box()) : task;
  }

  /** Writes {@code gate.json} into the run directory (temporary file, then rename) and prints the result. */
  static void report(Path runDirectory, CheckpointGate.Result gate, PrintWriter out, boolean human) {
    Path file = runDirectory.resolve("gate.json");
    try {
      JsonOutput.writeAtomically(file, document(gate));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("writing " + file + " failed: " + e.getMessage(), e);
    }
    if (human) {
      print(out, gate);
    }
  }

  /** The gate as a JSON document (non-finite numbers as null). */
  static Map<String, Object> document(CheckpointGate.Result gate) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Object> candidates = new ArrayList<>();
    for (CheckpointGate.Candidate c : gate.candidates()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("checkpoint", c.checkpoint());
      m.put("iteration", c.iteration());
      m.put("value", JsonOutput.number(c.value()));
      candidates.add(m);
    }
    doc.put("checkpoints_valued_by", gate.selectedBy());
    doc.put("gate_estimator", "fqe-table (undiscounted session return)");
    doc.put("held_out", gate.heldOut());
    doc.put("candidates", candidates);
    doc.put("chosen", gate.chosen() == null ? null : gate.chosen().checkpoint());
    if (gate.decision() != null) {
      ImprovementGate.Decision d = gate.decision();
      doc.put("decision", d.deploy() ? "deploy" : "keep the baseline");
      doc.put("target_value", JsonOutput.number(d.target()));
      doc.put("baseline_value", JsonOutput.number(d.baseline()));
      doc.put("lower_bound", JsonOutput.number(d.lowerBound()));
      doc.put("confidence", d.confidence());
      doc.put("sessions", d.episodes());
    } else {
      doc.put("decision", "not run");
    }
    doc.put("not_run_because", gate.notRunBecause());
    return doc;
  }

  /** The checkpoints' values, the chosen one and the decision, or why there is none. */
  static void print(PrintWriter o, CheckpointGate.Result gate) {
    if (gate.notRunBecause() != null && gate.chosen() == null) {
      o.println("gate: not run: " + gate.notRunBecause());
      return;
    }
    o.println("checkpoints valued by " + gate.selectedBy() + " (undiscounted session return, "
        + (gate.heldOut() ? "held-out data" : "the training data") + "):");
    for (CheckpointGate.Candidate c : gate.candidates()) {
      o.printf(Locale.ROOT, "  %-28s %12s%s%n", c.checkpoint(), Double.isNaN(c.value()) ? "not valued"
          : String.format(Locale.ROOT, "%.4f", c.value()), c == gate.chosen() ? "  <- chosen" : "");
    }
    if (gate.decision() == null) {
      o.println("gate: no decision, keep the baseline: " + gate.notRunBecause());
      return;
    }
    o.println("gate: " + gate.decision().describe());
    if (!gate.heldOut()) {
      o.println("      (the same data trained and chose the policy, so the bound is optimistic: give --gate-data"
          + " held-out sessions for a fair test)");
    }
  }
}
