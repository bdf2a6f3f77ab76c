package dev.mtfengine.rl.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The values of one column, either on the heap (a set being built) or in memory-mapped file chunks
 * (a loaded set, which may be larger than the heap). Element indices are {@code row * width + j}.
 */
abstract class ColumnStore {
  abstract float f32(long index);

  abstract double f64(long index);

  abstract int i32(long index);

  abstract long i64(long index);

  abstract byte u8(long index);

  /** Little-endian bytes of elements {@code [from, from + count)} into {@code out}. */
  abstract void copyBytes(long from, int count, ByteBuffer out);

  /** Heap storage as one primitive array of the column's type. */
  static final class Heap extends ColumnStore {
    private final Object array;

    Heap(Object array) {
      this.array = array;
    }

    @Override
    float f32(long i) {
      return ((float[]) array)[(int) i];
    }

    @Override
    double f64(long i) {
      return ((double[]) array)[(int) i];
    }

    @Override
    int i32(long i) {
      return ((int[]) array)[(int) i];
    }

    @Override
    long i64(long i) {
      return ((long[]) array)[(int) i];
    }

    @Override
    byte u8(long i) {
      return ((byte[]) array)[(int) i];
    }

    @Override
    void copyBytes(long from, int count, ByteBuffer out) {
      int f = (int) from;
      if (array instanceof float[]) {
        for (int k = 0; k < count; k++) out.putFloat(((float[]) array)[f + k]);
      } else if (array instanceof double[]) {
        for (int k = 0; k < count; k++) out.putDouble(((double[]) array)[f + k]);
      } else if (array instanceof int[]) {
        for (int k = 0; k < count; k++) out.putInt(((int[]) array)[f + k]);
      } else if (array instanceof long[]) {
        for (int k = 0; k < count; k++) out.putLong(((long[]) array)[f + k]);
      } else {
        out.put((byte[]) array, f, count);
      }
    }
  }

  /**
   * Mapped storage: the column's bytes split into read-only chunks of at most {@link
   * #CHUNK_ELEMENTS} elements (a mapped buffer holds at most 2 GiB).
   */
  static final class Mapped extends ColumnStore {
    static final long CHUNK_ELEMENTS = 1L << 27;
    private final ByteBuffer[] chunks;
    private final int elementBytes;

    Mapped(ByteBuffer[] chunks, int elementBytes) {
      this.chunks = chunks;
      this.elementBytes = elementBytes;
      for (ByteBuffer c : chunks) {
        c.order(ByteOrder.LITTLE_ENDIAN);
      }
    }

    private ByteBuffer chunk(long i) {
      return chunks[(int) (i / CHUNK_ELEMENTS)];
    }

    private int pos(long i) {
      return (int) (i % CHUNK_ELEMENTS) * elementBytes;
    }

    @Override
    float f32(long i) {
      return chunk(i).getFloat(pos(i));
    }

    @Override
    double f64(long i) {
      return chunk(i).getDouble(pos(i));
    }

    @Override
    int i32(long i) {
      return chunk(i).getInt(pos(i));
    }

    @Override
    long i64(long i) {
      return chunk(i).getLong(pos(i));
    }

    @Override
    byte u8(long i) {
      return chunk(i).get(pos(i));
    }

    @Override
    void copyBytes(long from, int count, ByteBuffer out) {
      for (int k = 0; k < count; k++) {
        long i = from + k;
        ByteBuffer c = chunk(i);
        int p = pos(i);
        for (int b = 0; b < elementBytes; b++) {
          out.put(c.get(p + b));
        }
      }
    }
  }
}
