package dev.mtfengine.mtf.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports errors: one line on stderr that names the problem, no stack trace
 * unless {@code --debug} is among the arguments.
 *
 * <ul>
 *   <li>Invalid input (unknown or malformed options, failed validation, an unreadable or malformed
 *       {@code --params} file, and any {@link IllegalArgumentException} a command's input raises
 *       while it runs: a damaged log, data file or checkpoint): exit code {@value
 *       MtfCommand#EXIT_USAGE}, the message alone. picocli's own parse messages already name the
 *       option; ours name the file and the field.
 *   <li>Anything else (a bug, a full disk): exit code {@value MtfCommand#EXIT_FAILURE}, with the
 *       exception's type and message.
 * </ul>
 */
final class ErrorHandlers {
  private ErrorHandlers() {}

  /** Parse errors and {@link ParameterException}s thrown by validation in the commands. */
  static IParameterExceptionHandler parameterHandler() {
    return (ParameterException ex, String[] args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      if (debugRequested(args)) {
        ex.printStackTrace(err);
      }
      String message = oneLine(ex.getMessage());
      if (ex instanceof UnmatchedArgumentException u) {
        List<String> suggestions = u.getSuggestions();
        if (!suggestions.isEmpty()) {
          message += " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
      }
      String name = cmd.getCommandSpec().qualifiedName(" ");
      err.println(name + ": " + message + " (see '" + name + " --help')");
      err.flush();
      return MtfCommand.EXIT_USAGE;
    };
  }

  /** Exceptions thrown while a command runs that are not invalid input. */
  static IExecutionExceptionHandler executionHandler() {
    return (Exception ex, CommandLine cmd, ParseResult parseResult) -> {
      PrintWriter err = cmd.getErr();
      boolean debug = parseResult != null && debugRequested(parseResult.originalArgs().toArray(new String[0]));
      if (debug) {
        ex.printStackTrace(err);
      }
      String message = ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage());
      if (ex instanceof IllegalArgumentException) {
        // our validation's exception: the message names the file or field and what to do
        err.println(cmd.getCommandSpec().qualifiedName(" ") + message);
        err.flush();
        return MtfCommand.EXIT_USAGE;
      }
      err.println(cmd.getCommandSpec().qualifiedName(" ") + ": error: "
          + ex.getClass().getSimpleName() + message
          + (debug ? "" : " (run with --debug for the stack trace)"));
      err.flush();
      return MtfCommand.EXIT_FAILURE;
    };
  }

  /** Whether {@code --debug} was given (read from the raw arguments: parsing may have failed). */
  static boolean debugRequested(String[] args) {
    return args != null && Arrays.asList(args).contains("--debug");
  }

  /** Collapses line breaks (Jackson puts source locations on a second line) into one line. */
  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
