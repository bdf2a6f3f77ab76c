package dev.mtfengine.perf;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.Mlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
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
 * One full MLP training step, the unit of work of every critic and actor update: forward, MSE loss,
 * backward through the {@link Tape}, and an {@link Adam} step. Network 128 -> [256, 256] ReLU -> 1,
 * batch 256, F32, the sizes of algorithm.md section 4. FLOPs per step: forward {@code 2 B (128*256
 * + 256*256 + 256)} ~ 50 MFLOP, backward about twice that, so ~150 MFLOP; divide by the time for
 * GFLOP/s.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar perf/target/benchmarks.jar MlpStep}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// transparent huge pages as ./mtf asks for them (the JVM warns where the kernel offers none)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MlpStepBenchmark {
  private static final int BATCH = 256;
  private static final int INPUT = 128;
  private static final int[] HIDDEN = {256, 256};
  private static final int OUTPUT = 1;

  private Mlp mlp;
  private Adam adam;
  /** The parameters being trained; replaced by each step's result so Adam sees a real trajectory. */
  private Params params;
  /** Fixed inputs [256, 128] and regression targets [256, 1]. */
  private Tensor x;
  private Tensor target;

  @Setup
  public void setUp() {
    var rng = new Xoshiro256StarStar(2024);
    mlp = new Mlp(INPUT, HIDDEN, OUTPUT, Activation.RELU, Activation.IDENTITY);
    params = mlp.init(rng.split(1), DType.F32);
    x = Tensor.randn(rng.split(2), DType.F32, BATCH, INPUT);
    target = Tensor.randn(rng.split(3), DType.F32, BATCH, OUTPUT);
    adam = new Adam(Adam.Config.defaults(1e-4));
  }

  /** Returns the loss so the step cannot be eliminated. */
  @Benchmark
  public double trainingStep() {
    Tape tape = new Tape();
    Params tracked = params.watch(tape);
    // [256, 128] -> [256, 1]; loss = mean((pred - target)^2), rank 0
    Tensor pred = mlp.forward(tracked, x);
    Tensor loss = Ops.mean(Ops.square(Ops.sub(pred, target)));
    Params grads = tracked.gradients(tape.backward(loss, tracked.tensors()));
    params = adam.step(params, grads);
    return loss.item();
  }
}
