/**
 * MTF metrics (algorithm.md section 7, docs/metrics.md): {@link dev.mtfengine.mtf.metrics.MtfGauc}
 * (weighted group AUC of the fused score), {@link dev.mtfengine.mtf.metrics.LoggedEpisodes}
 * (an MTF log as the episodes engine-rl's off-policy estimators read: NCIS and the others live in
 * {@code dev.mtfengine.rl.ope}), {@link
 * dev.mtfengine.mtf.metrics.ConsumptionMetrics} (per-user valid consumption and watch time) and
 * {@link dev.mtfengine.mtf.metrics.SimulatorValue} (J(pi) and J(pi) / J* on the simulator).
 */
package dev.mtfengine.mtf.metrics;
