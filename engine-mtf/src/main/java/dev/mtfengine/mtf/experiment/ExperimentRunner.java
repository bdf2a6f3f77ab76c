package dev.mtfengine.mtf.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mtfengine.mtf.progress.Progress;
import dev.mtfengine.mtf.sim.SimulatorParams;
import dev.mtfengine.tensor.kernel.KernelPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link PaperExperiment} over several seeds, one after the other, each in {@code
 * runDirectory/seed-N/}, and writes {@code results.json}. A rerun resumes: finished seeds are
 * read back, unfinished ones continue from their files.
 */
public final class ExperimentRunner {
  private ExperimentRunner() {}

  /**
   * Runs every seed and writes the results.
   *
   * @param workers trainings run side by side within a seed
   * @param command the command line, stored in the results
   */
  public static ExperimentResults run(PaperExperiment.Config config, SimulatorParams params, List<Long> seeds,
      int workers, Path runDirectory, String command, Progress progress) {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("experiment: need at least one seed");
    }
    long start = System.nanoTime();
    PaperExperiment experiment = new PaperExperiment(config, params, workers);
    Path configFile = runDirectory.resolve("config.json");
    if (Files.exists(configFile)) {
      // resuming: finished seeds are read back, so they must come from the same settings
      // both sides parsed from JSON text, so numbers compare as the same node types
      JsonNode before = RunStore.read(configFile,
          JsonNode.class);
      JsonNode now;
      try {
        now = RunStore.JSON.readTree(RunStore.JSON.writeValueAsBytes(config));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!before.equals(now)) {
        throw new IllegalArgumentException(runDirectory + " holds a run with other settings (" + configFile
            + "); choose another output directory or delete it");
      }
    }
    RunStore.write(configFile, config);
    List<PaperExperiment.SeedResult> results = new ArrayList<>();
    for (long seed : seeds) {
      results.add(experiment.runSeed(seed, runDirectory.resolve("seed-" + seed), progress));
    }
    ExperimentResults r = new ExperimentResults(command, config.scale(), config,
        params.fusion().family() + ", " + params.fusion().mapKind() + " map", KernelPath.active().name(),
        results, (System.nanoTime() - start) * 1e-9);
    r.write(runDirectory);
    return r;
  }
}
