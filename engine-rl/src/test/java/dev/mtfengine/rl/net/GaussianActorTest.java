package dev.mtfengine.rl.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Composites;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gaussian actor's repeated sampling is the plain sampling of tiled states, bit for bit. */
class GaussianActorTest {

  @Test
  void samplingEachStateKTimesGivesTheBitsOfSamplingTheTiledStates() {
    GaussianActor actor = new GaussianActor(5, 3, List.of(16, 16), -5, 2);
    for (DType dtype : DType.values()) {
      Params params = actor.init(new Xoshiro256StarStar(1), dtype);
      Tensor state = Tensor.randn(new Xoshiro256StarStar(2), dtype, 37, 5);         // [B, S]
      GaussianActor.Sample tiled = actor.sample(params, Composites.tileRows(state, 4), new Xoshiro256StarStar(3));
      GaussianActor.Sample repeated = actor.sampleRepeated(params, state, 4, new Xoshiro256StarStar(3));
      assertArrayEquals(new int[] {148, 3}, repeated.action().shape().dims());
      assertTrue(tiled.action().bitEquals(repeated.action()), dtype + ": actions");
      assertTrue(tiled.logProb().bitEquals(repeated.logProb()), dtype + ": log-densities");
    }
  }
}
