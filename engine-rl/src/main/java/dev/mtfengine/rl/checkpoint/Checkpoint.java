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
 * leaves a half-written checkpoint under its final name. {@code checkpoint.json} carries the
 * SHA-256 of the weights file ({@code weights_sha256}) and of its own other fields ({@code
 * meta_sha256}), so one flipped byte in either is caught. Reading
 * refuses a truncated, damaged or foreign checkpoint with a message naming the directory, the file
 * and the field: a missing or non-integer iteration, one that disagrees with the weights file's or
 * the directory's, a missing config, a non-finite weight, a checksum mismatch.
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
      AtomicFiles.deleteTree(tmp);
      Files.createDirectories(tmp);
      Map<String, String> weightsMeta = new LinkedHashMap<>(); // ordered: same bytes on every run
      weightsMeta.put("format", "pt");
      weightsMeta.put("algorithm", algorithm);
      weightsMeta.put("iteration", Long.toString(state.iteration()));
      SafeTensors.write(tmp.resolve(WEIGHTS), tensors, weightsMeta);
      meta.put("weights_sha256", sha256(tmp.resolve(WEIGHTS)));
      meta.put("meta_sha256", metaChecksum(meta));
      byte[] json = JSON.writeValueAsBytes(meta);
      AtomicFiles.write(tmp.resolve(META), out -> out.write(json));
      Files.move(tmp, directory, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint " + directory + " failed: " + e.getMessage(), e);
    } finally {
      try {
        AtomicFiles.deleteTree(tmp);
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

  /**
   * Reads the checkpoint in {@code directory}.
   *
   * @throws IllegalArgumentException naming the directory and the damaged file or field
   */
  public static Contents read(Path directory) {
    Path metaFile = directory.resolve(META);
    String where = "checkpoint " + directory + ": ";
    JsonNode meta;
    try {
      meta = JSON.readTree(Files.readAllBytes(metaFile));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(where + "no " + META + "; not a checkpoint directory (or an interrupted one)", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + META + " is not valid JSON (" + e.getOriginalMessage()
          + "); the file is truncated or damaged", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + metaFile + " failed: " + e.getMessage(), e);
    }
    if (meta == null || !meta.isObject()) {
      throw new IllegalArgumentException(where + META + " is not a JSON object; the file is damaged");
    }
    if (!FORMAT.equals(meta.path("format").asText())) {
      throw new IllegalArgumentException(where + META + " has format '" + meta.path("format").asText()
          + "', this build reads '" + FORMAT + "'");
    }
    String algorithm = text(meta, "algorithm", where);
    if (!meta.path("config").isObject()) {
      throw new IllegalArgumentException(where + META + " has no 'config' object; the file is damaged");
    }
    long iteration = count(meta.get("iteration"), "iteration", where);
    Path weightsFile = directory.resolve(WEIGHTS);
    JsonNode checksum = meta.get("weights_sha256");
    if (checksum != null) { // checkpoints written before the checksum existed have none
      if (!checksum.isTextual() || !checksum.asText().equals(sha256(weightsFile))) {
        throw new IllegalArgumentException(where + WEIGHTS + " does not match the weights_sha256 of " + META
            + "; the weights are damaged");
      }
    }
    SafeTensors.Contents weights = SafeTensors.read(weightsFile);
    String weightsIteration = weights.metadata().get("iteration");
    if (weightsIteration != null && !weightsIteration.equals(Long.toString(iteration))) {
      throw new IllegalArgumentException(where + META + " says iteration " + iteration + ", " + WEIGHTS + " says "
          + weightsIteration + "; the checkpoint is damaged");
    }
    String dirName = directory.getFileName() == null ? "" : directory.getFileName().toString();
    if (dirName.matches("checkpoint-\\d+") && Long.parseLong(dirName.substring("checkpoint-".length())) != iteration) {
      throw new IllegalArgumentException(where + META + " says iteration " + iteration
          + ", the directory's name another; the checkpoint is damaged");
    }
    long[] algorithmWords = readWords(meta.path("rng").path("algorithm"), "rng.algorithm", where);
    long[] samplerWords = readWords(meta.path("rng").path("sampler"), "rng.sampler", where);
    JsonNode metaChecksum = meta.get("meta_sha256");
    if (metaChecksum != null && !metaChecksum.asText().equals(metaChecksum((ObjectNode) meta))) {
      throw new IllegalArgumentException(where + META + " does not match its own meta_sha256 (a config value, step"
          + " count or state word was changed); the checkpoint is damaged");
    }
    Map<String, Params.Builder> sets = new LinkedHashMap<>();
    Map<String, Params.Builder> moments = new LinkedHashMap<>();
    weights.tensors().forEach((name, t) -> {
      String[] parts = name.split("/", 3);
      if (parts.length != 3 || !(parts[0].equals("params") || parts[0].equals("optim"))) {
        throw new IllegalArgumentException(where + "unexpected tensor '" + name + "' in " + WEIGHTS);
      }
      double[] v = t.toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw new IllegalArgumentException(where + "tensor '" + name + "' of " + WEIGHTS + " holds " + v[i]
              + " at element " + i + "; the checkpoint is damaged");
        }
      }
      (parts[0].equals("params") ? sets : moments).computeIfAbsent(parts[1], k -> Params.builder()).put(parts[2], t);
    });
    Map<String, Params> params = new LinkedHashMap<>();
    sets.forEach((k, b) -> params.put(k, b.build()));
    Map<String, OptimizerState> optimizers = new LinkedHashMap<>();
    meta.path("optimizers").fields().forEachRemaining(e -> {
      Params.Builder b = moments.get(e.getKey());
      optimizers.put(e.getKey(), new OptimizerState(text(e.getValue(), "kind", where + "optimizer " + e.getKey() + ", "),
          count(e.getValue().get("step"), "optimizers." + e.getKey() + ".step", where),
          b == null ? Params.empty() : b.build()));
    });
    AlgorithmState state = new AlgorithmState(params, optimizers, iteration, algorithmWords);
    return new Contents(algorithm, meta.path("config"), state, samplerWords, meta.path("data_hash").asText(),
        meta.path("kernel_path").asText());
  }

  /**
   * The newest checkpoint under {@code runDirectory} that reads without error; every newer one that
   * does not is reported to {@code skipped} with the reason (never silently) and passed over.
   */
  public static java.util.Optional<Path> latestValid(Path runDirectory, java.util.function.Consumer<String> skipped) {
    for (Path p : candidates(runDirectory)) {
      try {
        read(p);
        return java.util.Optional.of(p);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        skipped.accept("skipping damaged checkpoint " + p + " (" + e.getMessage() + ")");
      }
    }
    return java.util.Optional.empty();
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException(where + META + " has no text field '" + field + "'; the file is damaged");
    }
    return v.asText();
  }

  /** A non-negative integer field, refused by name when it is missing, a string, fractional or negative. */
  private static long count(JsonNode v, String field, String where) {
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException(where + META + " field '" + field + "' is " + (v == null ? "missing" : v)
          + "; it must be a whole number >= 0 (the file is damaged)");
    }
    return v.asLong();
  }

  private static long[] readWords(JsonNode a, String field, String where) {
    if (!a.isArray()) {
      throw new IllegalArgumentException(where + META + " field '" + field + "' is not an array of state words;"
          + " the file is damaged");
    }
    long[] w = new long[a.size()];
    for (int i = 0; i < w.length; i++) {
      if (!a.get(i).isIntegralNumber() || !a.get(i).canConvertToLong()) {
        throw new IllegalArgumentException(where + META + " field '" + field + "[" + i + "]' is " + a.get(i)
            + "; state words are 64-bit integers (the file is damaged)");
      }
      w[i] = a.get(i).asLong();
    }
    return w;
  }

  /** SHA-256 (hex) of {@code meta} as this class writes it, without its own {@code meta_sha256} field. */
  private static String metaChecksum(ObjectNode meta) {
    ObjectNode copy = meta.deepCopy();
    copy.remove("meta_sha256");
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(copy)));
    } catch (JsonProcessingException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("checkpoint: cannot checksum " + META, e);
    }
  }

  /** SHA-256 of a file, hex. */
  static String sha256(Path file) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("checkpoint " + file.getParent() + ": no " + file.getFileName()
          + "; the checkpoint is incomplete", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " failed: " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The checkpoint directory with the highest iteration under {@code runDirectory}, if any. */
  public static java.util.Optional<Path> latest(Path runDirectory) {
    return candidates(runDirectory).stream().findFirst();
  }

  /** Every checkpoint directory under {@code runDirectory}, oldest first (e.g. to choose among them). */
  public static java.util.List<Path> all(Path runDirectory) {
    java.util.List<Path> oldestFirst = new java.util.ArrayList<>(candidates(runDirectory));
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  /** The checkpoint directories under {@code runDirectory}, newest first. */
  private static java.util.List<Path> candidates(Path runDirectory) {
    if (!Files.isDirectory(runDirectory)) {
      return java.util.List.of();
    }
    try (Stream<Path> s = Files.list(runDirectory)) {
      return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+") && Files.exists(p.resolve(META)))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + runDirectory + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Removes what an interrupted run left in {@code runDirectory}: half-written checkpoint
   * directories ({@code .checkpoint-N.partial}) and the temporary files of atomic writes ({@code
   * .NAME....tmp}, {@code AtomicFiles}). Returns their names (for the caller to report).
   */
  public static java.util.List<String> removeLeftovers(Path runDirectory) {
    if (!Files.isDirectory(runDirectory)) {
      return java.util.List.of();
    }
    java.util.List<String> removed = new java.util.ArrayList<>();
    try (Stream<Path> s = Files.list(runDirectory)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        String n = p.getFileName().toString();
        if (n.matches("\\.checkpoint-\\d+\\.partial") || (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p))) {
          AtomicFiles.deleteTree(p);
          removed.add(n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cleaning " + runDirectory + " failed: " + e.getMessage(), e);
    }
    return removed;
  }

  /** The directory name of the checkpoint at {@code iteration}; zero-padded so names sort by iteration. */
  public static String name(long iteration) {
    return String.format("checkpoint-%012d", iteration);
  }

}
