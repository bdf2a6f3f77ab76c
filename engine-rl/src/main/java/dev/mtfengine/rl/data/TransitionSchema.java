package dev.mtfengine.rl.data;

import dev.mtfengine.rl.ActionBounds;
import java.util.List;

/**
 * The widths of a transition set: state features, action dimensions with their bounds, and the
 * names of the optional reward components (e.g. "watch_time", "interaction" for grouped critics;
 * empty when only the scalar reward is logged).
 *
 * @param stateDim number of state features, >= 1
 * @param actionBounds the action box; its dimension is the action width
 * @param rewardComponents names of the reward components, unique and non-blank
 */
public record TransitionSchema(int stateDim, ActionBounds actionBounds, List<String> rewardComponents) {
  public TransitionSchema {
    if (stateDim < 1) {
      throw new IllegalArgumentException("transition schema: state width must be >= 1, got " + stateDim);
    }
    rewardComponents = List.copyOf(rewardComponents);
    if (rewardComponents.stream().distinct().count() != rewardComponents.size()
        || rewardComponents.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "transition schema: reward component names must be unique and non-blank, got " + rewardComponents);
    }
  }

  public int actionDim() {
    return actionBounds.dims();
  }

  public int componentCount() {
    return rewardComponents.size();
  }
}
