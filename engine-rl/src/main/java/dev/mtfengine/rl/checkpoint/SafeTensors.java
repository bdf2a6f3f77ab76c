package dev.mtfengine.rl.checkpoint;

import dev.mtfengine.rl.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensors in the safetensors layout, so that Python users can open our weights with the
 * {@code safetensors} package: an unsigned 64-bit little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 * "__metadata__": {string: string}}}, padded with spaces to a multiple of 8), then the tensors'
 * little-endian bytes back to back. Offsets are relative to the end of the header.
 *
 * <p>Reading validates the header length, every entry's dtype, shape and byte range, and that the
 * ranges tile the data section; errors name the file and the tensor.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The header of a trusted file is small; this bounds what a corrupt length field can allocate. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** Tensors in file order and the string metadata. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor {@code name}, or an error listing the names present. */
    public Tensor get(String name) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new IllegalArgumentException("no tensor named '" + name + "'; present: " + tensors.keySet());
      }
      return t;
    }
  }

  private SafeTensors() {}

  /** Writes {@code tensors} (in iteration order) and {@code metadata} to {@code path}, atomically. */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().equals("__metadata__") || e.getKey().isEmpty()) {
        throw new IllegalArgumentException("safetensors: '" + e.getKey() + "' is not a valid tensor name");
      }
      Tensor t = e.getValue();
      long bytes = (long) t.size() * t.dtype().bytes();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", t.dtype().name());
      ArrayNode shape = entry.putArray("shape");
      for (int d : t.shape().dims()) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("safetensors: could not encode the header", e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = new byte[padded];
    System.arraycopy(json, 0, head, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      head[i] = ' ';
    }
    AtomicFiles.write(path, out -> {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(head);
      for (Tensor t : tensors.values()) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.F32) {
          b.asFloatBuffer().put(t.rawF32());
        } else {
          b.asDoubleBuffer().put(t.rawF64());
        }
        out.write(b.array());
      }
    });
  }

  /** Reads every tensor and the metadata of the safetensors file at {@code path}. */
  public static Contents read(Path path) {
    byte[] all;
    try {
      all = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("reading safetensors file " + path + " failed: " + e.getMessage(), e);
    }
    String where = "safetensors file " + path;
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < 8) {
      throw new IllegalArgumentException(where + ": " + all.length + " bytes, too short for the header length; the file is truncated");
    }
    long n = buf.getLong(0);
    if (n < 2 || n > MAX_HEADER_BYTES || 8 + n > all.length) {
      throw new IllegalArgumentException(where + ": header length " + n + " does not fit the file's " + all.length + " bytes; the file is truncated or not safetensors");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": the header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (header == null || !header.isObject()) {
      throw new IllegalArgumentException(where + ": the header is not a JSON object");
    }
    long dataStart = 8 + n;
    long dataBytes = all.length - dataStart;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Object[]> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("__metadata__")) {
        f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      entries.add(new Object[] {f.getKey(), f.getValue()});
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    long covered = 0;
    entries.sort((x, y) -> Long.compare(((JsonNode) x[1]).path("data_offsets").path(0).asLong(), ((JsonNode) y[1]).path("data_offsets").path(0).asLong()));
    for (Object[] e : entries) {
      String name = (String) e[0];
      JsonNode node = (JsonNode) e[1];
      String at = where + ", tensor '" + name + "'";
      String dt = node.path("dtype").asText("");
      DType dtype;
      try {
        dtype = DType.valueOf(dt);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(at + ": dtype '" + dt + "' is not supported (F32 or F64)");
      }
      JsonNode shapeNode = node.path("shape");
      JsonNode offs = node.path("data_offsets");
      if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
        throw new IllegalArgumentException(at + ": needs a 'shape' array and two 'data_offsets'");
      }
      int[] dims = new int[shapeNode.size()];
      long count = 1;
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shapeNode.get(i).asInt(-1);
        count *= Math.max(dims[i], 0);
      }
      Shape shape;
      try {
        shape = Shape.of(dims);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(at + ": " + ex.getMessage(), ex);
      }
      long begin = offs.get(0).asLong(-1);
      long end = offs.get(1).asLong(-1);
      if (begin != covered || end < begin || end > dataBytes || end - begin != count * dtype.bytes()) {
        throw new IllegalArgumentException(at + ": byte range [" + begin + ", " + end + ") does not hold "
            + count + " " + dtype + " values contiguously inside the " + dataBytes + "-byte data section");
      }
      ByteBuffer slice = ByteBuffer.wrap(all, (int) (dataStart + begin), (int) (end - begin)).slice().order(ByteOrder.LITTLE_ENDIAN);
      if (dtype == DType.F32) {
        float[] v = new float[(int) count];
        slice.asFloatBuffer().get(v);
        tensors.put(name, Tensor.wrap(v, shape));
      } else {
        double[] v = new double[(int) count];
        slice.asDoubleBuffer().get(v);
        tensors.put(name, Tensor.wrap(v, shape));
      }
      covered = end;
    }
    if (covered != dataBytes) {
      throw new IllegalArgumentException(where + ": " + (dataBytes - covered) + " bytes after the last tensor; the file is corrupted");
    }
    // Restore the writer's order (file order is by offset; names keep their header order otherwise).
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    for (Object[] e : entries) {
      ordered.put((String) e[0], tensors.get((String) e[0]));
    }
    return new Contents(ordered, metadata);
  }
}
