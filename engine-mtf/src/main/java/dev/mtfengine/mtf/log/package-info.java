/**
 * MTF logs: one row per shown item ({@link dev.mtfengine.mtf.log.MtfLogRow}, schema {@link
 * dev.mtfengine.mtf.log.MtfLogSchema}, docs/data-format.md "MTF logs"), their CSV writer and reader
 * ({@link dev.mtfengine.mtf.log.MtfLogWriter}, {@link dev.mtfengine.mtf.log.MtfLogReader}, Apache
 * Commons CSV, atomic writes, errors naming file, line and column), logging the simulator under
 * any engine-rl exploration policy ({@link dev.mtfengine.mtf.log.SimulationLogger}), and turning
 * sessions into engine-rl transitions ({@link dev.mtfengine.mtf.log.SessionTransitions} with
 * {@link dev.mtfengine.mtf.log.StateEncoding} and {@link dev.mtfengine.mtf.log.RewardConfig}).
 */
package dev.mtfengine.mtf.log;
