package dev.mtfengine.rl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mtfengine.rl.io.AtomicFiles;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Per-feature state statistics and reward statistics of a transition set, computed once (in double,
 * Welford's update, rows in order) and stored with the model ({@link #save}, {@link #load}: JSON),
 * so that training and serving normalise states identically. Features with (near) zero spread are
 * left unscaled.
 *
 * @param stateMean mean of each state feature, [S]
 * @param stateStd population standard deviation of each state feature, floored at {@link #MIN_STD}
 * @param rewardMean mean reward
 * @param rewardStd population standard deviation of the reward, floored at {@link #MIN_STD}
 */
public record NormalisationStats(double[] stateMean, double[] stateStd, double rewardMean, double rewardStd) {
  /** Spreads below this count as constant features: they are centred but not scaled. */
  public static final double MIN_STD = 1e-6;

  public NormalisationStats {
    if (stateMean.length != stateStd.length) {
      throw new IllegalArgumentException("normalisation stats: " + stateMean.length + " means, " + stateStd.length + " standard deviations");
    }
    stateMean = stateMean.clone();
    stateStd = stateStd.clone();
  }

  /** Statistics over the states (not next states) and rewards of every row of {@code set}. */
  public static NormalisationStats of(TransitionSet set) {
    int s = set.schema().stateDim();
    double[] mean = new double[s];
    double[] m2 = new double[s];
    double rMean = 0;
    double rM2 = 0;
    float[] row = new float[s];
    for (long i = 0; i < set.size(); i++) {
      set.copy(Column.STATE, i, row, 0);
      double n = i + 1;
      for (int j = 0; j < s; j++) {
        double d = row[j] - mean[j];
        mean[j] += d / n;
        m2[j] += d * (row[j] - mean[j]);
      }
      double r = set.reward(i);
      double d = r - rMean;
      rMean += d / n;
      rM2 += d * (r - rMean);
    }
    long n = Math.max(1, set.size());
    double[] std = new double[s];
    for (int j = 0; j < s; j++) {
      std[j] = Math.max(MIN_STD, Math.sqrt(m2[j] / n));
    }
    return new NormalisationStats(mean, std, rMean, Math.max(MIN_STD, Math.sqrt(rM2 / n)));
  }

  /** {@code (state - mean) / std} per feature, for a [B, S] tensor of the same width. */
  public Tensor normaliseState(Tensor state) {
    if (state.shape().lastDim() != stateMean.length) {
      throw new IllegalArgumentException("normalise state: tensor " + state.shape() + " has "
          + state.shape().lastDim() + " features, the statistics have " + stateMean.length);
    }
    Tensor mean = Tensor.of(stateMean, stateMean.length).to(state.dtype());
    Tensor std = Tensor.of(stateStd, stateStd.length).to(state.dtype());
    return Ops.div(Ops.sub(state, mean), std);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes these statistics as JSON to {@code path}, atomically (values round-trip exactly). */
  public void save(Path path) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("normalisation stats: cannot encode: " + e.getOriginalMessage(), e);
    }
    AtomicFiles.write(path, out -> out.write(bytes));
  }

  /** Reads statistics written by {@link #save}; refuses a damaged or incomplete file, naming it. */
  public static NormalisationStats load(Path path) {
    JsonNode n;
    try {
      n = JSON.readTree(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("normalisation stats " + path + ": no such file", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("normalisation stats " + path + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + " failed: " + e.getMessage(), e);
    }
    for (String f : new String[] {"stateMean", "stateStd", "rewardMean", "rewardStd"}) {
      if (!n.has(f)) {
        throw new IllegalArgumentException("normalisation stats " + path + ": field '" + f + "' is missing");
      }
    }
    double[] mean = doubles(path, n.get("stateMean"), "stateMean");
    double[] std = doubles(path, n.get("stateStd"), "stateStd");
    for (int j = 0; j < std.length; j++) {
      if (!(std[j] > 0)) {
        throw new IllegalArgumentException("normalisation stats " + path + ": stateStd[" + j + "] is " + std[j] + "; must be > 0");
      }
    }
    return new NormalisationStats(mean, std, n.get("rewardMean").asDouble(), n.get("rewardStd").asDouble());
  }

  private static double[] doubles(Path path, JsonNode a, String field) {
    if (!a.isArray()) {
      throw new IllegalArgumentException("normalisation stats " + path + ": field '" + field + "' is not an array");
    }
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException("normalisation stats " + path + ": " + field + "[" + i + "] is not a number");
      }
      out[i] = a.get(i).asDouble();
    }
    return out;
  }
}
