package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Gradients;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedInputMatMulTest {

  /**
   * Output and every gradient are bit for bit those of the composition it replaces (concat, the
   * ensemble broadcast, matmul), at sizes that take the vector kernels' panels and edges; with all
   * inputs differentiated and with the action part alone (an actor's step).
   */
  @Test
  void sameBitsAsMatmulOfTheBroadcastConcatenation() {
    for (DType dtype : DType.values()) {
      var rng = new Xoshiro256StarStar(20261205L);
      Tensor state = Tensor.randn(rng, dtype, 37, 45);
      Tensor action = Tensor.randn(rng, dtype, 37, 6);
      Tensor w = Tensor.randn(rng, dtype, 5, 51, 70);
      Tensor g = Tensor.randn(rng, dtype, 5, 37, 70);
      for (boolean all : new boolean[] {true, false}) {
        Tape tape = new Tape();
        Tensor s = all ? tape.watch(state) : state;
        Tensor a = tape.watch(action);
        Tensor ws = all ? tape.watch(w) : w;
        Tensor y = Ops.sharedInputMatmul(List.of(s, a), ws);
        List<Tensor> leaves = all ? List.of(s, a, ws) : List.of(a);
        Gradients got = tape.backwardFrom(y, g, leaves);

        Tape ref = new Tape();
        Tensor rs = all ? ref.watch(state) : state;
        Tensor ra = ref.watch(action);
        Tensor rw = all ? ref.watch(w) : w;
        Tensor ry = Ops.matmul(Ops.broadcastEnsemble(Ops.concat(rs, ra), 5), rw);
        List<Tensor> refLeaves = all ? List.of(rs, ra, rw) : List.of(ra);
        Gradients want = ref.backwardFrom(ry, g, refLeaves);

        String what = dtype + (all ? " all inputs" : " action only");
        assertTrue(ry.bitEquals(y), what + ": output");
        for (int i = 0; i < leaves.size(); i++) {
          assertTrue(want.of(refLeaves.get(i)).bitEquals(got.of(leaves.get(i))), what + ": gradient " + i);
        }
      }
    }
  }

  @Test
  void refusesAnInputThatDoesNotFitTheWeight() {
    Tensor x = Tensor.zeros(DType.F32, 4, 3);
    TensorShapeException e = assertThrows(TensorShapeException.class,
        () -> Ops.sharedInputMatmul(List.of(x, x), Tensor.zeros(DType.F32, 2, 5, 7)));
    assertTrue(e.getMessage().contains("[4, 6]") && e.getMessage().contains("[2, 5, 7]"), e.getMessage());
    assertThrows(TensorShapeException.class,
        () -> Ops.sharedInputMatmul(List.of(x), Tensor.zeros(DType.F32, Shape.of(3, 7).dims())));
  }
}
