package dev.mtfengine.mtf.log;

import java.nio.file.Path;

/**
 * A malformed MTF log file. The message reads {@code <file>:<line>: column <n> (<name>): <problem>;
 * <what to do>}, so a person can jump to the cell; the parts are also available as fields.
 */
public final class MtfLogFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String source;
  private final long line;
  private final int column;
  private final String columnName;

  /**
   * @param file the file
   * @param line 1-based line (the header is line 1), or 0 when the whole file is concerned
   * @param column 1-based column position, or -1 for a column missing from the header
   * @param columnName the column's name, or null
   * @param problem what is wrong and what to do
   */
  public MtfLogFormatException(Path file, long line, int column, String columnName, String problem) {
    this(file, String.valueOf(file), line, column, columnName, problem);
  }

  /**
   * The same for a log that is not a local file (e.g. {@code hdfs://...} read by engine-spark);
   * {@link #file()} is then null and {@link #source()} names it.
   */
  public MtfLogFormatException(String source, long line, int column, String columnName, String problem) {
    this(null, source, line, column, columnName, problem);
  }

  private MtfLogFormatException(Path file, String source, long line, int column, String columnName, String problem) {
    super(format(source, line, column, columnName, problem));
    this.file = file;
    this.source = source;
    this.line = line;
    this.column = column;
    this.columnName = columnName;
  }

  private static String format(String source, long line, int column, String name, String problem) {
    StringBuilder sb = new StringBuilder().append(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (name != null) {
      sb.append("column ");
      if (column > 0) {
        sb.append(column).append(" (").append(name).append(')');
      } else {
        sb.append(name);
      }
      sb.append(": ");
    }
    return sb.append(problem).toString();
  }

  /** The local file, or null for a log named by {@link #source()} alone. */
  public Path file() {
    return file;
  }

  /** The file's name as given (a local path or a URI). */
  public String source() {
    return source;
  }

  /** 1-based line, or 0 when the problem is not on one line. */
  public long line() {
    return line;
  }

  /** 1-based column, or -1 when the column is missing. */
  public int column() {
    return column;
  }

  /** The column's name, or null. */
  public String columnName() {
    return columnName;
  }
}
