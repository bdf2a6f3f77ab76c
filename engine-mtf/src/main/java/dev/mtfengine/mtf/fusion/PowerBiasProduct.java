package dev.mtfengine.mtf.fusion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Eq. 1 of IntegratedRL-MTF (arXiv:2404.17589): {@code score = prod_k (p_k + bias_k)^power_k},
 * computed in log space as {@code sum_k power_k ln(p_k + bias_k)}. ln is strictly increasing, so
 * the ranking is identical and the product's underflow (many factors below 1) cannot happen.
 *
 * <p>Parameter layout ([decision] of algorithm.md section 2): {@code [power_0..power_{m-1},
 * bias_0..bias_{m-1}]}, K = 2m. A head with power 0 contributes exactly 0 (not {@code 0 * ln 0}).
 * Biases must keep {@code p_k + bias_k >= 0}; the {@link ActionMap} ranges ensure it.
 */
public final class PowerBiasProduct implements FusionFormula {
  private final List<String> headNames;
  private final List<String> parameterNames;

  /** @param headNames one name per head, e.g. {@code ["click", "long_view", "like", "share"]} */
  public PowerBiasProduct(List<String> headNames) {
    if (headNames.isEmpty()) {
      throw new IllegalArgumentException("PowerBiasProduct: needs at least one head");
    }
    this.headNames = List.copyOf(headNames);
    List<String> names = new ArrayList<>();
    for (String h : headNames) {
      names.add("power_" + h);
    }
    for (String h : headNames) {
      names.add("bias_" + h);
    }
    this.parameterNames = Collections.unmodifiableList(names);
  }

  @Override
  public String name() {
    return "power-bias-product";
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
    return 2 * headNames.size();
  }

  @Override
  public List<String> parameterNames() {
    return parameterNames;
  }

  /** The powers: the log score is linear in them; the biases are not scale-invariant. */
  @Override
  public int[] scaleInvariantParameters() {
    return IntStream.range(0, headNames.size()).toArray();
  }

  /** {@code sum_k power_k ln(p_k + bias_k)}, fixed head order, StrictMath. */
  @Override
  public double score(double[] heads, int candidate, double[] parameters) {
    int m = headNames.size();
    int base = candidate * m;
    double sum = 0.0;
    for (int k = 0; k < m; k++) {
      double power = parameters[k];
      if (power != 0.0) {
        sum += power * StrictMath.log(heads[base + k] + parameters[m + k]);
      }
    }
    return sum;
  }
}
