/**
 * The {@code mtf} command line (picocli): {@link dev.mtfengine.mtf.cli.MtfCommand} is the entry
 * point of the executable jar and of the {@code ./mtf} launcher at the repository root.
 *
 * <ul>
 *   <li>{@code mtf optimum} ({@link dev.mtfengine.mtf.cli.OptimumCommand}): J*, greedy, best static,
 *       best per-type static and uniform, each with J/J* and the gap;
 *   <li>{@code mtf calibrate} ({@link dev.mtfengine.mtf.cli.CalibrateCommand}): the simulator's
 *       engagement rates next to the KuaiRand aggregates;
 *   <li>{@code mtf simulate} ({@link dev.mtfengine.mtf.cli.SimulateCommand}): sessions under a
 *       baseline policy with an exploration policy, summarised, and with {@code --out} logged
 *       (MTF log CSV and binary transitions) through {@link dev.mtfengine.mtf.log.SimulationLogger}.
 * </ul>
 *
 * Every subcommand shares {@link dev.mtfengine.mtf.cli.CommonOptions} ({@code --seed}, {@code
 * --params}, {@code --banks}, {@code --json}, {@code --no-progress}, {@code --debug}). Exit codes:
 * 0 success, 2 invalid input (options, parameter file; one line on stderr naming it), 1 an
 * unexpected failure (one line; {@code --debug} prints the stack trace).
 */
package dev.mtfengine.mtf.cli;
