/**
 * Serving a trained fusion policy: {@link dev.mtfengine.mtf.serve.FusionPolicy} loads the actor
 * from a checkpoint and, per request, returns the action, the fusion formula's raw parameters and
 * the ranked candidates ({@link dev.mtfengine.mtf.serve.Decision}). Thread-safe and
 * allocation-light; see docs/serving.md.
 */
package dev.mtfengine.mtf.serve;
