package dev.mtfengine.rl.ope;

import dev.mtfengine.rl.data.Column;
import dev.mtfengine.rl.data.TransitionSet;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/** Rebuilds the logged sessions of a {@link TransitionSet} as {@link Episode}s. */
public final class Episodes {
  private Episodes() {}

  /**
   * The episodes of {@code set}, ordered by episode id, each with its rows ordered by step index.
   * Rows may appear in any order in the set. Each episode must hold steps {@code 0, 1, ..., T-1}
   * exactly once, and only its last step may be {@code done}; anything else throws naming the
   * episode, the steps and the rows, because a session with a hole or a repeated step would give
   * its later rewards the wrong weights.
   */
  public static List<Episode> from(TransitionSet set) {
    if (set.size() == 0) {
      throw new IllegalArgumentException("episodes: the transition set is empty");
    }
    MutableLongObjectMap<LongArrayList> rowsById = rowsByEpisode(set);
    long[] ids = rowsById.keySet().toSortedArray();
    List<Episode> episodes = new ArrayList<>(ids.length);
    for (long id : ids) {
      episodes.add(episode(set, id, orderedRows(set, id, rowsById.get(id).toArray())));
    }
    return List.copyOf(episodes);
  }

  /**
   * The rows of each episode, in row order, by episode id: primitive longs (Eclipse Collections),
   * about 8 bytes per row and a map entry per episode, where a {@code TreeMap<Long, List<Long>>}
   * took a boxed {@code Long} and a list slot per row (docs/design-notes.md has the figure for 10
   * million rows).
   */
  static MutableLongObjectMap<LongArrayList> rowsByEpisode(TransitionSet set) {
    MutableLongObjectMap<LongArrayList> rowsById = new LongObjectHashMap<>();
    for (long row = 0; row < set.size(); row++) {
      rowsById.getIfAbsentPut(set.episodeId(row), LongArrayList::new).add(row);
    }
    return rowsById;
  }

  /** The rows of one episode in step order, after checking the steps are 0..T-1 without gaps or repeats. */
  private static long[] orderedRows(TransitionSet set, long id, long[] rows) {
    long[] ordered = sortedBySteps(set, rows);
    for (int k = 0; k < ordered.length; k++) {
      int step = set.stepIndex(ordered[k]);
      if (step != k) {
        if (k > 0 && step == set.stepIndex(ordered[k - 1])) {
          throw new IllegalArgumentException("episodes: episode " + id + " has step " + step
              + " twice (rows " + ordered[k - 1] + " and " + ordered[k] + ")");
        }
        throw new IllegalArgumentException("episodes: episode " + id + (k == 0
            ? " starts at step " + step + " (row " + ordered[k] + "); steps must start at 0"
            : " jumps from step " + (k - 1) + " to step " + step + " (rows " + ordered[k - 1] + " and "
                + ordered[k] + "); steps must be 0, 1, 2, ... without gaps"));
      }
      if (set.done(ordered[k]) && k < ordered.length - 1) {
        throw new IllegalArgumentException("episodes: episode " + id + " is done at step " + k
            + " (row " + ordered[k] + ") but has " + (ordered.length - 1 - k) + " later steps");
      }
    }
    return ordered;
  }

  /**
   * {@code rows} ordered by step index, stably (insertion sort: an episode's rows usually come in
   * step order already, and a session has tens of steps).
   */
  private static long[] sortedBySteps(TransitionSet set, long[] rows) {
    long[] out = rows.clone();
    for (int i = 1; i < out.length; i++) {
      long row = out[i];
      int step = set.stepIndex(row);
      int j = i - 1;
      while (j >= 0 && set.stepIndex(out[j]) > step) {
        out[j + 1] = out[j];
        j--;
      }
      out[j + 1] = row;
    }
    return out;
  }

  private static Episode episode(TransitionSet set, long id, long[] rows) {
    int steps = rows.length;
    int stateDim = set.schema().stateDim();
    int actionDim = set.schema().actionDim();
    float[][] states = new float[steps][stateDim];
    float[][] actions = new float[steps][actionDim];
    double[] rewards = new double[steps];
    double[] densities = new double[steps];
    for (int t = 0; t < steps; t++) {
      set.copy(Column.STATE, rows[t], states[t], 0);
      set.copy(Column.ACTION, rows[t], actions[t], 0);
      rewards[t] = set.reward(rows[t]);
      densities[t] = set.behaviourDensity(rows[t]);
    }
    return new Episode(id, states, actions, rewards, densities, set.done(rows[steps - 1]));
  }

  /** Total number of steps over {@code episodes}. */
  public static long steps(List<Episode> episodes) {
    return episodes.stream().mapToLong(Episode::length).sum();
  }
}
