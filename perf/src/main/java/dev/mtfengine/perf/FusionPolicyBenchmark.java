package dev.mtfengine.perf;

import dev.mtfengine.mtf.fusion.ActionMap;
import dev.mtfengine.mtf.fusion.FusionRanker;
import dev.mtfengine.mtf.fusion.Linear;
import dev.mtfengine.mtf.fusion.PowerBiasProduct;
import dev.mtfengine.mtf.serve.Decision;
import dev.mtfengine.mtf.serve.FusionPolicy;
import dev.mtfengine.rl.net.DeterministicActor;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One serving request through {@link FusionPolicy#decide}: actor 128 -> [256, 256] ReLU -> 10 tanh
 * on one row (~100k multiply-adds), the action map, Eq. 1 (power/bias product in log space) over
 * 200 candidates and the full ranking.
 *
 * <p>A = 10 is met with the power/bias product over five heads (K = 2m = 10: click, long_view,
 * like, share, comment). The simulator's default action space (log-linear over its four heads, K =
 * 4) has a cheaper output layer and no bias lookups, so this is the heavier of the two.
 *
 * <p>{@link #decideLinearFormula} serves the same actor with the linear formula over ten heads
 * (no logarithms), which isolates the actor and ranking. {@link #tensorActorForward} runs the same actor through {@link DeterministicActor#act} (the
 * autodiff tensor path) for comparison with the plain-loop forward inside {@code decide}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar perf/target/benchmarks.jar FusionPolicy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FusionPolicyBenchmark {
  private static final int STATE = 128;
  private static final List<Integer> HIDDEN = List.of(256, 256);
  private static final List<String> HEADS = List.of("click", "long_view", "like", "share", "comment");
  private static final int CANDIDATES = 200;

  private FusionPolicy policy;
  /** The same actor serving the linear formula over ten heads: no logarithms per candidate. */
  private FusionPolicy linearPolicy;
  private float[][] linearCandidateScores;
  private DeterministicActor actor;
  private Params params;
  private float[] userFeatures;
  /** [200][5] MTL predictions in (0, 1). */
  private float[][] candidateScores;
  private Tensor stateRow;

  @Setup
  public void setUp() {
    var rng = new Xoshiro256StarStar(2026);
    PowerBiasProduct formula = new PowerBiasProduct(HEADS);
    int k = formula.parameterCount();
    double[] lower = new double[k];
    double[] upper = new double[k];
    for (int j = 0; j < k; j++) {
      upper[j] = j < HEADS.size() ? 2.0 : 0.5; // powers in [0, 2], biases in [0, 0.5]
    }
    FusionRanker ranker = new FusionRanker(formula, new ActionMap(lower, upper, formula.parameterNames()));
    actor = new DeterministicActor(STATE, k, HIDDEN);
    params = actor.init(rng.split(1), DType.F32);
    policy = FusionPolicy.of(actor, params, null, ranker);
    var data = rng.split(2);
    userFeatures = new float[STATE];
    for (int j = 0; j < STATE; j++) {
      userFeatures[j] = (float) data.nextGaussian();
    }
    candidateScores = new float[CANDIDATES][HEADS.size()];
    for (float[] row : candidateScores) {
      for (int h = 0; h < row.length; h++) {
        row[h] = (float) data.nextDouble();
      }
    }
    stateRow = Tensor.of(new float[][] {userFeatures});
    List<String> tenHeads = List.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9");
    linearPolicy = FusionPolicy.of(actor, params, null,
        new FusionRanker(new Linear(tenHeads), ActionMap.uniform(new Linear(tenHeads).parameterNames(), 0, 1)));
    linearCandidateScores = new float[CANDIDATES][tenHeads.size()];
    for (float[] row : linearCandidateScores) {
      for (int h = 0; h < row.length; h++) {
        row[h] = (float) data.nextDouble();
      }
    }
  }

  /** The whole request; returns the decision so nothing can be eliminated. */
  @Benchmark
  public Decision decide() {
    return policy.decide(userFeatures, candidateScores);
  }

  /**
   * The whole request with the linear formula over ten heads (K = 10, 200 x 10 predictions):
   * the difference to {@link #decide} is the cost of Eq. 1's 1,000 logarithms.
   */
  @Benchmark
  public Decision decideLinearFormula() {
    return linearPolicy.decide(userFeatures, linearCandidateScores);
  }

  /** The actor alone through the tensor machinery, one row. */
  @Benchmark
  public Tensor tensorActorForward() {
    return actor.act(params, stateRow);
  }
}
