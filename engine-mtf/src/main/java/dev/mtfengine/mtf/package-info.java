/**
 * Multi-task fusion on top of engine-rl: fusion formulas, the session simulator, MTF logs and
 * metrics, progressive training and the {@code mtf} command. (Filled in by the engine-mtf issues.)
 */
package dev.mtfengine.mtf;
