package dev.mtfengine.mtf.experiment;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mtfengine.rl.data.TransitionFile;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.rl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A run directory as a store of results that resume (issue 16): {@link #memo} returns what an
 * earlier, possibly interrupted, run wrote to a file, or computes it, writes it (temporary file,
 * then rename: a file is either absent or complete) and returns it. Every JSON file of an
 * experiment, a progressive run or an ope-check goes through the one mapper here: indented, and
 * NaN and the infinities written as the tokens {@code NaN} and {@code Infinity} and read back as
 * such (a result may hold them, e.g. a correlation over a constant column).
 */
public final class RunStore {
  static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private RunStore() {}

  /** The value in {@code file}, or {@code compute}'s, written there first. */
  public static <T> T memo(Path file, Class<T> type, Supplier<T> compute) {
    if (Files.exists(file)) {
      return read(file, type);
    }
    T value = compute.get();
    write(file, value);
    return value;
  }

  /** The transition set in {@code file}, or {@code compute}'s, written there first. */
  public static TransitionSet memoTransitions(Path file, Supplier<TransitionSet> compute) {
    if (Files.exists(file)) {
      return TransitionFile.read(file);
    }
    TransitionSet set = compute.get();
    TransitionFile.write(set, file);
    return set;
  }

  /** Writes {@code value} as JSON to {@code file} (temporary file, then rename). */
  public static void write(Path file, Object value) {
    AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(value)));
  }

  /** Reads {@code file}; a damaged one is named, with what to do. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is damaged (" + e.getMessage() + "); delete it to recompute", e);
    }
  }
}
