package dev.mtfengine.mtf.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An MTF log in memory: its schema and its rows (one per shown item), checked for structure.
 *
 * <p>Structure rules (what makes rows -> requests -> sessions unambiguous):
 *
 * <ul>
 *   <li>the rows of a session are consecutive, and a session id never reappears after another
 *       session started;
 *   <li>a session's request indices run 0, 1, 2, ... and a request's rows are consecutive with
 *       positions 0, 1, 2, ...;
 *   <li>the rows of one request agree on user, features, action, baseline action, density and
 *       reward; the requests of one session agree on the user.
 * </ul>
 */
public final class MtfLog {
  private final MtfLogSchema schema;
  private final List<MtfLogRow> rows;
  private List<LoggedSession> sessions;

  private MtfLog(MtfLogSchema schema, List<MtfLogRow> rows) {
    this.schema = schema;
    this.rows = Collections.unmodifiableList(rows);
  }

  /**
   * A log of {@code rows}, checked against the schema and the structure rules.
   *
   * @throws IllegalArgumentException naming the row (0-based) and column of the first problem
   */
  public static MtfLog of(MtfLogSchema schema, List<MtfLogRow> rows) {
    Builder b = builder(schema);
    for (MtfLogRow r : rows) {
      b.add(r);
    }
    return b.build();
  }

  public static Builder builder(MtfLogSchema schema) {
    return new Builder(schema);
  }

  public MtfLogSchema schema() {
    return schema;
  }

  /** Every row, in log order (unmodifiable). */
  public List<MtfLogRow> rows() {
    return rows;
  }

  /** The rows grouped into sessions and requests, in log order (computed once). */
  public synchronized List<LoggedSession> sessions() {
    if (sessions == null) {
      List<LoggedSession> out = new ArrayList<>();
      List<LoggedRequest> requests = new ArrayList<>();
      List<MtfLogRow> items = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        MtfLogRow r = rows.get(i);
        items.add(r);
        boolean lastOfRequest = i + 1 == rows.size()
            || rows.get(i + 1).sessionId() != r.sessionId()
            || rows.get(i + 1).requestIndex() != r.requestIndex();
        if (lastOfRequest) {
          requests.add(LoggedRequest.of(items));
          items.clear();
          boolean lastOfSession = i + 1 == rows.size() || rows.get(i + 1).sessionId() != r.sessionId();
          if (lastOfSession) {
            out.add(new LoggedSession(r.sessionId(), r.userId(), requests));
            requests.clear();
          }
        }
      }
      sessions = Collections.unmodifiableList(out);
    }
    return sessions;
  }

  /** Number of requests over all sessions. */
  public int requestCount() {
    return sessions().stream().mapToInt(LoggedSession::length).sum();
  }

  @Override
  public String toString() {
    return "MtfLog(" + rows.size() + " rows, " + sessions().size() + " sessions, schema " + schema
        + ")";
  }

  /**
   * A structure problem found while adding a row: {@link #column()} names the column whose value
   * breaks the rule, so a reader can report file, line and column.
   */
  public static final class StructureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String column;

    StructureException(String column, String message) {
      super(message);
      this.column = column;
    }

    /** The name of the column whose value breaks the rule. */
    public String column() {
      return column;
    }
  }

  /** Adds rows one at a time, checking each against the schema and the structure rules. */
  public static final class Builder {
    private final MtfLogSchema schema;
    private final List<MtfLogRow> rows = new ArrayList<>();
    private final Set<Long> finishedSessions = new HashSet<>();
    private MtfLogRow previous;
    private boolean built;

    private Builder(MtfLogSchema schema) {
      if (schema == null) {
        throw new IllegalArgumentException("MtfLog: schema must be set");
      }
      this.schema = schema;
    }

    /**
     * Checks and appends one row.
     *
     * @throws StructureException naming the column when the row breaks a structure rule (the
     *     message says which rule and how to fix the log)
     * @throws IllegalArgumentException when the row's widths do not fit the schema
     */
    public Builder add(MtfLogRow row) {
      if (built) {
        throw new IllegalStateException("MtfLog.Builder: build() was already called");
      }
      row.checkWidths(schema);
      check(previous, row, finishedSessions, rows.size());
      if (previous != null && previous.sessionId() != row.sessionId()) {
        finishedSessions.add(previous.sessionId());
      }
      rows.add(row);
      previous = row;
      return this;
    }

    /** Rows added so far. */
    public int size() {
      return rows.size();
    }

    public MtfLog build() {
      built = true;
      return new MtfLog(schema, rows);
    }
  }

  /** The structure rules between a row and its predecessor; {@code index} is the row's index. */
  static void check(MtfLogRow prev, MtfLogRow row, Set<Long> finishedSessions, int index) {
    String at = "row " + index + " (session " + row.sessionId() + ", request "
        + row.requestIndex() + ", position " + row.position() + ")";
    boolean newSession = prev == null || prev.sessionId() != row.sessionId();
    if (newSession) {
      if (finishedSessions.contains(row.sessionId())) {
        throw new StructureException("session_id", at + ": session " + row.sessionId()
            + " appeared earlier and another session started since; sort the log by session, "
            + "request and position");
      }
      if (row.requestIndex() != 0) {
        throw new StructureException("request_index", at + ": a session's first request must "
            + "have request_index 0, got " + row.requestIndex() + "; the log is missing the "
            + "session's earlier requests or is not sorted");
      }
      if (row.position() != 0) {
        throw new StructureException("position", at + ": a request's first item must have "
            + "position 0, got " + row.position() + "; sort the log by position");
      }
      return;
    }
    if (row.userId() != prev.userId()) {
      throw new StructureException("user_id", at + ": user " + row.userId()
          + " differs from the session's user " + prev.userId() + "; a session belongs to one user");
    }
    if (row.requestIndex() == prev.requestIndex() + 1) {
      if (row.position() != 0) {
        throw new StructureException("position", at + ": a request's first item must have "
            + "position 0, got " + row.position() + "; sort the log by position");
      }
      return;
    }
    if (row.requestIndex() != prev.requestIndex()) {
      throw new StructureException("request_index", at + ": request_index " + row.requestIndex()
          + " follows " + prev.requestIndex() + " in the same session; request indices must run "
          + "0, 1, 2, ... (sort the log, or split it into separate sessions)");
    }
    if (row.position() != prev.position() + 1) {
      throw new StructureException("position", at + ": position " + row.position() + " follows "
          + prev.position() + " in the same request; positions must run 0, 1, 2, ...");
    }
    String differs = null;
    if (!Arrays.equals(row.userFeatures(), prev.userFeatures())) {
      int i = firstDifference(row.userFeatures(), prev.userFeatures());
      differs = MtfLogSchema.FEATURE_PREFIX + i;
    } else if (!Arrays.equals(row.action(), prev.action())) {
      differs = MtfLogSchema.ACTION_PREFIX + firstDifference(row.action(), prev.action());
    } else if (!Arrays.equals(row.baselineAction(), prev.baselineAction())) {
      differs = MtfLogSchema.BASELINE_PREFIX
          + firstDifference(row.baselineAction(), prev.baselineAction());
    } else if (Double.compare(row.density(), prev.density()) != 0) {
      differs = MtfLogSchema.DENSITY;
    } else if (Double.compare(row.reward(), prev.reward()) != 0) {
      differs = "reward";
    }
    if (differs != null) {
      throw new StructureException(differs, at + ": " + differs + " differs from the previous "
          + "item of the same request; request-level columns (user, features, actions, density, "
          + "reward) must repeat unchanged on every item of a request");
    }
  }

  private static int firstDifference(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Double.compare(a[i], b[i]) != 0) {
        return i;
      }
    }
    return 0;
  }
}
