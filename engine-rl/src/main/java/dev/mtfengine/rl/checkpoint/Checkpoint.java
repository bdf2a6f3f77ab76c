package dev.mtfengine.rl.checkpoint;

import dev.mtfengine.rl.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mtfengine.rl.algo.AlgorithmState;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.kernel.KernelPath;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.optim.OptimizerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A checkpoint directory: {@code weights.safetensors} with every parameter set ({@code
 * params/<set>/<name>}) and optimiser moment ({@code optim/<optimiser>/<moment>}), readable from
 * Python, and {@code checkpoint.json} with the algorithm's name and config, the iteration, the
 * optimisers' kinds and step counts, the random generators' state words, the training data's
 * content hash, the kernel path and the seed.
 *
 * <p>The directory is written under a temporary name and renamed into place, so a crash never
 * leaves a half-written checkpoint under its final name. Reading refuses a truncated or foreign
 * checkpoint with a message naming the file and the problem.
 */
public final class Checkpoint {
  /** The value of the {@code format} field of {@code checkpoint.json}. */
  public static final String FORMAT = "mtf-checkpoint/1";
  static final String WEIGHTS = "weights.safetensors";
  static final String META = "checkpoint.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What a checkpoint holds.
   *
   * @param algorithm the algorithm's name
   * @param config the algorithm's config as JSON
   * @param state parameters, optimiser states, iteration, the algorithm's RNG words
   * @param samplerRng the minibatch sampler's RNG words
   * @param dataHash content hash of the training data
   * @param kernelPath the kernel path the run used
   */
  public record Contents(String algorithm, JsonNode config, AlgorithmState state, long[] samplerRng,
      String dataHash, String kernelPath) {}

  private Checkpoint() {}

  /**
   * The config record (or any Jackson-serialisable object) as a JSON tree, normalised through its
   * text form so it compares equal to the same config read back from a checkpoint (number node
   * types then agree).
   */
  public static JsonNode configJson(Object config) {
    try {
      return JSON.readTree(JSON.writeValueAsString(config));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("checkpoint: the config cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes a checkpoint to {@code directory}, which must not exist yet. Returns it. */
  public static Path write(Path directory, String algorithm, Object config, AlgorithmState state,
      long[] samplerRng, String dataHash) {
    if (Files.exists(directory)) {
      throw new IllegalArgumentException("checkpoint " + directory + " already exists; checkpoints are never overwritten");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    state.params().forEach((set, p) -> put(tensors, "params/" + set + "/", p));
    ObjectNode meta = JSON.createObjectNode();
    meta.put("format", FORMAT);
    meta.put("algorithm", algorithm);
    meta.set("config", configJson(config));
    meta.put("iteration", state.iteration());
    ObjectNode opts = meta.putObject("optimizers");
    state.optimizers().forEach((name, o) -> {
      opts.putObject(name).put("kind", o.optimizer()).put("step", o.step());
      put(tensors, "optim/" + name + "/", o.moments());
    });
    ObjectNode rng = meta.putObject("rng");
    words(rng.putArray("algorithm"), state.rngState());
    words(rng.putArray("sampler"), samplerRng);
    meta.put("data_hash", dataHash);
    meta.put("kernel_path", KernelPath.active().name());
    Path tmp = directory.resolveSibling("." + directory.getFileName() + ".partial");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      Map<String, String> weightsMeta = new LinkedHashMap<>(); // ordered: same bytes on every run
      weightsMeta.put("format", "pt");
      weightsMeta.put("algorithm", algorithm);
      weightsMeta.put("iteration", Long.toString(state.iteration()));
      SafeTensors.write(tmp.resolve(WEIGHTS), tensors, weightsMeta);
      byte[] json = JSON.writeValueAsBytes(meta);
      AtomicFiles.write(tmp.resolve(META), out -> out.write(json));
      Files.move(tmp, directory, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint " + directory + " failed: " + e.getMessage(), e);
    } finally {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        // the original failure, if any, is the one worth reporting
      }
    }
    return directory;
  }

  private static void put(Map<String, Tensor> out, String prefix, Params p) {
    for (String n : p.names()) {
      out.put(prefix + n, p.get(n));
    }
  }

  private static void words(ArrayNode a, long[] w) {
    for (long x : w) {
      a.add(x);
    }
  }

  /** Reads the checkpoint in {@code directory}. */
  public static Contents read(Path directory) {
    Path metaFile = directory.resolve(META);
    JsonNode meta;
    try {
      meta = JSON.readTree(Files.readAllBytes(metaFile));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + directory + ": no " + META + "; not a checkpoint directory (or an interrupted one)", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("checkpoint " + metaFile + ": not valid JSON (" + e.getOriginalMessage() + "); the file is truncated or damaged", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + metaFile + " failed: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(meta.path("format").asText())) {
      throw new IllegalArgumentException("checkpoint " + metaFile + ": format '" + meta.path("format").asText()
          + "', this build reads '" + FORMAT + "'");
    }
    SafeTensors.Contents weights = SafeTensors.read(directory.resolve(WEIGHTS));
    Map<String, Params.Builder> sets = new LinkedHashMap<>();
    Map<String, Params.Builder> moments = new LinkedHashMap<>();
    weights.tensors().forEach((name, t) -> {
      String[] parts = name.split("/", 3);
      if (parts.length != 3 || !(parts[0].equals("params") || parts[0].equals("optim"))) {
        throw new IllegalArgumentException("checkpoint " + directory + ": unexpected tensor '" + name + "' in " + WEIGHTS);
      }
      (parts[0].equals("params") ? sets : moments).computeIfAbsent(parts[1], k -> Params.builder()).put(parts[2], t);
    });
    Map<String, Params> params = new LinkedHashMap<>();
    sets.forEach((k, b) -> params.put(k, b.build()));
    Map<String, OptimizerState> optimizers = new LinkedHashMap<>();
    meta.path("optimizers").fields().forEachRemaining(e -> {
      Params.Builder b = moments.get(e.getKey());
      optimizers.put(e.getKey(), new OptimizerState(e.getValue().path("kind").asText(),
          e.getValue().path("step").asLong(), b == null ? Params.empty() : b.build()));
    });
    AlgorithmState state = new AlgorithmState(params, optimizers, meta.path("iteration").asLong(),
        readWords(meta.path("rng").path("algorithm")));
    return new Contents(meta.path("algorithm").asText(), meta.path("config"), state,
        readWords(meta.path("rng").path("sampler")), meta.path("data_hash").asText(), meta.path("kernel_path").asText());
  }

  private static long[] readWords(JsonNode a) {
    long[] w = new long[a.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = a.get(i).asLong();
    }
    return w;
  }

  /** The checkpoint directory with the highest iteration under {@code runDirectory}, if any. */
  public static java.util.Optional<Path> latest(Path runDirectory) {
    if (!Files.isDirectory(runDirectory)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> s = Files.list(runDirectory)) {
      return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+") && Files.exists(p.resolve(META)))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + runDirectory + " failed: " + e.getMessage(), e);
    }
  }

  /** The directory name of the checkpoint at {@code iteration}; zero-padded so names sort by iteration. */
  public static String name(long iteration) {
    return String.format("checkpoint-%012d", iteration);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }
}
