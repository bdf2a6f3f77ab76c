package dev.mtfengine.mtf.report;

import dev.mtfengine.mtf.experiment.TrainingRun;
import java.util.List;

/**
 * One method's metrics across seeds.
 *
 * @param id e.g. {@code "ddpg-d1"}
 * @param label the full label of the results
 * @param shortLabel the label for charts, e.g. {@code "DDPG (D1)"}
 * @param value exact J
 * @param ratio J / J*
 * @param gauc MTF-GAUC
 * @param ncis NCIS cumulative reward
 * @param validConsumption valid consumption per user
 * @param watchTime watch time per user (s)
 * @param trainingSeconds wall time of training
 * @param curve the learning curve as mean J / J* over the seeds that reached each iteration
 */
public record MethodSummary(String id, String label, String shortLabel, MeanSd value, MeanSd ratio, MeanSd gauc,
    MeanSd ncis, MeanSd validConsumption, MeanSd watchTime, MeanSd trainingSeconds,
    List<TrainingRun.CurvePoint> curve) {
  public MethodSummary {
    curve = List.copyOf(curve);
  }
}
