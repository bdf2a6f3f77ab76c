/**
 * The experiment report: {@link dev.mtfengine.mtf.report.ExperimentSummary} aggregates an {@link
 * dev.mtfengine.mtf.experiment.ExperimentResults} over seeds and judges the paper's three
 * findings from paired per-seed differences; {@link dev.mtfengine.mtf.report.ExperimentReport}
 * renders it as Markdown with SVG charts (docs/results.md), one self-contained HTML file, or a
 * terminal table; {@link dev.mtfengine.mtf.report.SvgChart} draws the charts by hand, so the
 * report needs no chart library and its bytes depend only on the results.
 */
package dev.mtfengine.mtf.report;
