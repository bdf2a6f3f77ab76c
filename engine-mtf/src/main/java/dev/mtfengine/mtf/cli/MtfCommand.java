package dev.mtfengine.mtf.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code mtf} command: the entry point of the executable jar ({@code engine-mtf/target/mtf.jar})
 * and of the {@code ./mtf} launcher. Subcommands: {@code optimum}, {@code calibrate}, {@code
 * simulate}, {@code demo}, {@code experiment}, {@code progressive}, {@code train}, {@code evaluate},
 * {@code report}.
 */
@Command(
    name = "mtf",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Multi-task fusion for recommender systems with offline reinforcement learning:",
      "a session simulator that knows its own optimum, exploration logs, offline training",
      "(IntegratedRL-MTF and the paper's baselines), progressive training and evaluation.",
      ""
    },
    subcommands = {
      OptimumCommand.class,
      CalibrateCommand.class,
      SimulateCommand.class,
      DemoCommand.class,
      ExperimentCommand.class,
      ProgressiveCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      OpeCheckCommand.class,
      CriticCheckCommand.class,
      DiagnoseCommand.class,
      ReportCommand.class,
      HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  mtf demo                       the whole job in minutes: explore, train, evaluate, report",
      "  mtf experiment --docs docs/results.md   the paper's experiment over 5 seeds",
      "  mtf optimum                    J*, the baselines and their gaps",
      "  mtf optimum --seed 2 --json    the same as JSON on stdout",
      "  mtf calibrate --sessions 5000  simulated rates next to KuaiRand's",
      "  mtf simulate --sessions 10000 --exploration box --out runs/box",
      "  mtf help simulate              the options of a subcommand",
      "",
      "Exit codes: 0 success; 2 invalid input (one line on stderr names it);",
      "1 unexpected error (--debug shows the stack trace)."
    })
public final class MtfCommand implements Callable<Integer> {
  /** Success. */
  public static final int EXIT_OK = 0;
  /** An unexpected failure. */
  public static final int EXIT_FAILURE = 1;
  /** Invalid input: options, values, parameter file (picocli's usage-error code). */
  public static final int EXIT_USAGE = 2;

  @Spec private CommandSpec spec;

  /** Runs {@code mtf} with the process's stdout and stderr and exits with its code. */
  public static void main(String[] args) {
    // before anything touches SLF4J: the binding reads its configuration once, at first use
    Logging.configure(ErrorHandlers.debugRequested(args));
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(out, err, args);
    System.exit(code);
  }

  /** Runs {@code mtf args} writing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    try {
      return cl.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The configured picocli command line (error handlers, case-insensitive enum values). */
  public static CommandLine commandLine() {
    return new CommandLine(new MtfCommand())
        .setDefaultValueProvider(new TaskDefaults())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(ErrorHandlers.parameterHandler())
        .setExecutionExceptionHandler(ErrorHandlers.executionHandler())
        .setExecutionStrategy(MtfCommand::validateThenRun);
  }

  /**
   * Validates the subcommand's common options before it runs (a missing {@code --params} file, a
   * {@code --json} it would ignore), so that nothing is accepted and then silently ignored.
   */
  private static int validateThenRun(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    Object command = last.commandSpec().userObject();
    for (CommandSpec mixin : last.commandSpec().mixins().values()) {
      if (mixin.userObject() instanceof CommonOptions common) {
        common.validateBeforeRun(!(command instanceof NoJsonDocument), command instanceof NoJsonDocument n
            ? n.resultsInstead() : "");
      }
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  /** A command that writes no {@code --json} document, and where its machine-readable results go. */
  interface NoJsonDocument {
    String resultsInstead();
  }

  /** {@code mtf} alone: a one-line error pointing at the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: choose one of demo, experiment, progressive, train,"
            + " evaluate, ope-check, report, optimum, calibrate, simulate");
  }
}
