package dev.mtfengine.rl.data;

/**
 * One logged step {@code (s, a, r, s', done)} with what offline RL and off-policy evaluation need
 * besides: the density of {@code a} under the exploration policy that chose it, the baseline
 * actions {@code mu_bp(s)} and {@code mu_bp(s')} that define the exploration box, and where the
 * step sits (episode, step, round of progressive training).
 *
 * @param state s, [stateDim]
 * @param action a, [actionDim], inside the action bounds
 * @param reward r
 * @param rewardComponents r^(g) per named component, [componentCount]
 * @param nextState s', [stateDim] (ignored by targets when done, but must be finite)
 * @param done whether the episode ended after this step
 * @param behaviourDensity density of a under the logging policy, > 0 (may be +Infinity for a
 *     deterministic logger)
 * @param baselineAction mu_bp(s), [actionDim]
 * @param nextBaselineAction mu_bp(s'), [actionDim]
 * @param episodeId the session
 * @param stepIndex position in the session, from 0
 * @param roundId progressive-training round that produced the step, from 0
 */
public record Transition(
    float[] state,
    float[] action,
    float reward,
    float[] rewardComponents,
    float[] nextState,
    boolean done,
    double behaviourDensity,
    float[] baselineAction,
    float[] nextBaselineAction,
    long episodeId,
    int stepIndex,
    int roundId) {}
