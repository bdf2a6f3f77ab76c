package dev.mtfengine.mtf.cli;

import dev.mtfengine.rl.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The machine-readable side of the command line: documents are ordered maps of strings, numbers,
 * lists and maps, written as indented JSON. Non-finite numbers become {@code null} (JSON has no NaN).
 * Files are written to a temporary file and renamed into place, so a reader never sees half a
 * document (design.md, "Ecosystem choices").
 */
final class JsonOutput {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {}

  /** A double for a JSON document: itself when finite, else null. */
  static Double number(double x) {
    return Double.isFinite(x) ? x : null;
  }

  /** The document as indented JSON. */
  static String toJson(Map<String, Object> document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JsonOutput: cannot serialise: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes the document to {@code file}: temporary file in the same folder, then a rename. */
  static void writeAtomically(Path file, Map<String, Object> document) throws IOException {
    writeAtomically(file, toJson(document) + System.lineSeparator());
  }

  /** Writes {@code text} to {@code file}: temporary file in the same folder, then a rename. */
  static void writeAtomically(Path file, String text) throws IOException {
    try {
      AtomicFiles.writeString(file, text);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
