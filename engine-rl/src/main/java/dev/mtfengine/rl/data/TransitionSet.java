package dev.mtfengine.rl.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * An immutable, columnar set of {@link Transition}s. Built in memory with {@link #builder}, or
 * loaded from a file with {@link TransitionFile#read}, which memory-maps the columns so a set
 * larger than the heap can still be sampled.
 *
 * <p>Every row is validated when added and when loaded: finite values (the behaviour density may be
 * {@code +Infinity} for a deterministic logger), the widths of the schema, actions and baseline
 * actions inside the action bounds, densities {@code > 0}. Errors name the row and the field.
 */
public final class TransitionSet {
  private final TransitionSchema schema;
  private final long rows;
  private final Map<Column, ColumnStore> columns;
  private final float[] terminationProbability; // [rows], null: the logged done flags
  private volatile String contentHash;

  TransitionSet(TransitionSchema schema, long rows, Map<Column, ColumnStore> columns) {
    this(schema, rows, columns, null);
  }

  private TransitionSet(TransitionSchema schema, long rows, Map<Column, ColumnStore> columns,
      float[] terminationProbability) {
    this.schema = schema;
    this.rows = rows;
    this.columns = columns;
    this.terminationProbability = terminationProbability;
  }

  public static Builder builder(TransitionSchema schema) {
    return new Builder(schema);
  }

  public TransitionSchema schema() {
    return schema;
  }

  /** Number of transitions. */
  public long size() {
    return rows;
  }

  ColumnStore store(Column c) {
    return columns.get(c);
  }

  // ------------------------------------------------------------------------------ row access

  /** Copies row {@code row} of a float column ({@code STATE}, {@code ACTION}, ...) into {@code dst}. */
  public void copy(Column column, long row, float[] dst, int dstOff) {
    if (column.type != ColumnType.F32) {
      throw new IllegalArgumentException("copy: column " + column.fileName + " is not a float column");
    }
    int w = column.width(schema);
    ColumnStore s = columns.get(column);
    long base = row * w;
    for (int j = 0; j < w; j++) {
      dst[dstOff + j] = s.f32(base + j);
    }
  }

  public float reward(long row) {
    return columns.get(Column.REWARD).f32(row);
  }

  public boolean done(long row) {
    return columns.get(Column.DONE).u8(row) != 0;
  }

  /**
   * The probability that the episode ended after row {@code row}, as the learners' targets use it
   * ({@code r + gamma (1 - p) Q(s', .)}): the logged done flag (0 or 1), or, for a set made by
   * {@link #withTerminationProbabilities}, an estimate of P(done | s') (expected termination).
   */
  public float terminationProbability(long row) {
    return terminationProbability == null ? (done(row) ? 1f : 0f) : terminationProbability[(int) row];
  }

  /** Whether {@link #terminationProbability} comes from an estimate rather than the done flags. */
  public boolean hasTerminationEstimate() {
    return terminationProbability != null;
  }

  /**
   * The same transitions with {@code probability[row]} as each row's termination probability in
   * place of its done flag (columns shared, not copied; the content hash covers the estimates).
   *
   * @throws IllegalArgumentException naming the row, for a length other than {@link #size()} or a
   *     value outside [0, 1]
   */
  public TransitionSet withTerminationProbabilities(float[] probability) {
    if (probability.length != rows) {
      throw new IllegalArgumentException("termination probabilities: " + probability.length + " values for "
          + rows + " transitions; give one per transition");
    }
    for (int r = 0; r < probability.length; r++) {
      if (!(probability[r] >= 0 && probability[r] <= 1)) {
        throw new IllegalArgumentException("termination probabilities: transition " + r + " has " + probability[r]
            + "; a probability must lie in [0, 1]");
      }
    }
    return new TransitionSet(schema, rows, columns, probability.clone());
  }

  public double behaviourDensity(long row) {
    return columns.get(Column.BEHAVIOUR_DENSITY).f64(row);
  }

  public long episodeId(long row) {
    return columns.get(Column.EPISODE_ID).i64(row);
  }

  public int stepIndex(long row) {
    return columns.get(Column.STEP_INDEX).i32(row);
  }

  public int roundId(long row) {
    return columns.get(Column.ROUND_ID).i32(row);
  }

  /** Row {@code row} as a record (copies; for inspection and tests, not for hot loops). */
  public Transition get(long row) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("transition " + row + " of " + rows);
    }
    float[] s = new float[schema.stateDim()];
    float[] a = new float[schema.actionDim()];
    float[] c = new float[schema.componentCount()];
    float[] s2 = new float[schema.stateDim()];
    float[] b = new float[schema.actionDim()];
    float[] b2 = new float[schema.actionDim()];
    copy(Column.STATE, row, s, 0);
    copy(Column.ACTION, row, a, 0);
    copy(Column.REWARD_COMPONENTS, row, c, 0);
    copy(Column.NEXT_STATE, row, s2, 0);
    copy(Column.BASELINE_ACTION, row, b, 0);
    copy(Column.NEXT_BASELINE_ACTION, row, b2, 0);
    return new Transition(s, a, reward(row), c, s2, done(row), behaviourDensity(row), b, b2,
        episodeId(row), stepIndex(row), roundId(row));
  }

  /**
   * SHA-256 (hex) of the column bytes in file order, little-endian: identifies the data a model was
   * trained on. Computed once.
   */
  public String contentHash() {
    String h = contentHash;
    if (h == null) {
      h = HexFormat.of().formatHex(digest());
      contentHash = h;
    }
    return h;
  }

  byte[] digest() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Column c : Column.values()) {
      long n = rows * c.width(schema);
      int per = buf.capacity() / c.type.bytes;
      for (long from = 0; from < n; from += per) {
        int count = (int) Math.min(per, n - from);
        buf.clear();
        columns.get(c).copyBytes(from, count, buf);
        buf.flip();
        md.update(buf);
      }
    }
    if (terminationProbability != null) {
      for (int from = 0; from < terminationProbability.length; from += buf.capacity() / Float.BYTES) {
        int count = Math.min(buf.capacity() / Float.BYTES, terminationProbability.length - from);
        buf.clear();
        buf.asFloatBuffer().put(terminationProbability, from, count);
        buf.position(count * Float.BYTES);
        buf.flip();
        md.update(buf);
      }
    }
    return md.digest();
  }

  /** Checks one row against the schema; throws naming {@code where} (file or builder), row and field. */
  static void validate(TransitionSchema schema, Transition t, long row, String where) {
    String at = where + ", transition " + row;
    checkVector(at, "state", t.state(), schema.stateDim());
    checkVector(at, "next_state", t.nextState(), schema.stateDim());
    checkVector(at, "action", t.action(), schema.actionDim());
    checkVector(at, "baseline_action", t.baselineAction(), schema.actionDim());
    checkVector(at, "next_baseline_action", t.nextBaselineAction(), schema.actionDim());
    checkVector(at, "reward_components", t.rewardComponents(), schema.componentCount());
    if (!Float.isFinite(t.reward())) {
      throw new IllegalArgumentException(at + ": reward is " + t.reward() + "; rewards must be finite");
    }
    schema.actionBounds().check(at + ": action", t.action());
    schema.actionBounds().check(at + ": baseline_action", t.baselineAction());
    schema.actionBounds().check(at + ": next_baseline_action", t.nextBaselineAction());
    double d = t.behaviourDensity();
    if (!(d > 0)) {
      throw new IllegalArgumentException(at + ": behaviour_density is " + d
          + "; it must be > 0 (the density of the logged action under the logging policy)");
    }
    if (t.stepIndex() < 0 || t.roundId() < 0) {
      throw new IllegalArgumentException(at + ": step_index " + t.stepIndex() + " and round_id "
          + t.roundId() + " must be >= 0");
    }
  }

  private static void checkVector(String at, String field, float[] v, int width) {
    if (v == null || v.length != width) {
      throw new IllegalArgumentException(at + ": " + field + " has "
          + (v == null ? "no values" : v.length + " values") + ", the schema says " + width);
    }
    for (int j = 0; j < v.length; j++) {
      if (!Float.isFinite(v[j])) {
        throw new IllegalArgumentException(at + ": " + field + "[" + j + "] is " + v[j]
            + "; values must be finite");
      }
    }
  }

  /** Accumulates validated transitions column by column on the heap. */
  public static final class Builder {
    private final TransitionSchema schema;
    private final Map<Column, Object> arrays = new EnumMap<>(Column.class);
    private int rows;
    private int capacity = 1024;
    private boolean built;

    private Builder(TransitionSchema schema) {
      this.schema = schema;
      for (Column c : Column.values()) {
        arrays.put(c, newArray(c.type, capacity * c.width(schema)));
      }
    }

    /** Validates and appends one transition; returns this builder. */
    public Builder add(Transition t) {
      if (built) {
        throw new IllegalStateException("transition builder: build() was already called");
      }
      validate(schema, t, rows, "transition builder");
      if (rows == capacity) {
        if (capacity > Integer.MAX_VALUE / 2 / Math.max(1, schema.stateDim())) {
          throw new IllegalStateException("transition builder: too many rows for the heap; "
              + "write rounds to files with TransitionFile and load them mapped");
        }
        capacity *= 2;
        for (Column c : Column.values()) {
          Object old = arrays.get(c);
          Object grown = newArray(c.type, capacity * c.width(schema));
          System.arraycopy(old, 0, grown, 0, java.lang.reflect.Array.getLength(old));
          arrays.put(c, grown);
        }
      }
      int r = rows;
      put(Column.STATE, r, t.state());
      put(Column.ACTION, r, t.action());
      ((float[]) arrays.get(Column.REWARD))[r] = t.reward();
      put(Column.REWARD_COMPONENTS, r, t.rewardComponents());
      put(Column.NEXT_STATE, r, t.nextState());
      ((byte[]) arrays.get(Column.DONE))[r] = (byte) (t.done() ? 1 : 0);
      ((double[]) arrays.get(Column.BEHAVIOUR_DENSITY))[r] = t.behaviourDensity();
      put(Column.BASELINE_ACTION, r, t.baselineAction());
      put(Column.NEXT_BASELINE_ACTION, r, t.nextBaselineAction());
      ((long[]) arrays.get(Column.EPISODE_ID))[r] = t.episodeId();
      ((int[]) arrays.get(Column.STEP_INDEX))[r] = t.stepIndex();
      ((int[]) arrays.get(Column.ROUND_ID))[r] = t.roundId();
      rows++;
      return this;
    }

    /** Appends every transition of {@code other} (same schema), e.g. pooling rounds. */
    public Builder addAll(TransitionSet other) {
      if (!other.schema().equals(schema)) {
        throw new IllegalArgumentException("transition builder: schemas differ");
      }
      for (long i = 0; i < other.size(); i++) {
        add(other.get(i));
      }
      return this;
    }

    private void put(Column c, int row, float[] v) {
      System.arraycopy(v, 0, arrays.get(c), row * v.length, v.length);
    }

    public int size() {
      return rows;
    }

    /** The set of everything added; the builder cannot be used afterwards. */
    public TransitionSet build() {
      built = true;
      Map<Column, ColumnStore> stores = new EnumMap<>(Column.class);
      for (Column c : Column.values()) {
        Object a = arrays.get(c);
        int len = rows * c.width(schema);
        Object trimmed = newArray(c.type, len);
        System.arraycopy(a, 0, trimmed, 0, len);
        stores.put(c, new ColumnStore.Heap(trimmed));
      }
      arrays.clear();
      return new TransitionSet(schema, rows, stores);
    }

    private static Object newArray(ColumnType t, int n) {
      switch (t) {
        case F32:
          return new float[n];
        case F64:
          return new double[n];
        case I32:
          return new int[n];
        case I64:
          return new long[n];
        default:
          return new byte[n];
      }
    }
  }

  @Override
  public String toString() {
    return "TransitionSet(" + rows + " rows, state " + schema.stateDim() + ", action "
        + schema.actionDim() + ", components " + schema.rewardComponents() + ")";
  }

  /** Row-by-row equality of two sets (schema and every value, bit for bit). */
  public boolean contentEquals(TransitionSet o) {
    return schema.equals(o.schema) && rows == o.rows && Arrays.equals(digest(), o.digest());
  }
}
