package dev.mtfengine.perf;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Two builds' F32 vector GEMM on the same shapes, interleaved in one JVM: {@link StepAb}'s method
 * for single products (issue 12). Each build's kernels come from its own {@code benchmarks.jar}
 * through its own class loader; per shape, rounds of {@value #CALLS} products alternate between the
 * builds (order swapped every round), the operands rotated through {@value #SETS} sets (as the
 * members of an ensemble: 24 x 256 KB is beyond L2), and the median ratio of side-by-side rounds is
 * printed after a quarter of the rounds as warm-up. Like StepAb it can favour one position by a few
 * per cent: run both orders and combine the two ratios.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dmtf.threads=1 -cp
 * perf/target/benchmarks.jar dev.mtfengine.perf.GemmAb A.jar B.jar SHAPE...} with shapes as in
 * {@link GemmShapesBenchmark} ({@code <transA><transB>-m-n-k}, e.g. {@code NT-256-256-256}).
 */
public final class GemmAb {
  private static final int SETS = 24;
  private static final int CALLS = 48;
  private static final int ROUNDS = 60;

  private GemmAb() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: GemmAb A.jar B.jar SHAPE... (SHAPE: <transA><transB>-m-n-k, e.g. NT-256-256-256)");
      System.exit(2);
    }
    Object[] kernels = new Object[2];
    Method[] gemm = new Method[2];
    for (int v = 0; v < 2; v++) {
      ClassLoader loader = StepAb.ownLoader("GemmAb", args[v]);
      Optional<?> vector = (Optional<?>) loader.loadClass("dev.mtfengine.tensor.kernel.KernelPath")
          .getMethod("vector").invoke(null);
      if (vector.isEmpty()) {
        System.err.println("GemmAb: " + args[v] + " has no vector kernels here (run with --add-modules jdk.incubator.vector)");
        System.exit(2);
      }
      kernels[v] = vector.get();
      gemm[v] = loader.loadClass("dev.mtfengine.tensor.kernel.Kernels").getMethod("gemm", boolean.class,
          boolean.class, int.class, int.class, int.class, float[].class, int.class, float[].class, int.class,
          float[].class, int.class);
    }
    for (int s = 2; s < args.length; s++) {
      String[] f = args[s].split("-");
      if (f.length != 4 || f[0].length() != 2) {
        System.err.println("GemmAb: shape '" + args[s] + "' is not <transA><transB>-m-n-k (e.g. NT-256-256-256)");
        System.exit(2);
      }
      boolean transA = f[0].charAt(0) == 'T';
      boolean transB = f[0].charAt(1) == 'T';
      int m = Integer.parseInt(f[1]);
      int n = Integer.parseInt(f[2]);
      int k = Integer.parseInt(f[3]);
      Random rnd = new Random(20261205L);
      float[][] a = new float[SETS][m * k];
      float[][] b = new float[SETS][k * n];
      float[][] c = new float[SETS][m * n];
      for (int q = 0; q < SETS; q++) {
        for (int i = 0; i < a[q].length; i++) {
          a[q][i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b[q].length; i++) {
          b[q][i] = (float) rnd.nextGaussian();
        }
      }
      List<Double> ratios = new ArrayList<>();
      double[] total = new double[2];
      for (int r = 0; r < ROUNDS; r++) {
        double[] us = new double[2];
        for (int turn = 0; turn < 2; turn++) {
          int v = r % 2 == 0 ? turn : 1 - turn;
          long t0 = System.nanoTime();
          for (int i = 0; i < CALLS; i++) {
            gemm[v].invoke(kernels[v], transA, transB, m, n, k, a[i % SETS], 0, b[i % SETS], 0, c[i % SETS], 0);
          }
          us[v] = (System.nanoTime() - t0) / 1e3 / CALLS;
        }
        if (r >= ROUNDS / 4) {
          ratios.add(us[1] / us[0]);
          total[0] += us[0];
          total[1] += us[1];
        }
      }
      Collections.sort(ratios);
      int counted = ROUNDS - ROUNDS / 4;
      System.out.printf(Locale.ROOT, "%s: A %.1f us, B %.1f us (means); B / A, median of side-by-side rounds: %.3f%n",
          args[s], total[0] / counted, total[1] / counted, ratios.get(ratios.size() / 2));
    }
  }
}
