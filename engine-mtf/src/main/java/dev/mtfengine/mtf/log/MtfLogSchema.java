package dev.mtfengine.mtf.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The widths of an MTF log (one row per shown item, docs/data-format.md "MTF logs"): how many user
 * features F, action dimensions K and MTL heads the log carries. The CSV columns follow from them,
 * in this order:
 *
 * <pre>
 * session_id, user_id, request_index, position, item_id,
 * feature_0 .. feature_{F-1},
 * action_0 .. action_{K-1}, baseline_action_0 .. baseline_action_{K-1}, density,
 * pred_{head} for every head, fused_score,
 * click, long_view, like, share, watch_time, reward
 * </pre>
 *
 * @param featureCount F, user features per request (>= 0)
 * @param actionDimension K, the dimension of the normalised action (>= 1)
 * @param heads the MTL heads whose predictions are logged, e.g. click, long_view, like, share
 *     (non-empty, unique, lower-case letters, digits and '_')
 */
public record MtfLogSchema(int featureCount, int actionDimension, List<String> heads) {
  /** Session, user, request and item identifiers, before the feature group. */
  public static final List<String> ID_COLUMNS =
      List.of("session_id", "user_id", "request_index", "position", "item_id");
  /** The density column, after the two action groups. */
  public static final String DENSITY = "density";
  /** The fused score column, after the prediction group. */
  public static final String FUSED_SCORE = "fused_score";
  /** Feedback and reward, the last columns. */
  public static final List<String> FEEDBACK_COLUMNS =
      List.of("click", "long_view", "like", "share", "watch_time", "reward");

  static final String FEATURE_PREFIX = "feature_";
  static final String ACTION_PREFIX = "action_";
  static final String BASELINE_PREFIX = "baseline_action_";
  static final String PREDICTION_PREFIX = "pred_";
  private static final Pattern HEAD_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern INDEXED = Pattern.compile("(feature_|action_|baseline_action_)(\\d+)");

  public MtfLogSchema {
    if (featureCount < 0) {
      throw new IllegalArgumentException("MtfLogSchema: featureCount = " + featureCount + " must be >= 0");
    }
    if (actionDimension < 1) {
      throw new IllegalArgumentException(
          "MtfLogSchema: actionDimension = " + actionDimension + " must be >= 1");
    }
    if (heads == null || heads.isEmpty()) {
      throw new IllegalArgumentException("MtfLogSchema: at least one MTL head is needed");
    }
    heads = List.copyOf(heads);
    if (heads.stream().distinct().count() != heads.size()) {
      throw new IllegalArgumentException("MtfLogSchema: head names must be unique, got " + heads);
    }
    for (String h : heads) {
      if (!HEAD_NAME.matcher(h).matches()) {
        throw new IllegalArgumentException(
            "MtfLogSchema: head name '" + h + "' must use lower-case letters, digits and '_'");
      }
    }
  }

  /** The CSV header: every column name in file order. */
  public List<String> columns() {
    List<String> c = new ArrayList<>(ID_COLUMNS);
    for (int i = 0; i < featureCount; i++) {
      c.add(FEATURE_PREFIX + i);
    }
    for (int j = 0; j < actionDimension; j++) {
      c.add(ACTION_PREFIX + j);
    }
    for (int j = 0; j < actionDimension; j++) {
      c.add(BASELINE_PREFIX + j);
    }
    c.add(DENSITY);
    for (String h : heads) {
      c.add(PREDICTION_PREFIX + h);
    }
    c.add(FUSED_SCORE);
    c.addAll(FEEDBACK_COLUMNS);
    return Collections.unmodifiableList(c);
  }

  /** Number of columns, {@code 5 + F + 2K + 1 + heads + 1 + 6}. */
  public int columnCount() {
    return ID_COLUMNS.size() + featureCount + 2 * actionDimension + 1 + heads.size() + 1
        + FEEDBACK_COLUMNS.size();
  }

  /**
   * The schema a header describes. Columns may come in any order (the reader maps them by name);
   * the vector groups must be complete (feature_0 .. feature_{F-1} without gaps, the same K for
   * action_ and baseline_action_), and the prediction heads keep their header order.
   *
   * @throws HeaderException naming the offending column (1-based position and name)
   */
  public static MtfLogSchema fromHeader(List<String> header) {
    Map<String, Integer> position = new HashMap<>();
    Map<String, int[]> maxIndex = new HashMap<>(); // prefix -> {max index}
    Map<String, List<Integer>> seen = new HashMap<>();
    LinkedHashMap<String, Integer> heads = new LinkedHashMap<>();
    List<String> fixed = new ArrayList<>(ID_COLUMNS);
    fixed.add(DENSITY);
    fixed.add(FUSED_SCORE);
    fixed.addAll(FEEDBACK_COLUMNS);
    for (int c = 0; c < header.size(); c++) {
      String name = header.get(c);
      Integer earlier = position.putIfAbsent(name, c);
      if (earlier != null) {
        throw new HeaderException(c + 1, name, "appears twice (also column " + (earlier + 1)
            + "); remove the duplicate");
      }
      if (fixed.contains(name)) {
        continue;
      }
      Matcher m = INDEXED.matcher(name);
      if (m.matches()) {
        String prefix = m.group(1);
        int index;
        try {
          index = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
          throw new HeaderException(c + 1, name, "has an index too large to be a column index");
        }
        seen.computeIfAbsent(prefix, p -> new ArrayList<>()).add(index);
        maxIndex.computeIfAbsent(prefix, p -> new int[] {-1});
        maxIndex.get(prefix)[0] = Math.max(maxIndex.get(prefix)[0], index);
        continue;
      }
      if (name.startsWith(PREDICTION_PREFIX) && name.length() > PREDICTION_PREFIX.length()
          && HEAD_NAME.matcher(name.substring(PREDICTION_PREFIX.length())).matches()) {
        heads.put(name.substring(PREDICTION_PREFIX.length()), c);
        continue;
      }
      throw new HeaderException(c + 1, name, "is not a column of the MTF log; expected "
          + ID_COLUMNS + ", feature_i, action_j, baseline_action_j, density, pred_<head>, "
          + "fused_score, " + FEEDBACK_COLUMNS + " (docs/data-format.md)");
    }
    for (String f : fixed) {
      if (!position.containsKey(f)) {
        throw new HeaderException(-1, f, "is missing from the header; add it (docs/data-format.md)");
      }
    }
    int features = maxIndex.getOrDefault(FEATURE_PREFIX, new int[] {-1})[0] + 1;
    int actions = maxIndex.getOrDefault(ACTION_PREFIX, new int[] {-1})[0] + 1;
    int baselines = maxIndex.getOrDefault(BASELINE_PREFIX, new int[] {-1})[0] + 1;
    int width = Math.max(actions, baselines);
    if (width == 0) {
      throw new HeaderException(-1, ACTION_PREFIX + 0, "is missing: the log needs the action "
          + "columns action_0 .. action_{K-1} and baseline_action_0 .. baseline_action_{K-1}");
    }
    checkComplete(seen.get(FEATURE_PREFIX), FEATURE_PREFIX, features);
    checkComplete(seen.get(ACTION_PREFIX), ACTION_PREFIX, width);
    checkComplete(seen.get(BASELINE_PREFIX), BASELINE_PREFIX, width);
    if (heads.isEmpty()) {
      throw new HeaderException(-1, "pred_<head>", "is missing: the log needs at least one "
          + "prediction column such as pred_click");
    }
    return new MtfLogSchema(features, width, new ArrayList<>(heads.keySet()));
  }

  private static void checkComplete(List<Integer> indices, String prefix, int count) {
    boolean[] present = new boolean[count];
    if (indices != null) {
      for (int i : indices) {
        present[i] = true;
      }
    }
    for (int i = 0; i < count; i++) {
      if (!present[i]) {
        throw new HeaderException(-1, prefix + i, "is missing from the header (the group "
            + prefix + "0.." + prefix + (count - 1) + " must be complete); add it");
      }
    }
  }

  /**
   * A header problem: {@code column} is the 1-based position of the offending column, or -1 when
   * the column is missing; {@code name} is the column's name.
   */
  public static final class HeaderException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int column;
    private final String name;

    HeaderException(int column, String name, String problem) {
      super((column > 0 ? "column " + column + " (" + name + ")" : "column " + name) + " " + problem);
      this.column = column;
      this.name = name;
    }

    /** 1-based column position, or -1 for a missing column. */
    public int column() {
      return column;
    }

    /** The column's name. */
    public String name() {
      return name;
    }
  }
}
