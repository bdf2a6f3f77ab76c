/**
 * Fusion formulas: how one request's action turns the MTL head predictions of every candidate into
 * one score, and how the top-L candidates are chosen.
 *
 * <ul>
 *   <li>{@link dev.mtfengine.mtf.fusion.FusionFormula}: the three families of the papers
 *       ({@link dev.mtfengine.mtf.fusion.PowerBiasProduct} Eq. 1 of arXiv:2404.17589 in log space,
 *       {@link dev.mtfengine.mtf.fusion.LogLinear} of BatchRL-MTF, {@link
 *       dev.mtfengine.mtf.fusion.Linear}).
 *   <li>{@link dev.mtfengine.mtf.fusion.ActionMap}: the per-dimension affine map from the policy's
 *       normalised action in [-1, 1]^K to the formula's raw parameters (algorithm.md section 2,
 *       [decision]).
 *   <li>{@link dev.mtfengine.mtf.fusion.TopL}: top-L selection, ties broken by lower candidate index.
 *   <li>{@link dev.mtfengine.mtf.fusion.FusionRanker}: formula + action map, the one object a
 *       simulator or serving path needs.
 * </ul>
 */
package dev.mtfengine.mtf.fusion;
