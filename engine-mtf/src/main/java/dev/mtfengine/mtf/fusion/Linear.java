package dev.mtfengine.mtf.fusion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/** The simplest family (used by KuaiSim): {@code score = sum_k w_k p_k}. */
public final class Linear implements FusionFormula {
  private final List<String> headNames;
  private final List<String> parameterNames;

  /** @param headNames one name per head */
  public Linear(List<String> headNames) {
    if (headNames.isEmpty()) {
      throw new IllegalArgumentException("Linear: needs at least one head");
    }
    this.headNames = List.copyOf(headNames);
    List<String> names = new ArrayList<>();
    for (String h : headNames) {
      names.add("w_" + h);
    }
    this.parameterNames = Collections.unmodifiableList(names);
  }

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public int headCount() {
    return headNames.size();
  }

  @Override
  public List<String> headNames() {
    return headNames;
  }

  @Override
  public int parameterCount() {
    return headNames.size();
  }

  @Override
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** Every weight: the score is linear in w, so a factor c > 0 scales all scores by c. */
  @Override
  public int[] scaleInvariantParameters() {
    return IntStream.range(0, headNames.size()).toArray();
  }

  @Override
  public double score(double[] heads, int candidate, double[] parameters) {
    int m = headNames.size();
    int base = candidate * m;
    double sum = 0.0;
    for (int k = 0; k < m; k++) {
      sum += parameters[k] * heads[base + k];
    }
    return sum;
  }
}
