package dev.mtfengine.mtf.experiment;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything an experiment run produced, as written to {@code results.json} of its run directory
 * and read by the report ({@code mtf report}).
 *
 * @param command the command line that produced it, e.g. {@code "mtf experiment --seeds 5"}
 * @param scale the scale preset
 * @param config the experiment settings
 * @param actionSpace the fusion formula and action map the policies act through, e.g. {@code
 *     "LOG_LINEAR, MULTIPLICATIVE map"}
 * @param kernelPath the compute kernels used ("vector-256", "scalar", ...): results are
 *     bit-identical only on the same path
 * @param seeds one result per seed, in seed order
 * @param seconds wall time of the whole run
 */
public record ExperimentResults(String command, ExperimentScale scale, PaperExperiment.Config config,
    String actionSpace, String kernelPath, List<PaperExperiment.SeedResult> seeds, double seconds) {

  public ExperimentResults {
    seeds = List.copyOf(seeds);
  }

  /** The name of the results file in a run directory. */
  public static final String FILE = "results.json";

  /** Writes {@code results.json} under {@code runDirectory} (atomically). */
  public void write(Path runDirectory) {
    RunStore.write(runDirectory.resolve(FILE), this);
  }

  /** Reads {@code results.json} of a run directory, naming the file if it is missing or damaged. */
  public static ExperimentResults read(Path runDirectory) {
    Path file = runDirectory.resolve(FILE);
    if (!java.nio.file.Files.exists(file)) {
      throw new IllegalArgumentException(file + " does not exist: is " + runDirectory
          + " the run directory of 'mtf demo' or 'mtf experiment'?");
    }
    return RunStore.read(file, ExperimentResults.class);
  }
}
