package dev.mtfengine.mtf.sim;

import dev.mtfengine.rl.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON load/save of {@link SimulatorParams} (Jackson maps the records field by field). Unknown or
 * missing fields are errors, and a value the records' compact constructors reject surfaces as an
 * {@link IllegalArgumentException} with their message. Saving writes a temporary file and renames
 * it into place (design.md, "Ecosystem choices").
 */
public final class SimulatorJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private SimulatorJson() {}

  /** The parameters as indented JSON. */
  public static String toJson(SimulatorParams params) {
    try {
      return MAPPER.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SimulatorJson.toJson: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses parameters.
   *
   * @throws IllegalArgumentException for malformed JSON, unknown or missing fields, or invalid
   *     values (with the validating record's message)
   */
  public static SimulatorParams fromJson(String json) {
    try {
      return MAPPER.readValue(json, SimulatorParams.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(
          "SimulatorJson.fromJson: invalid parameters: " + cause.getMessage(), cause);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("SimulatorJson.fromJson: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes the parameters to {@code file} atomically (temporary file, then rename). */
  public static void save(SimulatorParams params, Path file) {
    AtomicFiles.writeString(file, toJson(params));
  }

  /** Reads parameters from {@code file}; see {@link #fromJson(String)} for the errors. */
  public static SimulatorParams load(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("SimulatorJson.load: cannot read " + file, e);
    }
  }
}
