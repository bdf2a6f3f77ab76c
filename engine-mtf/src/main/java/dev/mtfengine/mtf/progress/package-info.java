/**
 * Progress reporting for long loops: the {@link dev.mtfengine.mtf.progress.Progress} callback that
 * library code accepts, and {@link dev.mtfengine.mtf.progress.ProgressBar}, the terminal-aware
 * display the {@code mtf} command passes in.
 */
package dev.mtfengine.mtf.progress;
