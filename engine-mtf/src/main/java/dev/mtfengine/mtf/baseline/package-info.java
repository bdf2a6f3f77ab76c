/**
 * Baselines the paper compares against that are not offline RL: the ES production benchmark
 * ({@link dev.mtfengine.mtf.baseline.EsBaseline}, a {@link
 * dev.mtfengine.mtf.baseline.LinearFeaturePolicy} from user features to fusion weights tuned by
 * Commons Math's CMA-ES on simulated sessions; docs/algorithms/es.md).
 */
package dev.mtfengine.mtf.baseline;
