package dev.mtfengine.rl.data;

import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes transition sets in the binary columnar layout of {@code docs/data-format.md}
 * (format "MTFTRNS1", schema version {@value #FORMAT_VERSION}): a little-endian header with the
 * schema, a column table and the SHA-256 of the column bytes, then each column as one contiguous
 * little-endian array starting on a 64-byte boundary, so it can be memory-mapped as is.
 *
 * <p>Writes go to a temporary file in the target folder and are renamed into place, so a crash
 * never leaves a half-written set under the final name. Reads map the columns (a set larger than
 * the heap stays on disk), check the header, the file length, the content hash and every row, and
 * refuse a bad file with a message naming the file and what is wrong.
 */
public final class TransitionFile {
  /** The layout version written into and required of every file. */
  public static final int FORMAT_VERSION = 1;

  static final byte[] MAGIC = "MTFTRNS1".getBytes(StandardCharsets.US_ASCII);
  static final int ALIGN = 64;

  private TransitionFile() {}

  /** Writes {@code set} to {@code path} (atomically replacing it) and returns its content hash. */
  public static String write(TransitionSet set, Path path) {
    TransitionSchema schema = set.schema();
    byte[] hash = set.digest();
    ByteBuffer header = header(set, schema, hash);
    Path tmp = null;
    try {
      tmp = AtomicFiles.temporarySibling(path);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(ch, header);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Column c : Column.values()) {
          long pos = ch.position();
          long aligned = align(pos);
          writeFully(ch, ByteBuffer.allocate((int) (aligned - pos)));
          long n = set.size() * c.width(schema);
          int per = buf.capacity() / c.type.bytes;
          for (long from = 0; from < n; from += per) {
            int count = (int) Math.min(per, n - from);
            buf.clear();
            set.store(c).copyBytes(from, count, buf);
            buf.flip();
            writeFully(ch, buf);
          }
        }
        ch.force(true);
      }
      AtomicFiles.commit(tmp, path);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("writing transition set " + path + " failed: " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteQuietly(tmp);
    }
    return HexFormat.of().formatHex(hash);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  static long align(long pos) {
    return (pos + ALIGN - 1) / ALIGN * ALIGN;
  }

  /** Header bytes; column offsets are computed the way {@link #write} lays the columns out. */
  private static ByteBuffer header(TransitionSet set, TransitionSchema schema, byte[] hash) {
    List<byte[]> names = new ArrayList<>();
    for (String n : schema.rewardComponents()) {
      names.add(n.getBytes(StandardCharsets.UTF_8));
    }
    int a = schema.actionDim();
    int size = 8 + 4 + 4 + 8 + 4 + 4 + 16 * a + 4;
    for (byte[] n : names) {
      size += 4 + n.length;
    }
    size += 4;
    for (Column c : Column.values()) {
      size += 4 + c.fileName.getBytes(StandardCharsets.UTF_8).length + 4 + 4 + 8 + 8;
    }
    size += 32;
    ByteBuffer h = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC).putInt(FORMAT_VERSION).putInt(size - 16);
    h.putLong(set.size()).putInt(schema.stateDim()).putInt(a);
    for (int j = 0; j < a; j++) h.putDouble(schema.actionBounds().low(j));
    for (int j = 0; j < a; j++) h.putDouble(schema.actionBounds().high(j));
    h.putInt(names.size());
    for (byte[] n : names) h.putInt(n.length).put(n);
    h.putInt(Column.values().length);
    long pos = size;
    for (Column c : Column.values()) {
      long bytes = set.size() * c.width(schema) * c.type.bytes;
      pos = align(pos);
      byte[] n = c.fileName.getBytes(StandardCharsets.UTF_8);
      h.putInt(n.length).put(n).putInt(c.type.code).putInt(c.width(schema)).putLong(pos).putLong(bytes);
      pos += bytes;
    }
    h.put(hash);
    h.flip();
    return h;
  }

  /**
   * Maps the transition set at {@code path}, validating the header, every row and the content
   * hash. The returned set reads from the mapping: it stays valid after this method returns and
   * does not copy the columns onto the heap.
   */
  public static TransitionSet read(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      String where = "transition file " + path;
      if (fileSize < 16) {
        throw new IllegalArgumentException(where + ": " + fileSize + " bytes is too short for the header; the file is truncated or not a transition set");
      }
      ByteBuffer pre = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(pre, 0);
      pre.flip();
      byte[] magic = new byte[8];
      pre.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException(where + ": does not start with " + new String(MAGIC, StandardCharsets.US_ASCII) + "; it is not a transition set");
      }
      int version = pre.getInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(where + ": format version " + version + ", this build reads version " + FORMAT_VERSION);
      }
      int headerBytes = pre.getInt();
      if (headerBytes < 0 || 16L + headerBytes > fileSize) {
        throw new IllegalArgumentException(where + ": header length " + headerBytes + " exceeds the file; the file is truncated");
      }
      ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(h, 16);
      h.flip();
      try {
        return readBody(ch, h, headerBytes, fileSize, where);
      } catch (BufferUnderflowException e) {
        throw new IllegalArgumentException(where + ": the header ends before its fields do; the file is damaged", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading transition set " + path + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The header's fields after the length, then the mapped columns. Every length and count is checked
   * against what is left of the header (and every column against the file) before anything of that
   * size is allocated, so a damaged field is refused by name, never as an allocation failure.
   */
  private static TransitionSet readBody(FileChannel ch, ByteBuffer h, int headerBytes, long fileSize, String where)
      throws IOException {
    {
      long rows = h.getLong();
      int stateDim = h.getInt();
      int actionDim = h.getInt();
      if (rows < 0 || stateDim < 1 || actionDim < 1) {
        throw new IllegalArgumentException(where + ": header says " + rows + " rows, state " + stateDim + ", action " + actionDim);
      }
      if (16L * actionDim > h.remaining()) {
        throw new IllegalArgumentException(where + ": header says action dimension " + actionDim + ", more than its "
            + h.remaining() + " remaining bytes can hold; the file is damaged");
      }
      double[] low = new double[actionDim];
      double[] high = new double[actionDim];
      for (int j = 0; j < actionDim; j++) low[j] = h.getDouble();
      for (int j = 0; j < actionDim; j++) high[j] = h.getDouble();
      int nComp = headerLength(h, "reward component count", 4, where);
      List<String> comps = new ArrayList<>();
      for (int i = 0; i < nComp; i++) {
        byte[] b = new byte[headerLength(h, "length of reward component " + i + "'s name", 1, where)];
        h.get(b);
        comps.add(new String(b, StandardCharsets.UTF_8));
      }
      TransitionSchema schema = new TransitionSchema(stateDim, new ActionBounds(low, high), comps);
      int nCols = h.getInt();
      if (nCols != Column.values().length) {
        throw new IllegalArgumentException(where + ": has " + nCols + " columns, expected " + Column.values().length);
      }
      Map<Column, ColumnStore> stores = new EnumMap<>(Column.class);
      for (Column c : Column.values()) {
        byte[] nb = new byte[headerLength(h, "length of column " + c.fileName + "'s name", 1, where)];
        h.get(nb);
        String name = new String(nb, StandardCharsets.UTF_8);
        int code = h.getInt();
        ColumnType type;
        try {
          type = ColumnType.ofCode(code);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": column " + name + " has type code " + code
              + ", which no column type has; the file is damaged", e);
        }
        int width = h.getInt();
        long offset = h.getLong();
        long bytes = h.getLong();
        if (!name.equals(c.fileName) || type != c.type || width != c.width(schema)
            || bytes != expectedBytes(rows, width, type, where)) {
          throw new IllegalArgumentException(where + ": column " + name + " (" + type + " x " + width
              + ", " + bytes + " bytes) does not match the expected " + c.fileName + " (" + c.type
              + " x " + c.width(schema) + ")");
        }
        if (offset < 16 + headerBytes || offset + bytes > fileSize) {
          throw new IllegalArgumentException(where + ": column " + name + " ends at byte " + (offset + bytes)
              + " but the file has " + fileSize + " bytes; the file is truncated");
        }
        stores.put(c, map(ch, offset, bytes, type));
      }
      byte[] hash = new byte[32];
      h.get(hash);
      TransitionSet set = new TransitionSet(schema, rows, stores);
      for (long r = 0; r < rows; r++) {
        TransitionSet.validate(schema, set.get(r), r, where);
      }
      if (!Arrays.equals(hash, set.digest())) {
        throw new IllegalArgumentException(where + ": content hash does not match the header; the file is corrupted");
      }
      return set;
    }
  }

  /** A count or length from the header, refused unless {@code n * perItem} bytes are left in it. */
  private static int headerLength(ByteBuffer h, String what, int perItem, String where) {
    int n = h.getInt();
    if (n < 0 || (long) n * perItem > h.remaining()) {
      throw new IllegalArgumentException(where + ": header field '" + what + "' is " + n + ", more than the header's "
          + h.remaining() + " remaining bytes hold; the file is damaged");
    }
    return n;
  }

  /** rows x width x element size, refused when it overflows (a damaged row count or width). */
  private static long expectedBytes(long rows, int width, ColumnType type, String where) {
    try {
      return Math.multiplyExact(Math.multiplyExact(rows, (long) width), (long) type.bytes);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(where + ": header says " + rows + " rows of width " + width
          + ", which no file can hold; the file is damaged", e);
    }
  }

  private static ColumnStore map(FileChannel ch, long offset, long bytes, ColumnType type) throws IOException {
    long elements = bytes / type.bytes;
    int chunks = (int) Math.max(1, (elements + ColumnStore.Mapped.CHUNK_ELEMENTS - 1) / ColumnStore.Mapped.CHUNK_ELEMENTS);
    ByteBuffer[] out = new ByteBuffer[chunks];
    for (int i = 0; i < chunks; i++) {
      long first = i * ColumnStore.Mapped.CHUNK_ELEMENTS;
      long count = Math.min(ColumnStore.Mapped.CHUNK_ELEMENTS, elements - first);
      out[i] = ch.map(FileChannel.MapMode.READ_ONLY, offset + first * type.bytes, Math.max(0, count) * type.bytes);
    }
    return new ColumnStore.Mapped(out, type.bytes);
  }
}
