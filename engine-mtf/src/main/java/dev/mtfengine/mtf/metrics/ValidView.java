package dev.mtfengine.mtf.metrics;

import dev.mtfengine.mtf.log.MtfLogRow;

/**
 * Which feedback counts as a valid view: the positive label of MTF-GAUC and the event counted by
 * valid consumption (algorithm.md section 7: "valid view (> 10 s)"). The simulator's click head is
 * a click / valid play that may be a regret click; its long view is the satisfying event, so
 * {@link #LONG_VIEW} is the default.
 */
public enum ValidView {
  /** A click (valid play). */
  CLICK,
  /** A long view. */
  LONG_VIEW;

  /** Whether {@code item} had a valid view. */
  public boolean of(MtfLogRow item) {
    return this == CLICK ? item.click() : item.longView();
  }
}
