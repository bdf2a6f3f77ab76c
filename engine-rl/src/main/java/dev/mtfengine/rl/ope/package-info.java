/**
 * Off-policy evaluation: the value of a target policy estimated from sessions logged by another
 * (the behaviour) policy. In the manner of the Open Bandit Pipeline, each estimator is its formula
 * in Javadoc plus one short method, and each returns an {@link dev.mtfengine.rl.ope.Estimate} with
 * a seeded bootstrap interval over episodes ({@link dev.mtfengine.rl.ope.Bootstrap}).
 *
 * <p>Pipeline: {@link dev.mtfengine.rl.ope.Episodes#from} rebuilds sessions from a transition set;
 * {@link dev.mtfengine.rl.ope.WeightedEpisodes#of} attaches the importance ratios of a {@link
 * dev.mtfengine.rl.ope.TargetPolicy}; an {@link dev.mtfengine.rl.ope.OffPolicyEstimator} turns
 * them into an estimate. Formulas, assumptions and measured bias and coverage: {@code
 * docs/algorithms/ope.md}.
 */
package dev.mtfengine.rl.ope;
