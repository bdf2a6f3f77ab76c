package dev.mtfengine.mtf.cli;

import dev.mtfengine.mtf.task.MtfTask;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the options that set the task ({@code --gamma}, {@code --box-low}, {@code
 * --box-high}, {@code --sigma}, {@code --reward-scale}, {@code --radius}, {@code mtf evaluate
 * --logging}), taken from {@link MtfTask#paper()} so that no command types a value of its own;
 * {@code ${DEFAULT-VALUE}} in their help shows them.
 */
public final class TaskDefaults implements IDefaultValueProvider {
  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    MtfTask task = MtfTask.paper();
    return switch (option.longestName()) {
      case "--gamma" -> Double.toString(task.discount());
      case "--box-low" -> Double.toString(task.box().lower());
      case "--box-high" -> Double.toString(task.box().upper());
      case "--sigma" -> Double.toString(task.noiseSigma());
      case "--reward-scale" -> Double.toString(task.rewardScale());
      case "--radius" -> Double.toString(task.box().halfWidth());
      // a command that names its own seed (a benchmark's tuning seed) keeps it
      case "--seed" -> option.defaultValue() == null ? Long.toString(task.seeds().root()) : null;
      // mtf evaluate's test log explored as Dataset 1 does; the gate's --logging has no default
      case "--logging" -> "evaluate".equals(option.command().name()) ? "gaussian:" + task.noiseSigma() : null;
      default -> null;
    };
  }
}
