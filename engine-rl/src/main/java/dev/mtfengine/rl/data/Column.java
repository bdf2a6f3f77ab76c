package dev.mtfengine.rl.data;

/**
 * The columns of a transition set, in file order. Widths depend on the schema: state columns are
 * stateDim wide, action columns actionDim wide, the component column componentCount wide.
 */
public enum Column {
  STATE("state", ColumnType.F32),
  ACTION("action", ColumnType.F32),
  REWARD("reward", ColumnType.F32),
  REWARD_COMPONENTS("reward_components", ColumnType.F32),
  NEXT_STATE("next_state", ColumnType.F32),
  DONE("done", ColumnType.U8),
  BEHAVIOUR_DENSITY("behaviour_density", ColumnType.F64),
  BASELINE_ACTION("baseline_action", ColumnType.F32),
  NEXT_BASELINE_ACTION("next_baseline_action", ColumnType.F32),
  EPISODE_ID("episode_id", ColumnType.I64),
  STEP_INDEX("step_index", ColumnType.I32),
  ROUND_ID("round_id", ColumnType.I32);

  final String fileName;
  final ColumnType type;

  Column(String fileName, ColumnType type) {
    this.fileName = fileName;
    this.type = type;
  }

  /** The column's name in files and error messages. */
  public String fileName() {
    return fileName;
  }

  /** Values per row under {@code schema}. */
  int width(TransitionSchema schema) {
    switch (this) {
      case STATE:
      case NEXT_STATE:
        return schema.stateDim();
      case ACTION:
      case BASELINE_ACTION:
      case NEXT_BASELINE_ACTION:
        return schema.actionDim();
      case REWARD_COMPONENTS:
        return schema.componentCount();
      default:
        return 1;
    }
  }
}
