package dev.mtfengine.mtf.baseline;

import dev.mtfengine.mtf.sim.Observation;
import dev.mtfengine.mtf.sim.SessionPolicy;
import dev.mtfengine.mtf.sim.StationaryPolicy;
import java.util.Arrays;

/**
 * The ES baseline's policy class: {@code a = tanh(W f + b)}, a linear map from the user profile
 * features f (length F) to the normalised action a in (-1, 1)^K.
 *
 * <p>f is the first F = U entries of the observation's feature vector, which are the user part in
 * both observation modes ({@link dev.mtfengine.mtf.sim.ObservationConfig}): in realistic mode the
 * noisy user features {@code onehot(u) + N(0, sd^2)}, drawn once per session; in oracle mode the
 * one-hot user type. Everything after them (satisfaction in oracle mode; request index, recent
 * feedback and candidate statistics in realistic mode) is ignored on purpose: the paper's ES maps
 * profile features to fusion weights and sees no session state. So the action is constant within a
 * session, and in oracle mode the policy is stationary over (u, s) and exactly evaluable
 * ({@link #asStationaryPolicy()}).
 *
 * <p>tanh rather than clipping: every parameter vector gives a valid action, and the objective has
 * no flat regions where several coordinates are clipped (CMA-ES would drift there without signal).
 * The zero vector gives a = 0, the midpoint of every raw range; for the default log-linear fusion
 * that is equal weights on the heads, i.e. the same ranking as the uniform baseline.
 *
 * <p>Parameters are one flat vector: W row-major ({@code W[k][j]} at {@code k F + j}, K rows of F)
 * then b (K entries), {@link #parameterCount(int, int)} = K (F + 1) in all. Immutable and
 * thread-safe (each call returns a new array), as parallel Monte Carlo requires.
 */
public final class LinearFeaturePolicy implements SessionPolicy {
  private final int featureCount;
  private final int actionDimension;
  private final double[] parameters;

  /**
   * @param featureCount F, the number of leading observation features used (U, the user types)
   * @param actionDimension K
   * @param parameters W row-major then b; copied
   */
  public LinearFeaturePolicy(int featureCount, int actionDimension, double[] parameters) {
    if (featureCount < 1 || actionDimension < 1) {
      throw new IllegalArgumentException(
          "LinearFeaturePolicy: featureCount = " + featureCount + " and actionDimension = "
              + actionDimension + " must be >= 1");
    }
    int expected = parameterCount(featureCount, actionDimension);
    if (parameters == null || parameters.length != expected) {
      throw new IllegalArgumentException(
          "LinearFeaturePolicy: need " + expected + " parameters (K = " + actionDimension
              + " rows of F = " + featureCount + " weights, then K biases), got "
              + (parameters == null ? "null" : parameters.length));
    }
    for (int i = 0; i < parameters.length; i++) {
      if (!Double.isFinite(parameters[i])) {
        throw new IllegalArgumentException(
            "LinearFeaturePolicy: parameter " + i + " = " + parameters[i] + " is not finite");
      }
    }
    this.featureCount = featureCount;
    this.actionDimension = actionDimension;
    this.parameters = parameters.clone();
  }

  /** K (F + 1): the weights and the biases. */
  public static int parameterCount(int featureCount, int actionDimension) {
    return actionDimension * (featureCount + 1);
  }

  /** The all-zero policy: action 0 everywhere. */
  public static LinearFeaturePolicy zero(int featureCount, int actionDimension) {
    return new LinearFeaturePolicy(
        featureCount, actionDimension, new double[parameterCount(featureCount, actionDimension)]);
  }

  public int featureCount() {
    return featureCount;
  }

  public int actionDimension() {
    return actionDimension;
  }

  /** A copy of the flat parameter vector. */
  public double[] parameters() {
    return parameters.clone();
  }

  @Override
  public double[] act(Observation observation) {
    double[] f = observation.features();
    if (f.length < featureCount) {
      throw new IllegalArgumentException(
          "LinearFeaturePolicy: observation has " + f.length + " features, need at least the "
              + featureCount + " user features");
    }
    return actionFor(f);
  }

  /** {@code tanh(W f + b)} for the first F entries of {@code features}. */
  public double[] actionFor(double[] features) {
    double[] a = new double[actionDimension];
    int biasOffset = actionDimension * featureCount;
    for (int k = 0; k < actionDimension; k++) {
      double z = parameters[biasOffset + k];
      int row = k * featureCount;
      for (int j = 0; j < featureCount; j++) {
        z += parameters[row + j] * features[j];
      }
      a[k] = Math.tanh(z);
    }
    return a;
  }

  /**
   * The same policy over the MDP state, for exact evaluation in oracle mode: f = onehot(u), so the
   * action is {@code tanh(W[:, u] + b)} at every satisfaction level. Only meaningful when F is the
   * number of user types.
   */
  public StationaryPolicy asStationaryPolicy() {
    double[][] perType = new double[featureCount][];
    for (int u = 0; u < featureCount; u++) {
      double[] onehot = new double[featureCount];
      onehot[u] = 1.0;
      perType[u] = actionFor(onehot);
    }
    return (u, s) -> perType[u];
  }

  @Override
  public String toString() {
    return "LinearFeaturePolicy[F=" + featureCount + ", K=" + actionDimension + ", parameters="
        + Arrays.toString(parameters) + "]";
  }
}
