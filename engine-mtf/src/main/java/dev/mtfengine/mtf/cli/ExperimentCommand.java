package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.experiment.ExperimentResults;
import dev.mtfengine.mtf.experiment.ExperimentRunner;
import dev.mtfengine.mtf.experiment.ExperimentScale;
import dev.mtfengine.mtf.experiment.Learner;
import dev.mtfengine.mtf.experiment.PaperExperiment;
import dev.mtfengine.mtf.report.ExperimentReport;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.algo.IntegratedRl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mtf experiment}: the IntegratedRL-MTF paper's offline experiment on the simulator over
 * several seeds ({@link PaperExperiment}), with the results table, the HTML report and optionally
 * docs/results.md.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = VersionProvider.class,
    description = {
      "Run the paper's experiment on the simulator: ES baseline; Dataset 1 (ES + Gaussian noise),"
          + " Dataset 2 (ES + box), Dataset 3 (progressive box rounds); DDPG, CQL+SAC, IQL,"
          + " BatchRL-MTF, TD3+BC and IntegratedRL trained on them; every policy scored by exact"
          + " J/J*, MTF-GAUC, NCIS and consumption, over several seeds.",
      "",
      "Rerunning the same command on the same --out resumes where it stopped.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  mtf experiment                                 5 seeds, standard scale, runs/experiment",
      "  mtf experiment --docs docs/results.md          also write the results page and its plots",
      "  mtf experiment --scale paper --out runs/paper  the paper's sizes (days on 2 cores)"
    })
public final class ExperimentCommand implements Callable<Integer>, MtfCommand.NoJsonDocument {
  @Spec CommandSpec spec;

  @Option(names = "--scale", paramLabel = "NAME", defaultValue = "standard",
      description = "Sizes: standard (5 seeds in under 30 min on 2 cores), paper (24 critics, [256, 256],"
          + " batch 256, 300k iterations), demo, smoke. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--sessions", paramLabel = "N",
      description = "Override the scale's exploration budget: sessions per dataset.")
  Integer sessions;

  @Option(names = "--iterations", paramLabel = "N",
      description = "Override the scale's training iterations (every learner gets the same).")
  Long iterations;

  @Option(names = "--full-rounds",
      description = "Every progressive round of Dataset 3 trains the full --iterations, as the paper does"
          + " (default: iterations / rounds each, the same updates as Datasets 1 and 2).")
  boolean fullRounds;

  @Option(names = "--no-pool",
      description = "Dataset 3's rounds train on their own round's data only (default: all rounds so far).")
  boolean noPool;

  @Option(names = "--expected-termination",
      description = "Every learner's targets use an estimate of P(done | s') fit to its data in place of the logged"
          + " done flags (docs/algorithms/experiment.md, decision 16; default: the flags, as in the papers).")
  boolean expectedTermination;

  @Option(names = "--critic-form", paramLabel = "FORM",
      description = "IntegratedRL's critics: paper (Q(s, a)), baseline-advantage (V(s) + A(s, x), x the offset"
          + " from the baseline action in box half-widths), baseline-quadratic (V(s) + g(s) x + h(s) x^2) or"
          + " least-squares (a quadratic in x per state, solved in closed form; discrete states only);"
          + " docs/algorithms/integrated-rl.md items 13-15. Default: least-squares (decision 18).")
  String criticForm;

  @Option(names = "--critic-lambda", paramLabel = "L",
      description = "IntegratedRL's weight of the critics' spread in the actor loss (Eq. 4). Default: 2 (decision 18);"
          + " 30 with a network form but paper, the paper's 0.2 with --critic-form paper.")
  Double criticLambda;

  @Option(names = "--critic-share", paramLabel = "P",
      description = "The share of the transitions each IntegratedRL critic trains on, in (0, 1] (item 12)."
          + " Default: 1 with least-squares (its critics resample by the bootstrap), 0.5 with the other network"
          + " forms (decision 17), the paper's 1 with --critic-form paper.")
  Double criticShare;

  @Option(names = "--actor-update", paramLabel = "UPDATE",
      description = "How IntegratedRL's actor maximises Eq. 4's objective: gradient (the paper's) or search (regression"
          + " onto each state's best candidate in the box; least-squares critics only; integrated-rl.md item 16)."
          + " Default: search with least-squares, else gradient.")
  String actorUpdate;

  @Option(names = "--gamma", paramLabel = "G", description = "Discount of the MDP. Default: ${DEFAULT-VALUE}.")
  double gamma;

  @Option(names = "--box-low", paramLabel = "X",
      description = "Lower edge of the exploration box (Datasets 2 and 3), also IntegratedRL's penalty box."
          + " Default: ${DEFAULT-VALUE}.")
  double boxLow;

  @Option(names = "--box-high", paramLabel = "X",
      description = "Upper edge of that box. Default: ${DEFAULT-VALUE}.")
  double boxHigh;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "5",
      description = "Number of seeds, starting at --seed. Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "2",
      description = "Trainings run side by side (the results do not depend on it). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--learners", paramLabel = "LIST", split = ",",
      description = "Baselines trained on Dataset 1 (IntegratedRL always runs). Default: all of "
          + "ddpg, cql-sac, iql, batchrl-mtf, td3-bc.")
  List<String> learners;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/experiment",
      description = "Run directory (results.json, report.html, one folder per seed). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--docs", paramLabel = "FILE",
      description = "Also write the results page (markdown) here, its plots in FILE's folder under results/.")
  Path docs;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    ExperimentScale s = scale(spec, scale);
    if ((sessions != null && sessions < 5) || (iterations != null && iterations < 1)) {
      throw new ParameterException(spec.commandLine(), "--sessions must be >= 5 and --iterations >= 1");
    }
    s = s.withSizes(sessions == null ? s.sessions() : sessions, iterations == null ? s.iterations() : iterations);
    if (seeds < 1 || workers < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds and --workers must be >= 1");
    }
    PaperExperiment.Config config = PaperExperiment.Config.defaults(s).withTask(task())
        .withPooledRounds(!noPool).withFullRounds(fullRounds).withExpectedTermination(expectedTermination)
        .withCriticChoice(criticChoice());
    if (learners != null) {
      List<Learner> chosen = new ArrayList<>();
      for (String id : learners) {
        try {
          chosen.add(Learner.byId(id));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--learners: " + e.getMessage());
        }
      }
      config = config.withLearners(chosen);
    }
    List<Long> seedList = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      seedList.add(common.seed() + i);
    }
    run(config, seedList, workers, out, docs, common, "mtf experiment --scale " + scale + " --seeds "
        + seeds + " --seed " + common.seed() + (sessions == null ? "" : " --sessions " + sessions)
        + (iterations == null ? "" : " --iterations " + iterations) + (noPool ? " --no-pool" : "")
        + (fullRounds ? " --full-rounds" : "") + (expectedTermination ? " --expected-termination" : "")
        + (criticForm == null ? "" : " --critic-form " + criticForm)
        + (criticLambda == null ? "" : " --critic-lambda " + criticLambda)
        + (criticShare == null ? "" : " --critic-share " + criticShare)
        + (actorUpdate == null ? "" : " --actor-update " + actorUpdate)
        + (task().equals(MtfTask.paper()) ? "" : " --gamma " + gamma + " --box-low " + boxLow + " --box-high " + boxHigh)
        + (common.fusion == null ? "" : " --fusion " + common.fusion)
        + (common.actionMap == null ? "" : " --action-map " + common.actionMap));
    return MtfCommand.EXIT_OK;
  }

  /** The paper's task with this run's discount and box; a bad value is a usage error. */
  MtfTask task() {
    try {
      return MtfTask.paper().withDiscount(gamma).withBox(new ExplorationBox(boxLow, boxHigh));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--gamma / --box-low / --box-high: " + e.getMessage());
    }
  }

  /**
   * The IntegratedRL critics the options ask for: the experiment's where they say nothing, and the
   * chosen form's own lambda and share where only the form is given.
   */
  private Learner.CriticChoice criticChoice() {
    IntegratedRl.CriticForm form = Learner.CriticChoice.experiment().form();
    if (criticForm != null) {
      form = switch (criticForm.trim().toLowerCase(Locale.ROOT)) {
        case "paper" -> IntegratedRl.CriticForm.PAPER;
        case "baseline-advantage" -> IntegratedRl.CriticForm.BASELINE_ADVANTAGE;
        case "baseline-quadratic" -> IntegratedRl.CriticForm.BASELINE_QUADRATIC;
        case "least-squares" -> IntegratedRl.CriticForm.LEAST_SQUARES;
        default -> throw new ParameterException(spec.commandLine(),
            "--critic-form " + criticForm + ": unknown form; choose paper, baseline-advantage, baseline-quadratic or least-squares");
      };
    }
    Learner.CriticChoice defaults = Learner.CriticChoice.of(form);
    double lambda = criticLambda == null ? defaults.lambda() : criticLambda;
    double share = criticShare == null ? defaults.dataShare() : criticShare;
    if (!(lambda >= 0) || !(share > 0 && share <= 1)) {
      throw new ParameterException(spec.commandLine(), "need --critic-lambda >= 0 and --critic-share in (0, 1]; got "
          + lambda + " and " + share);
    }
    IntegratedRl.ActorUpdate update = defaults.actorUpdate();
    if (actorUpdate != null) {
      update = switch (actorUpdate.trim().toLowerCase(Locale.ROOT)) {
        case "gradient" -> IntegratedRl.ActorUpdate.GRADIENT;
        case "search" -> IntegratedRl.ActorUpdate.SEARCH;
        default -> throw new ParameterException(spec.commandLine(),
            "--actor-update " + actorUpdate + ": unknown update; choose gradient or search");
      };
    }
    if (update == IntegratedRl.ActorUpdate.SEARCH && form != IntegratedRl.CriticForm.LEAST_SQUARES) {
      throw new ParameterException(spec.commandLine(), "--actor-update search needs --critic-form least-squares");
    }
    if (form == IntegratedRl.CriticForm.LEAST_SQUARES && share != 1) {
      throw new ParameterException(spec.commandLine(),
          "--critic-share must be 1 with --critic-form least-squares (its critics resample by the bootstrap)");
    }
    return new Learner.CriticChoice(form, lambda, share, update, defaults.actorLr());
  }

  static ExperimentScale scale(CommandSpec spec, String name) {
    try {
      return ExperimentScale.named(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--scale: " + e.getMessage());
    }
  }

  /** Runs (or resumes) the experiment, writes the reports and prints the short table. */
  static ExperimentResults run(PaperExperiment.Config config, List<Long> seeds, int workers, Path out,
      Path docs, CommonOptions common, String command) {
    common.requireWritableDirectory("--out", out);
    PrintWriter err = common.err();
    ExperimentScale s = config.scale();
    err.printf(Locale.ROOT, "experiment: scale %s (hidden %s, %d critics, batch %d, %d iterations, %d sessions"
            + " per dataset), seeds %s, run directory %s%n", s.name(), s.hidden(), s.critics(), s.batchSize(),
        s.iterations(), s.sessions(), seeds, out);
    err.flush();
    ExperimentResults results = ExperimentRunner.run(config, common.params(), seeds, workers, out, command,
        common.progress());
    Path html = out.resolve("report.html");
    ExperimentReport.writeHtml(results, html);
    PrintWriter o = common.out();
    o.println();
    o.print(ExperimentReport.shortTable(results));
    o.println();
    o.println("report:        " + html);
    o.println("run directory: " + out + " (config.json, results.json, seed-N/: datasets, checkpoints, lineage)");
    if (docs != null) {
      o.println("results page:  " + docs + " (plots in " + writeResultsPage(results, docs) + ")");
    }
    o.flush();
    return results;
  }

  /** Writes the markdown results page and its plots (in {@code results/} beside it); returns the plot folder. */
  static Path writeResultsPage(ExperimentResults results, Path page) {
    return writeResultsPage(results, List.of(), page);
  }

  /** The results page of {@code results} with sections for {@code others}; returns the plot folder. */
  static Path writeResultsPage(ExperimentResults results, List<ExperimentResults> others, Path page) {
    Path svg = page.toAbsolutePath().getParent().resolve("results");
    ExperimentReport.writeMarkdown(results, others, page, svg);
    return svg;
  }

  @Override
  public String resultsInstead() {
    return "its results are in OUT/results.json and OUT/seed-N/seed.json (--out)";
  }
}
