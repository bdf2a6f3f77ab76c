package dev.mtfengine.mtf.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.progress.ProgressBar;
import dev.mtfengine.mtf.sim.FusionSpec;
import dev.mtfengine.mtf.sim.SimulatorJson;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.mtf.task.MtfTask;
import dev.mtfengine.tensor.kernel.KernelPath;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Options every subcommand shares (a picocli mixin), and the helpers that act on them: loading the
 * simulator parameters, the progress display, the JSON destination and the run metadata.
 */
public final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the simulator's random streams (banks, sessions) and the root of the run's seed"
          + " tree. Default: ${DEFAULT-VALUE}.")
  long seed = MtfTask.DEFAULT_SEED;

  @Option(
      names = "--params",
      paramLabel = "FILE",
      description = "Simulator parameters as JSON (the format SimulatorJson writes, e.g."
          + " params.json of 'mtf simulate --out'). Default: the built-in defaults.")
  Path paramsFile;

  @Option(
      names = "--banks",
      paramLabel = "B",
      description = "Override the number of candidate sets per user type (smaller is faster, coarser).")
  Integer banks;

  @Option(
      names = "--fusion",
      paramLabel = "FAMILY",
      description = "Fusion formula of the action space: log-linear (sum_k alpha_k ln(p_k + beta_k), 4"
          + " weights) or power-bias (Eq. 1, prod_k (p_k + bias_k)^power_k, 4 powers and 4 biases)."
          + " Default: the parameters' (log-linear).")
  String fusion;

  @Option(
      names = "--action-map",
      paramLabel = "KIND",
      description = "How normalised actions map to the fusion weights: multiplicative (a box is the same"
          + " relative change of every weight) or affine (the map before decision 12). Default: the"
          + " parameters' (multiplicative).")
  String actionMap;

  @Option(
      names = "--json",
      arity = "0..1",
      fallbackValue = "-",
      paramLabel = "FILE",
      description = "Machine-readable JSON: to stdout when no FILE is given (the table is then not"
          + " printed), else to FILE beside the table on stdout.")
  String json;

  @Option(names = "--no-progress", description = "Do not draw progress bars on stderr.")
  boolean noProgress;

  @Option(names = "--debug", description = "Print stack traces of errors and debug log lines.")
  boolean debug;

  private SimulatorParams loaded;

  /** The command line these options belong to. */
  CommandLine commandLine() {
    return mixee.commandLine();
  }

  /** stdout of this run. */
  PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  /** stderr of this run (progress bars, notes). */
  PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  /** The seed. */
  long seed() {
    return seed;
  }

  /**
   * The task these options describe: {@code base} (its discount, box, noise and reward scale) with
   * the action space of {@link #params()} ({@code --params}, {@code --fusion}, {@code --action-map})
   * and the seed tree rooted at {@code --seed}.
   */
  MtfTask task(MtfTask base) {
    return base.withFusion(params().fusion()).withSeed(seed);
  }

  /**
   * The simulator parameters: {@code --params FILE} or the defaults, with {@code --banks} applied.
   *
   * @throws ParameterException naming {@code --params} and the file when it cannot be read or is
   *     not valid parameters, or naming {@code --banks} when it is below 1
   */
  SimulatorParams params() {
    if (loaded != null) {
      return loaded;
    }
    SimulatorParams p = paramsFile == null ? SimulatorParams.defaults() : load(paramsFile);
    if (banks != null) {
      if (banks < 1) {
        throw new ParameterException(commandLine(), "--banks must be >= 1, got " + banks);
      }
      p = p.withBanksPerType(banks);
    }
    if (fusion != null) {
      p = p.withFusion(switch (fusion.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "log-linear" -> FusionSpec.defaults();
        case "power-bias" -> FusionSpec.powerBiasDefaults();
        default -> throw new ParameterException(commandLine(),
            "--fusion " + fusion + ": unknown family; choose log-linear or power-bias");
      });
    }
    if (actionMap != null) {
      p = p.withFusion(p.fusion().withMap(switch (actionMap.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "multiplicative" -> FusionSpec.MapKind.MULTIPLICATIVE;
        case "affine" -> FusionSpec.MapKind.AFFINE;
        default -> throw new ParameterException(commandLine(),
            "--action-map " + actionMap + ": unknown map; choose multiplicative or affine");
      }));
    }
    loaded = p;
    return p;
  }

  private SimulatorParams load(Path file) {
    try {
      return SimulatorJson.load(file);
    } catch (UncheckedIOException e) {
      IOException cause = e.getCause();
      String why;
      if (cause instanceof NoSuchFileException) {
        why = "no such file";
      } else if (cause instanceof AccessDeniedException) {
        why = "permission denied";
      } else {
        why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      }
      throw new ParameterException(
          commandLine(), "--params " + file + ": cannot read the file (" + why + ")", e);
    } catch (IllegalArgumentException e) {
      // SimulatorJson names itself in the message; the user needs the file and the position instead
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      message = message.replaceFirst("^SimulatorJson\\.fromJson: ", "");
      if (e.getCause() instanceof JsonProcessingException j && j.getLocation() != null
          && j.getLocation().getLineNr() > 0) {
        message += " (line " + j.getLocation().getLineNr() + ", column "
            + j.getLocation().getColumnNr() + ")";
      }
      throw new ParameterException(
          commandLine(), "--params " + file + ": not valid simulator parameters: " + message, e);
    }
  }

  /**
   * Checks, before the command runs, the options it would otherwise only read later or never: the
   * simulator parameters (so {@code --params} with a missing or damaged file fails on every command,
   * not only on those that simulate) and {@code --json} on a command that writes no JSON document.
   *
   * @param writesJson whether the command writes a {@code --json} document
   * @param resultsInstead where a command without one puts its machine-readable results
   */
  void validateBeforeRun(boolean writesJson, String resultsInstead) {
    if (paramsFile != null || banks != null || fusion != null || actionMap != null) {
      params();
    }
    if (json != null && !writesJson) {
      throw new ParameterException(commandLine(), "--json: '" + mixee.qualifiedName(" ")
          + "' writes no JSON document; " + resultsInstead);
    }
  }

  /**
   * Creates {@code directory} if needed and refuses, before any work, one this process cannot write
   * to (a file in its place, no permission).
   */
  void requireWritableDirectory(String option, Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ParameterException(commandLine(), option + " " + directory + ": cannot create the directory ("
          + e.getMessage() + ")", e);
    }
    if (!Files.isWritable(directory)) {
      throw new ParameterException(commandLine(), option + " " + directory + ": the directory is not writable");
    }
  }

  /** Refuses, before any work, files that are missing or unreadable, naming the first. */
  void requireReadableFiles(String option, List<Path> files) {
    for (Path f : files) {
      if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
        throw new ParameterException(commandLine(), option + " " + f + ": "
            + (Files.exists(f) ? "not a readable file" : "no such file"));
      }
    }
  }

  /** How the parameters were chosen, for headers and run metadata. */
  String paramsSource() {
    String source = paramsFile == null ? "default parameters" : paramsFile.toString();
    if (fusion != null) {
      source += ", fusion " + fusion;
    }
    if (actionMap != null) {
      source += ", " + actionMap + " action map";
    }
    return banks == null ? source : source + ", B = " + banks;
  }

  /** Progress bars on stderr, unless {@code --no-progress}. */
  Progress progress() {
    ProgressBar.Mode mode = noProgress ? ProgressBar.Mode.OFF : ProgressBar.detectMode();
    return new ProgressBar(err(), mode);
  }

  /** Whether the human-readable table goes to stdout (not when stdout carries the JSON). */
  boolean humanOutput() {
    return !"-".equals(json);
  }

  /** Writes {@code document} where {@code --json} says, if it was given. */
  void writeJson(Map<String, Object> document) {
    if (json == null) {
      return;
    }
    if ("-".equals(json)) {
      out().println(JsonOutput.toJson(document));
      out().flush();
      return;
    }
    try {
      JsonOutput.writeAtomically(Path.of(json), document);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(
          commandLine(), "--json " + json + ": cannot write the file (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The run metadata every JSON document starts with: command, version, seed, parameters, kernel
   * path. Asking for the kernel path initialises the kernels, which logs their one line on stderr.
   */
  Map<String, Object> metadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", mixee.qualifiedName(" "));
    m.put("version", VersionProvider.version());
    m.put("seed", seed);
    m.put("params", paramsFile == null ? "defaults" : paramsFile.toString());
    if (banks != null) {
      m.put("banks_override", banks);
    }
    m.put("fusion", params().fusion().family().name());
    m.put("action_map", params().fusion().mapKind().name());
    m.put("kernels", KernelPath.active().name());
    m.put("kernels_reason", KernelPath.reason());
    return m;
  }
}
