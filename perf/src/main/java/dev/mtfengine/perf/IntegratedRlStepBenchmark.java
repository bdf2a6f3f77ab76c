package dev.mtfengine.perf;

import dev.mtfengine.rl.ExplorationBox;
import dev.mtfengine.rl.PaperSettings;
import dev.mtfengine.rl.ActionBounds;
import dev.mtfengine.rl.algo.IntegratedRl;
import dev.mtfengine.rl.data.Batch;
import dev.mtfengine.rl.data.MinibatchSampler;
import dev.mtfengine.rl.data.Transition;
import dev.mtfengine.rl.data.TransitionSchema;
import dev.mtfengine.rl.data.TransitionSet;
import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One IntegratedRL update (critic step, actor step, periodic target update) at the paper's shape:
 * S = 128 state features, A = 10 action dimensions, 24 critics, batch 256, F32, hidden [h, h] with
 * h = 256 (the paper's scale) or 64.
 *
 * <p>FLOPs per step (multiply-adds x 2), with {@code c = (S + A) h + h h + h} multiply-adds per
 * sample and critic: critic target forward {@code 24 B c}, critic forward and backward (weights and
 * hidden inputs) {@code 3 x 24 B c}, actor step through the critics (forward, and backward to the
 * action only) {@code 2 x 24 B c}, plus the small actor network. For h = 256 that is about 7.5
 * GFLOP; for h = 64, about 0.96 GFLOP.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar perf/target/benchmarks.jar IntegratedRlStep}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// transparent huge pages as ./mtf asks for them (the JVM warns where the kernel offers none)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class IntegratedRlStepBenchmark {
  /** Actions explored in the paper's box around the baseline. */
  private static final ExplorationBox BOX = PaperSettings.BOX;

  @Param({"64", "256"})
  public int hidden;

  private IntegratedRl algo;
  private MinibatchSampler sampler;
  private Xoshiro256StarStar rng;

  @Setup
  public void setUp() {
    Xoshiro256StarStar r = new Xoshiro256StarStar(7);
    TransitionSet.Builder b = TransitionSet.builder(new TransitionSchema(128, ActionBounds.symmetric(10), List.of()));
    for (int i = 0; i < 4096; i++) {
      float[] s = new float[128];
      float[] s2 = new float[128];
      for (int j = 0; j < 128; j++) {
        s[j] = (float) r.nextGaussian();
        s2[j] = (float) r.nextGaussian();
      }
      float[] a = new float[10];
      float[] mu = new float[10];
      for (int j = 0; j < 10; j++) {
        mu[j] = (float) (r.nextDouble() * 1.6 - 0.8);
        a[j] = mu[j] + (float) (BOX.lower() + r.nextDouble() * (BOX.upper() - BOX.lower()));
      }
      b.add(new Transition(s, a, (float) r.nextGaussian(), new float[0], s2, i % 10 == 9,
          1 / Math.pow(BOX.upper() - BOX.lower(), 10),
          mu, mu, i / 10, i % 10, 0));
    }
    algo = new IntegratedRl(IntegratedRl.Config.paperDefaults(128, 10).withNetworks(List.of(hidden, hidden), 24));
    sampler = new MinibatchSampler(b.build(), DType.F32);
    rng = new Xoshiro256StarStar(11);
  }

  @Benchmark
  public Map<String, Double> updateStep() {
    Batch batch = sampler.sample(256, rng);
    return algo.update(batch);
  }
}
