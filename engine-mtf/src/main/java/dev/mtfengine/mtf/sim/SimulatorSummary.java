package dev.mtfengine.mtf.sim;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the exact optimum, the baselines, a Monte Carlo check and the calibration report for a
 * parameter file (or the defaults) and a seed. Until the {@code mtf} command exists:
 * {@code java -cp ... dev.mtfengine.mtf.sim.SimulatorSummary [seed] [params.json]}.
 */
public final class SimulatorSummary {
  private SimulatorSummary() {}

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1L;
    SimulatorParams params =
        args.length > 1 ? SimulatorJson.load(Path.of(args[1])) : SimulatorParams.defaults();
    long t0 = System.nanoTime();
    SessionSimulator sim = new SessionSimulator(params, seed);
    long t1 = System.nanoTime();
    ExactEvaluator exact = new ExactEvaluator(sim, ExactConfig.defaults());
    exact.model();
    long t2 = System.nanoTime();
    OptimalSolution opt = exact.optimal();
    long t3 = System.nanoTime();
    BaselineReport report = exact.baselines();
    long t4 = System.nanoTime();
    System.out.printf(Locale.ROOT, "seed %d; banks %.2f s, tabular model %.2f s (%d actions), "
            + "value iteration %.2f s (%d sweeps), baselines %.2f s%n",
        seed, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9, exact.grid().size(), (t3 - t2) * 1e-9,
        opt.iterations(), (t4 - t3) * 1e-9);
    System.out.print(report.table());
    for (BaselineReport.Baseline b : report.baselines()) {
      System.out.println("  " + b.name() + ": " + b.description());
    }
    for (int u = 0; u < params.typeCount(); u++) {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s V*(s):",
          params.types().get(u).name()));
      for (int s = 0; s < params.satisfactionLevels(); s++) {
        sb.append(String.format(Locale.ROOT, " %.0f", opt.value().values()[u][s]));
      }
      System.out.println(sb);
      StringBuilder acts = new StringBuilder("                 a*(s):");
      for (int s = 0; s < params.satisfactionLevels(); s++) {
        acts.append(' ').append(exact.rawString(opt.actionIndex()[u][s]));
      }
      System.out.println(acts);
    }
    MonteCarloEvaluator mc = new MonteCarloEvaluator(sim);
    MonteCarloResult r = mc.evaluate(exact.optimalPolicy().asSessionPolicy(),
        ObservationConfig.oracle(), 0, 20_000, true);
    System.out.printf(Locale.ROOT, "Monte Carlo of the optimal policy: %.3f +- %.3f (exact %.3f, "
            + "%.2f SE), mean length %.2f%n", r.mean(), r.standardError(), report.optimal(),
        (r.mean() - report.optimal()) / r.standardError(), r.meanLength());
    StationaryPolicy uniform = StationaryPolicy.constant(ActionGrid.uniformAction(params.fusion()));
    System.out.print(CalibrationReport.measure(sim, uniform.asSessionPolicy(), "uniform weights",
        ObservationConfig.oracle(), 20_000).table());
  }
}
