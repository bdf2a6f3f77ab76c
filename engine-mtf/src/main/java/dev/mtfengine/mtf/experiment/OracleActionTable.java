package dev.mtfengine.mtf.experiment;

import dev.mtfengine.mtf.metrics.StatePolicy;
import dev.mtfengine.mtf.sim.StationaryPolicy;
import dev.mtfengine.rl.algo.OfflineAlgorithm;
import dev.mtfengine.rl.ope.DeterministicPolicy;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import java.util.Arrays;

/**
 * A deterministic policy over the simulator's oracle state, frozen as a table: the action at every
 * (user type u, satisfaction level s). Learners trained on oracle logs with the features-only
 * {@link dev.mtfengine.mtf.log.StateEncoding} see exactly the states {@code [onehot(u), s / (S -
 * 1)]} (U + 1 values), so one batched {@link OfflineAlgorithm#act} over the U x S states captures
 * the whole policy: it is then a {@link StationaryPolicy} the exact evaluator values, a {@link
 * StatePolicy} for MTF-GAUC and NCIS on logs, and a baseline to deploy in the next round. The
 * table is a copy, so it does not change when the learner trains on.
 */
public final class OracleActionTable implements StationaryPolicy, StatePolicy, DeterministicPolicy {
  private final double[][][] actions; // [u][s][k]
  private final int types;
  private final int levels;

  private OracleActionTable(double[][][] actions) {
    this.actions = actions;
    this.types = actions.length;
    this.levels = actions[0].length;
  }

  /** The oracle state of (u, s): {@code [onehot(u), s / (levels - 1)]}, as the simulator encodes it. */
  public static double[] state(int u, int s, int types, int levels) {
    double[] x = new double[types + 1];
    x[u] = 1.0;
    x[types] = s / (double) (levels - 1);
    return x;
  }

  /** The learner's current deterministic policy at every (u, s). */
  public static OracleActionTable of(OfflineAlgorithm algorithm, int types, int levels, DType dtype) {
    int rows = types * levels;
    double[] flat = new double[rows * (types + 1)];
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        double[] x = state(u, s, types, levels);
        System.arraycopy(x, 0, flat, (u * levels + s) * (types + 1), types + 1);
      }
    }
    Tensor states;
    if (dtype == DType.F32) {
      float[] f = new float[flat.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) flat[i]; // the float32 states the learner was trained on
      }
      states = Tensor.of(f, rows, types + 1);
    } else {
      states = Tensor.of(flat, rows, types + 1);
    }
    Tensor out = algorithm.act(states);
    int k = out.dim(1);
    double[] a = out.toDoubleArray();
    double[][][] table = new double[types][levels][k];
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        for (int j = 0; j < k; j++) {
          double v = a[(u * levels + s) * k + j];
          if (!(v >= -1 && v <= 1)) {
            throw new IllegalStateException(algorithm.name() + " returned action[" + j + "] = " + v
                + " at user type " + u + ", satisfaction " + s + "; actions must lie in [-1, 1]");
          }
          table[u][s][j] = v;
        }
      }
    }
    return new OracleActionTable(table);
  }

  /** A table from an array [u][s][k] (e.g. one read back from a run directory). */
  public static OracleActionTable of(double[][][] actions) {
    if (actions == null || actions.length == 0 || actions[0].length == 0) {
      throw new IllegalArgumentException("OracleActionTable: the action table is empty");
    }
    return of((u, s) -> actions[u][s], actions.length, actions[0].length);
  }

  /** The table of a JSON file [u][s][k], such as a run's {@code seed-N/es/policy.json}. */
  public static OracleActionTable read(java.nio.file.Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " does not exist; give a policy table such as RUN/seed-N/es/policy.json");
    }
    return of(RunStore.read(file, double[][][].class));
  }

  /** A table from any stationary policy (e.g. the ES baseline). */
  public static OracleActionTable of(StationaryPolicy policy, int types, int levels) {
    double[][][] table = new double[types][levels][];
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        table[u][s] = policy.action(u, s).clone();
      }
    }
    return new OracleActionTable(table);
  }

  @Override
  public double[] action(int type, int satisfaction) {
    return actions[type][satisfaction];
  }

  /**
   * The action at an oracle state vector; throws for anything that is not {@code [onehot(u), s /
   * (S - 1)]}, which means the log was not written in oracle mode with features-only states.
   */
  @Override
  public double[] action(double[] state) {
    if (state.length != types + 1) {
      throw new IllegalArgumentException("OracleActionTable: state has " + state.length
          + " values, an oracle state has " + (types + 1) + " ([onehot(u), z]); was the log written in oracle mode?");
    }
    int u = -1;
    for (int i = 0; i < types; i++) {
      if (state[i] == 1.0) {
        u = i;
      } else if (state[i] != 0.0) {
        u = -2;
        break;
      }
    }
    double z = state[types] * (levels - 1);
    int s = (int) Math.round(z);
    if (u < 0 || Math.abs(z - s) > 1e-6 || s < 0 || s >= levels) {
      throw new IllegalArgumentException("OracleActionTable: " + Arrays.toString(state)
          + " is not an oracle state [onehot(u), s / " + (levels - 1) + "]");
    }
    return actions[u][s];
  }

  /** The actions at a batch of oracle states, [B, U + 1] to [B, K] (F32): the table as engine-rl's off-policy evaluation reads it. */
  @Override
  public Tensor act(Tensor states) {
    int n = states.dim(0);
    int width = states.dim(1);
    double[] x = states.toDoubleArray();
    int k = actionDimension();
    float[] out = new float[n * k];
    for (int i = 0; i < n; i++) {
      double[] a = action(Arrays.copyOfRange(x, i * width, (i + 1) * width));
      for (int j = 0; j < k; j++) {
        out[i * k + j] = (float) a[j];
      }
    }
    return Tensor.of(out, n, k);
  }

  /** U, the user types. */
  public int types() {
    return types;
  }

  /** S, the satisfaction levels. */
  public int levels() {
    return levels;
  }

  /** K, the action dimension. */
  public int actionDimension() {
    return actions[0][0].length;
  }

  /** A deep copy of the table, [u][s][k]. */
  public double[][][] toArray() {
    double[][][] c = new double[types][levels][];
    for (int u = 0; u < types; u++) {
      for (int s = 0; s < levels; s++) {
        c[u][s] = actions[u][s].clone();
      }
    }
    return c;
  }
}
