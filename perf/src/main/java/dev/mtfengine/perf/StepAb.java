package dev.mtfengine.perf;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Two builds' IntegratedRL update step ({@link IntegratedRlStepBenchmark}) interleaved in one JVM,
 * for A/B comparisons on a shared machine whose speed drifts by 10-20 % within minutes (issue 12):
 * each build's classes come from its own {@code benchmarks.jar} through its own class loader (so
 * each has its own JIT profile), and the two run in alternating blocks of steps, the order swapped
 * every round, so both see the same machine. Prints each build's median, first quartile and
 * minimum (the first quarter of the rounds is warm-up and not counted) and the median ratio of
 * step times taken side by side.
 *
 * <p>The build loaded first can be favoured or disfavoured by a few per cent (an A/A run gave
 * 0.994; two orders of one pair gave 0.95 and 1.01): compare in both orders and combine the two
 * ratios (their geometric mean) before believing a difference of a few per cent.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -Dmtf.threads=1 -cp
 * perf/target/benchmarks.jar dev.mtfengine.perf.StepAb A.jar B.jar [hidden=256] [rounds=40]
 * [stepsPerBlock=10]}; a jar is a {@code perf/target/benchmarks.jar} of each build, copied aside.
 */
public final class StepAb {
  private StepAb() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StepAb A.jar B.jar [hidden=256] [rounds=40] [stepsPerBlock=10]");
      System.exit(2);
    }
    int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    int block = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    Object[] benchmark = new Object[2];
    Method[] step = new Method[2];
    for (int v = 0; v < 2; v++) {
      ClassLoader loader = ownLoader("StepAb", args[v]);
      Class<?> c = loader.loadClass(IntegratedRlStepBenchmark.class.getName());
      benchmark[v] = c.getDeclaredConstructor().newInstance();
      c.getField("hidden").setInt(benchmark[v], hidden);
      c.getMethod("setUp").invoke(benchmark[v]);
      step[v] = c.getMethod("updateStep");
    }
    List<List<Double>> ms = List.of(new ArrayList<>(), new ArrayList<>());
    for (int r = 0; r < rounds; r++) {
      for (int turn = 0; turn < 2; turn++) {
        int v = r % 2 == 0 ? turn : 1 - turn;
        for (int i = 0; i < block; i++) {
          long t0 = System.nanoTime();
          step[v].invoke(benchmark[v]);
          double elapsed = (System.nanoTime() - t0) / 1e6;
          if (r >= rounds / 4) {
            ms.get(v).add(elapsed);
          }
        }
      }
      System.err.printf(Locale.ROOT, "\rStepAb: round %d of %d", r + 1, rounds);
    }
    System.err.println();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ms.get(0).size(), ms.get(1).size()); i++) {
      ratios.add(ms.get(1).get(i) / ms.get(0).get(i));
    }
    for (int v = 0; v < 2; v++) {
      List<Double> sorted = new ArrayList<>(ms.get(v));
      Collections.sort(sorted);
      System.out.printf(Locale.ROOT, "%s %s: %d steps, median %.2f ms, first quartile %.2f, min %.2f%n",
          v == 0 ? "A" : "B", args[v], sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() / 4),
          sorted.get(0));
    }
    Collections.sort(ratios);
    System.out.printf(Locale.ROOT, "B / A, median of side-by-side steps: %.3f (hidden %d)%n",
        ratios.get(ratios.size() / 2), hidden);
  }

  /**
   * A class loader of its own for one build's {@code benchmarks.jar} (its classes, and so its JIT
   * profile, apart from the other build's); exits with a one-line message when the file is missing.
   */
  static ClassLoader ownLoader(String tool, String path) throws java.net.MalformedURLException {
    File jar = new File(path);
    if (!jar.isFile()) {
      System.err.println(tool + ": " + jar + " is not a file; pass two benchmarks.jar copies");
      System.exit(2);
    }
    return new URLClassLoader(new URL[] {jar.toURI().toURL()}, ClassLoader.getPlatformClassLoader());
  }
}
