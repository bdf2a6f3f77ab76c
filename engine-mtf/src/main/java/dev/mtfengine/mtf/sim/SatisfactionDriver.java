package dev.mtfengine.mtf.sim;

/**
 * Which feedback on a shown item counts as satisfying (n+ in the satisfaction update of
 * simulator.md): a long view for most types, a like or a share for the social type.
 */
public enum SatisfactionDriver {
  /** n+ counts shown items with a long view (LV). */
  LONG_VIEW,
  /** n+ counts shown items with a like or a share (both need a long view). */
  LIKE_OR_SHARE
}
