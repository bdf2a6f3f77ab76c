package dev.mtfengine.mtf.report;

import dev.mtfengine.mtf.experiment.OpeCheck;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * What {@code mtf ope-check}'s rows say about each estimator: over the panel of policies, the
 * estimate's bias and RMSE against the exact J, the rank correlations with J (per seed, then the
 * mean over seeds), how often the bootstrap interval contains J, the effective sample size, and
 * the error on ES itself; and docs/ope-accuracy.md, generated from them.
 */
public final class OpeAccuracy {
  private OpeAccuracy() {}

  /**
   * One estimator on one kind of log.
   *
   * @param logging "noise" or "box"
   * @param sessions the log size
   * @param estimator the estimator's name
   * @param bandwidth k of the smoothing rule (NaN where no smoothing is used)
   * @param policies estimates with a value (policies times seeds)
   * @param missing estimates without one: every session weight 0, or weights beyond a double
   * @param bias mean of estimate minus J
   * @param rmse root mean square of estimate minus J
   * @param relativeRmse rmse over the mean J
   * @param spearman Spearman's rank correlation with J over the panel, mean over seeds
   * @param kendall Kendall's tau with J over the panel, mean over seeds
   * @param learnerSpearman Spearman over the learners' snapshots alone (what a checkpoint choice
   *     chooses among), mean over seeds
   * @param coverage share of intervals containing J (NaN without intervals)
   * @param meanEss mean effective sample size in sessions (NaN where weights play no part)
   * @param esRelativeError mean over seeds of (estimate of ES - J(ES)) / J(ES)
   */
  public record Summary(String logging, int sessions, String estimator, double bandwidth, int policies, int missing,
      double bias, double rmse, double relativeRmse, double spearman, double kendall, double learnerSpearman,
      double coverage, double meanEss, double esRelativeError) {}

  /**
   * The deploy gate on one kind of log, over every policy of every seed's panel but ES.
   *
   * @param policies decisions made
   * @param worse policies whose exact J is below ES's
   * @param falseDeploys of those, the ones the gate deployed
   * @param better policies whose exact J is above ES's
   * @param betterDeployed of those, the ones the gate deployed
   * @param gainAvailable sum over the better policies of (J - J(ES)) / J(ES)
   * @param gainDeployed the same sum over the better policies the gate deployed
   * @param undecided decisions without a bound (the model did not settle): counted as not deployed
   */
  public record GateSummary(String logging, int sessions, int policies, int worse, int falseDeploys, int better,
      int betterDeployed, double gainAvailable, double gainDeployed, int undecided) {

    /** falseDeploys / worse: the rate the 95 % gate should keep at or below 5 %. */
    public double falseDeployRate() {
      return worse == 0 ? Double.NaN : falseDeploys / (double) worse;
    }

    /** The share of the available relative gain that the gate did not deploy. */
    public double valueLeft() {
      return gainAvailable == 0 ? Double.NaN : 1 - gainDeployed / gainAvailable;
    }
  }

  /** The gate's rows summarised per (logging, sessions). */
  public static List<GateSummary> gate(List<OpeCheck.Row> rows) {
    Map<Long, Double> esValue = new LinkedHashMap<>();
    for (OpeCheck.Row r : rows) {
      if (r.kind().equals("es")) {
        esValue.put(r.seed(), r.exact());
      }
    }
    Map<List<Object>, List<OpeCheck.Row>> groups = rows.stream().filter(r -> r.estimator().equals(OpeCheck.GATE))
        .collect(Collectors.groupingBy(r -> List.of(r.logging(), r.sessions()), LinkedHashMap::new,
            Collectors.toList()));
    List<GateSummary> out = new ArrayList<>();
    for (List<OpeCheck.Row> g : groups.values()) {
      int worse = 0;
      int falseDeploys = 0;
      int better = 0;
      int betterDeployed = 0;
      double available = 0;
      double deployed = 0;
      int undecided = 0;
      for (OpeCheck.Row r : g) {
        double es = esValue.get(r.seed());
        boolean deploy = r.lower() > 0; // NaN (no bound) is no deploy
        undecided += Double.isNaN(r.lower()) ? 1 : 0;
        if (r.exact() < es) {
          worse++;
          falseDeploys += deploy ? 1 : 0;
        } else if (r.exact() > es) {
          better++;
          double gain = (r.exact() - es) / es;
          available += gain;
          if (deploy) {
            betterDeployed++;
            deployed += gain;
          }
        }
      }
      out.add(new GateSummary(g.get(0).logging(), g.get(0).sessions(), g.size(), worse, falseDeploys, better,
          betterDeployed, available, deployed, undecided));
    }
    return out;
  }

  /** One summary per (logging, sessions, estimator, bandwidth), in the rows' order; the gate's rows are {@link #gate}'s. */
  public static List<Summary> summarise(List<OpeCheck.Row> rows) {
    Map<List<Object>, List<OpeCheck.Row>> groups = rows.stream().filter(r -> !r.estimator().equals(OpeCheck.GATE))
        .collect(Collectors.groupingBy(
        r -> List.of(r.logging(), r.sessions(), r.estimator(), Double.valueOf(r.bandwidth())), LinkedHashMap::new,
        Collectors.toList()));
    List<Summary> out = new ArrayList<>();
    for (List<OpeCheck.Row> g : groups.values()) {
      OpeCheck.Row first = g.get(0);
      boolean valueEstimate = !first.estimator().equals("mtf-gauc");
      List<OpeCheck.Row> finite = g.stream().filter(r -> Double.isFinite(r.value())).toList();
      double bias = Double.NaN;
      double rmse = Double.NaN;
      double relative = Double.NaN;
      double coverage = Double.NaN;
      double esError = Double.NaN;
      if (valueEstimate && !finite.isEmpty()) {
        bias = finite.stream().mapToDouble(r -> r.value() - r.exact()).average().orElseThrow();
        rmse = Math.sqrt(finite.stream().mapToDouble(r -> (r.value() - r.exact()) * (r.value() - r.exact()))
            .average().orElseThrow());
        relative = rmse / finite.stream().mapToDouble(OpeCheck.Row::exact).average().orElseThrow();
        coverage = finite.stream().mapToDouble(r -> r.lower() <= r.exact() && r.exact() <= r.upper() ? 1 : 0)
            .average().orElseThrow();
        esError = finite.stream().filter(r -> r.kind().equals("es"))
            .mapToDouble(r -> (r.value() - r.exact()) / r.exact()).average().orElse(Double.NaN);
      }
      double ess = finite.stream().mapToDouble(OpeCheck.Row::effectiveSampleSize).filter(Double::isFinite)
          .average().orElse(Double.NaN);
      double[] ranks = rankCorrelations(finite);
      double[] learnerRanks = rankCorrelations(finite.stream().filter(r -> r.kind().equals("learner")).toList());
      out.add(new Summary(first.logging(), first.sessions(), first.estimator(), first.bandwidth(), finite.size(),
          g.size() - finite.size(), bias, rmse, relative, ranks[0], ranks[1], learnerRanks[0], coverage, ess, esError));
    }
    return out;
  }

  /** Spearman and Kendall with J over each seed's panel (at least 3 policies), mean over seeds. */
  private static double[] rankCorrelations(List<OpeCheck.Row> rows) {
    Map<Long, List<OpeCheck.Row>> bySeed = rows.stream().collect(Collectors.groupingBy(OpeCheck.Row::seed,
        LinkedHashMap::new, Collectors.toList()));
    double spearman = 0;
    double kendall = 0;
    int seeds = 0;
    for (List<OpeCheck.Row> s : bySeed.values()) {
      if (s.size() < 3) {
        continue;
      }
      double[] estimate = s.stream().mapToDouble(OpeCheck.Row::value).toArray();
      double[] truth = s.stream().mapToDouble(OpeCheck.Row::exact).toArray();
      spearman += new SpearmansCorrelation().correlation(estimate, truth);
      kendall += new KendallsCorrelation().correlation(estimate, truth);
      seeds++;
    }
    return seeds == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {spearman / seeds, kendall / seeds};
  }

  /** The estimator with the highest mean Spearman on the largest log of {@code logging}. */
  public static Summary bestRanking(List<Summary> summaries, String logging) {
    int largest = summaries.stream().filter(s -> s.logging().equals(logging)).mapToInt(Summary::sessions).max()
        .orElseThrow(() -> new IllegalArgumentException("ope-check: no rows for the " + logging + " log"));
    return summaries.stream().filter(s -> s.logging().equals(logging) && s.sessions() == largest
            && Double.isFinite(s.spearman()))
        .max(Comparator.comparingDouble(Summary::spearman)).orElseThrow();
  }

  /** The scatter of estimate against exact J for a few estimators on one log, every seed's panel. */
  public static String chart(List<OpeCheck.Row> rows, String logging, int sessions, List<String> estimators) {
    List<SvgChart.Series> series = new ArrayList<>();
    for (String e : estimators) {
      List<OpeCheck.Row> r = rows.stream().filter(x -> x.logging().equals(logging) && x.sessions() == sessions
          && x.estimator().equals(e) && Double.isFinite(x.value())).toList();
      if (!r.isEmpty()) {
        series.add(new SvgChart.Series(e, r.stream().mapToDouble(OpeCheck.Row::exact).toArray(),
            r.stream().mapToDouble(OpeCheck.Row::value).toArray(), false));
      }
    }
    return SvgChart.scatter("Estimate against exact J (" + logging + " log, " + sessions + " sessions)", "exact J",
        "estimate", series);
  }

  /**
   * The generated page: how it was made, the table per log, the best-ranking estimator per logging
   * policy, ES's own error, and the charts (relative paths to {@code charts}).
   */
  public static String markdown(List<OpeCheck.Row> rows, String command, List<String> chartFiles) {
    List<Summary> summaries = summarise(rows);
    StringBuilder md = new StringBuilder();
    md.append("# Off-policy estimates against the simulator's truth\n\n");
    md.append("Generated by `").append(command).append("`; do not edit by hand (rerun the command).\n\n");
    long seeds = rows.stream().map(OpeCheck.Row::seed).distinct().count();
    long policies = rows.stream().map(r -> r.seed() + "/" + r.policy()).distinct().count();
    md.append(String.format(Locale.ROOT, "%d seeds (%s), %d policies in all. ", seeds,
        rows.stream().map(r -> String.valueOf(r.seed())).distinct().collect(Collectors.joining(", ")), policies));
    md.append("Each seed's panel: ES; ES moved by constant offsets of 0.05, 0.1 and 0.2 in seeded directions; the "
        + "grid optimum; every learner's policy along its training on Dataset 1. Test logs: ES with Dataset 1's "
        + "Gaussian action noise (`noise`) or Dataset 2's box (`box`), drawn from the experiment's test "
        + "episodes. Every estimate is of the undiscounted session return, in the simulator's reward units, "
        + "beside the policy's exact J. Estimators: docs/algorithms/ope.md.\n\n");
    md.append("Columns: bias and RMSE of estimate minus J over all policies and seeds (RMSE also relative to the "
        + "mean J); Spearman and Kendall rank correlation with J within each seed's panel, mean over seeds; "
        + "the same Spearman over the learners' snapshots alone (what a checkpoint choice chooses among); "
        + "coverage of the 95 % bootstrap interval; mean effective sample size (sessions); ES error: "
        + "(estimate of ES - J(ES)) / J(ES), mean over seeds; missing: estimates the log could not give "
        + "(every session weight 0, or weights beyond the range of a double). The row `logged-mean` is not an "
        + "estimator of other policies: it is the log's own mean session return with its 95 % normal interval, "
        + "beside ES's exact J: how far any estimate of ES from this many sessions can be trusted, and the value "
        + "of ES deployed with the log's exploration."
        + String.format(Locale.ROOT, " A session's return has a standard deviation of %.2f times its mean "
            + "(mean over the logs).", returnSpread(rows)) + "\n\n");
    for (String logging : summaries.stream().map(Summary::logging).distinct().toList()) {
      Summary best = bestRanking(summaries, logging);
      md.append(String.format(Locale.ROOT, "**Best ranking on the %s log (%d sessions): %s** (Spearman %.3f, "
              + "Kendall %.3f).%n%n", logging, best.sessions(), label(best), best.spearman(), best.kendall()));
    }
    md.append(esSection(rows));
    for (String logging : summaries.stream().map(Summary::logging).distinct().toList()) {
      for (int sessions : summaries.stream().filter(s -> s.logging().equals(logging)).map(Summary::sessions)
          .distinct().toList()) {
        md.append("## ").append(logging).append(" log, ").append(sessions).append(" sessions\n\n");
        md.append("| estimator | bias | RMSE | RMSE / J | Spearman | Kendall | Spearman, learners | coverage | ESS "
            + "| ES error | missing |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Summary s : summaries) {
          if (s.logging().equals(logging) && s.sessions() == sessions) {
            md.append("| ").append(label(s)).append(" | ").append(num(s.bias(), 2)).append(" | ")
                .append(num(s.rmse(), 2)).append(" | ").append(percent(s.relativeRmse(), false)).append(" | ")
                .append(num(s.spearman(), 3)).append(" | ").append(num(s.kendall(), 3)).append(" | ")
                .append(num(s.learnerSpearman(), 3)).append(" | ")
                .append(num(s.coverage(), 2)).append(" | ").append(num(s.meanEss(), 1)).append(" | ")
                .append(percent(s.esRelativeError(), true)).append(" | ").append(s.missing()).append(" |\n");
          }
        }
        md.append('\n');
      }
    }
    List<GateSummary> gates = gate(rows);
    if (!gates.isEmpty()) {
      md.append("## Deploy gate\n\n");
      md.append("`ImprovementGate.stateTableFqe` against ES at 95 %: deploy a policy only when the 5 % quantile of "
          + "J^(pi) - J^(ES) over paired bootstrap resamples of the sessions (both per-state FQE models refitted on "
          + "each) is above 0. Every policy of every panel but ES is one decision. False deploys: policies whose "
          + "exact J is below ES's that the gate deployed (the target is at most 5 % of them). Value left: the share "
          + "of the exact relative gain of the better policies that the gate did not deploy. No bound (the model "
          + "did not settle on some resample) counts as no deploy.\n\n");
      md.append("| log | sessions | decisions | worse than ES | false deploys | false-deploy rate | better than ES "
          + "| deployed | value left | no bound |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (GateSummary g : gates) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %d | %d | %s | %d |%n", g.logging(),
            g.sessions(), g.policies(), g.worse(), g.falseDeploys(), percent(g.falseDeployRate(), false), g.better(),
            g.betterDeployed(), percent(g.valueLeft(), false), g.undecided()));
      }
      md.append('\n');
    }
    for (String chart : chartFiles) {
      md.append("![estimate against exact J](").append(chart).append(")\n\n");
    }
    return md.toString();
  }

  /**
   * NCIS of ES on the default test set (the noise log at its largest size, the experiment's), seed
   * by seed, beside the log's own mean return and its 95 % interval: the "within 5 %" check,
   * and what the sessions' spread allows.
   */
  static String esSection(List<OpeCheck.Row> rows) {
    int largest = rows.stream().filter(r -> r.logging().equals("noise")).mapToInt(OpeCheck.Row::sessions).max()
        .orElse(-1);
    List<OpeCheck.Row> means = rows.stream().filter(r -> r.logging().equals("noise") && r.sessions() == largest
        && r.estimator().equals(OpeCheck.LOGGED_MEAN)).toList();
    if (means.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## NCIS of ES on the default test set (noise log, " + largest
        + " sessions)\n\n");
    md.append("| seed | exact J(ES) | NCIS (k = 1) | error | the log's mean return [95 % interval] | interval half-width / J |\n");
    md.append("|---:|---:|---:|---:|---|---:|\n");
    int within = 0;
    double halfWidth = 0;
    for (OpeCheck.Row m : means) {
      OpeCheck.Row ncis = rows.stream().filter(r -> r.seed() == m.seed() && r.logging().equals("noise")
          && r.sessions() == largest && r.kind().equals("es") && r.estimator().equals("ncis") && r.bandwidth() == 1.0)
          .findFirst().orElse(null);
      if (ncis == null) {
        return ""; // a run without k = 1
      }
      double error = (ncis.value() - ncis.exact()) / ncis.exact();
      within += Math.abs(error) <= 0.05 ? 1 : 0;
      double half = (m.upper() - m.value()) / m.exact();
      halfWidth += half;
      md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %+.1f %% | %.2f [%.2f, %.2f] | %.1f %% |%n", m.seed(),
          m.exact(), ncis.value(), 100 * error, m.value(), m.lower(), m.upper(), 100 * half));
    }
    md.append(String.format(Locale.ROOT, "%nNCIS of ES is within 5 %% of its exact J on %d of %d seeds. Smoothed by the "
        + "log's own noise, ES's session weights are all exactly 1, so its NCIS *is* the log's mean return, and that "
        + "mean is itself uncertain by +-%.1f %% of J (95 %%, mean over seeds) at this size: no estimate of ES from "
        + "these sessions, capped or not, can promise 5 %% on every seed; more sessions can (the interval shrinks "
        + "like 1 / sqrt(n)).%n%n", within, means.size(), 100 * halfWidth / means.size()));
    return md.toString();
  }

  /** sd / mean of the session returns, from the logged-mean rows' 95 % intervals, mean over the logs. */
  static double returnSpread(List<OpeCheck.Row> rows) {
    return rows.stream().filter(r -> r.estimator().equals(OpeCheck.LOGGED_MEAN))
        .mapToDouble(r -> (r.upper() - r.value()) / 1.96 * Math.sqrt(r.effectiveSampleSize()) / r.value())
        .average().orElse(Double.NaN);
  }

  /** The estimator's name with the smoothing rule's k where it has one. */
  public static String label(Summary s) {
    return Double.isNaN(s.bandwidth()) ? s.estimator()
        : String.format(Locale.ROOT, "%s (k = %s)", s.estimator(), trim(s.bandwidth()));
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static String num(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
  }

  private static String percent(double v, boolean signed) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, signed ? "%+.1f %%" : "%.1f %%", 100 * v) : "-";
  }
}
