package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.Diagnosis;
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
 * {@code mtf diagnose}: the diagnosis ladder ({@link Diagnosis}) of one seed of an experiment run:
 * is the loss (or the missing gain) on the data, in the critic or in the actor?
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Place a learned policy's loss on the data, the critic or the actor, for one seed of an experiment run.",
      "",
      "Data: the exact one-step ceiling inside the exploration box around ES and policy iteration inside"
          + " the box, and a placebo IntegratedRL trained on Dataset 2 with actions permuted within each state"
          + " (it must end at ES). Critic: visitation-weighted rank correlation of learned and exact Q over"
          + " in-box actions, sign agreement of their slopes per action dimension, and the exact value of the"
          + " critic's in-box argmax. Actor: the share of the critic's in-box improvement the actor reaches."
          + " Pass the --seed, --params, --fusion and --action-map the run used.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf diagnose --run runs/demo",
      "  mtf diagnose --run runs/experiment --seed 3 --json diagnose-3.json"
    })
public final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", paramLabel = "DIR", required = true,
      description = "Run directory of 'mtf experiment' or 'mtf demo' (config.json, seed-N/).")
  Path run;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Diagnosis.Report r;
    try {
      SessionSimulator sim = new SessionSimulator(common.params(), common.seed());
      r = Diagnosis.run(run, sim, common.seed(), common.progress());
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), run + ": " + ErrorHandlers.oneLine(e.getMessage()));
    }
    Diagnosis.DataRung d = r.data();
    if (common.humanOutput()) {
      PrintWriter out = common.out();
      out.printf(Locale.ROOT, "diagnosis ladder of %s, seed %d (J/J*, exact; %d candidate actions per user type)%n%n",
          run, r.seed(), d.candidatesPerType());
      out.printf(Locale.ROOT, "data   ES (the baseline)                       %.4f%n", d.baselineRatio());
      out.printf(Locale.ROOT, "       one-step in-box ceiling                 %.4f%n", d.oneStepCeiling());
      out.printf(Locale.ROOT, "       policy iteration in the box (%2d steps)  %.4f%n", d.policyIterationsRun(),
          d.policyIterationCeiling());
      out.printf(Locale.ROOT, "       one in-box action per user type         %.4f%n", d.perTypeCeiling());
      out.printf(Locale.ROOT, "       placebo (Dataset 2, permuted actions)   %.4f  (mean |a - ES| %.4f)%n",
          r.placeboRatio(), r.placeboMeanShift());
      Diagnosis.Identification id = r.identification();
      out.printf(Locale.ROOT, "       linear fit of Dataset 2 with the exact bootstrap (%d transitions):%n",
          id.transitions());
      out.printf(Locale.ROOT, "         slope signs agreeing with the exact ones %.3f; slope se %.4f against"
          + " mean |exact slope| %.4f; TD target sd %.3f (%.3f with the leave probability for the done flag)%n",
          id.signAgreement(), id.slopeStandardError(), id.meanAbsExactSlope(), id.residualSd(),
          id.expectedTerminationSd());
      out.printf(Locale.ROOT, "         box corner of the fitted slopes %.4f, of the exact slopes %.4f%n",
          id.fittedCornerRatio(), id.exactCornerRatio());
      Diagnosis.StateFit fit = r.stateFit();
      out.printf(Locale.ROOT, "       quadratic fit per state of Dataset 2 with the exact bootstrap (%d states), its"
          + " in-box argmax:%n", fit.states());
      out.printf(Locale.ROOT, "         done flags %.4f; leave probability %.4f; its lower bound (%.1f se) %.4f%n",
          fit.argmaxRatio(), fit.expectedTerminationArgmaxRatio(), fit.confidenceMultiplier(), fit.lowerBoundRatio());
      out.printf(Locale.ROOT, "actor  the actor network fit to the one-step in-box argmax   %.4f%n%n", r.actorCeiling());
      out.printf(Locale.ROOT, "%-18s %7s %12s %12s %14s %12s %9s%n", "method", "J/J*", "critic rank", "slope signs",
          "critic argmax", "actor reach", "outside");
      for (Diagnosis.MethodRung m : r.methods()) {
        out.printf(Locale.ROOT, "%-18s %7.4f %12.3f %12.3f %14.4f %12.3f %9.3f%n", m.id(), m.ratio(),
            m.criticRankCorrelation(), m.gradientSignAgreement(), m.criticGreedyRatio(), m.actorAttainment(),
            m.outsideBoxShare());
      }
    }
    Map<String, Object> doc = common.metadata();
    doc.put("run", run.toString());
    doc.put("baseline_ratio", d.baselineRatio());
    doc.put("one_step_ceiling", d.oneStepCeiling());
    doc.put("policy_iteration_ceiling", d.policyIterationCeiling());
    doc.put("policy_iterations", d.policyIterationsRun());
    doc.put("candidates_per_type", d.candidatesPerType());
    doc.put("identification_transitions", r.identification().transitions());
    doc.put("identification_sign_agreement", r.identification().signAgreement());
    doc.put("identification_residual_sd", r.identification().residualSd());
    doc.put("identification_expected_termination_sd", r.identification().expectedTerminationSd());
    doc.put("identification_slope_se", r.identification().slopeStandardError());
    doc.put("identification_mean_abs_exact_slope", r.identification().meanAbsExactSlope());
    doc.put("identification_fitted_corner_ratio", r.identification().fittedCornerRatio());
    doc.put("identification_exact_corner_ratio", r.identification().exactCornerRatio());
    doc.put("per_type_ceiling", d.perTypeCeiling());
    doc.put("state_fit_states", r.stateFit().states());
    doc.put("state_fit_argmax_ratio", r.stateFit().argmaxRatio());
    doc.put("state_fit_expected_termination_argmax_ratio", r.stateFit().expectedTerminationArgmaxRatio());
    doc.put("state_fit_confidence_multiplier", r.stateFit().confidenceMultiplier());
    doc.put("state_fit_lower_bound_ratio", r.stateFit().lowerBoundRatio());
    doc.put("actor_ceiling", r.actorCeiling());
    doc.put("placebo_ratio", r.placeboRatio());
    doc.put("placebo_mean_shift", r.placeboMeanShift());
    List<Map<String, Object>> methods = new ArrayList<>();
    for (Diagnosis.MethodRung m : r.methods()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", m.id());
      row.put("ratio", m.ratio());
      row.put("critic_rank_correlation", m.criticRankCorrelation());
      row.put("slope_sign_agreement", m.gradientSignAgreement());
      row.put("critic_argmax_ratio", m.criticGreedyRatio());
      row.put("actor_reach", m.actorAttainment());
      row.put("outside_box_share", m.outsideBoxShare());
      methods.add(row);
    }
    doc.put("methods", methods);
    common.writeJson(doc);
    return MtfCommand.EXIT_OK;
  }
}
