package dev.mtfengine.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Gradients;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleDenseReluTest {

  /**
   * Output and every gradient are bit for bit those of the two primitives it replaces, {@code
   * biasRelu(matmul(x, W), b)} on the members' own inputs and {@code biasRelu(sharedInputMatmul(
   * parts, W), b)} on a shared one; at widths that take the vector kernels' packed path with edge
   * tiles (70 outputs) and the few-column one (5); with every input differentiated and with the
   * shared input's action part alone (an actor's step).
   */
  @Test
  void sameBitsAsTheProductThenBiasRelu() {
    for (DType dtype : DType.values()) {
      for (int out : new int[] {70, 5}) {
        var rng = new Xoshiro256StarStar(20261205L + out);
        Tensor state = Tensor.randn(rng, dtype, 37, 45);
        Tensor action = Tensor.randn(rng, dtype, 37, 6);
        Tensor own = Tensor.randn(rng, dtype, 3, 37, 51);
        Tensor w = Tensor.randn(rng, dtype, 3, 51, out);
        Tensor b = Tensor.randn(rng, dtype, 3, out);
        Tensor g = Tensor.randn(rng, dtype, 3, 37, out);
        for (int form = 0; form < 3; form++) { // own inputs; shared, all watched; shared, action only
          boolean shared = form > 0;
          boolean all = form < 2;
          Tape tape = new Tape();
          List<Tensor> leaves = new ArrayList<>();
          Layer in = Layer.watched(tape, leaves, shared, all, w, b, state, action, own);
          Tensor y = Ops.ensembleDenseRelu(in.parts(), in.w(), in.b());
          Gradients got = tape.backwardFrom(y, g, leaves);

          Tape ref = new Tape();
          List<Tensor> refLeaves = new ArrayList<>();
          Layer r = Layer.watched(ref, refLeaves, shared, all, w, b, state, action, own);
          Tensor z = shared ? Ops.sharedInputMatmul(r.parts(), r.w()) : Ops.matmul(r.parts().get(0), r.w());
          Tensor ry = Ops.biasRelu(z, r.b());
          Gradients want = ref.backwardFrom(ry, g, refLeaves);

          String what = dtype + " out " + out + " form " + form;
          assertTrue(ry.bitEquals(y), what + ": output");
          for (int i = 0; i < leaves.size(); i++) {
            assertTrue(want.of(refLeaves.get(i)).bitEquals(got.of(leaves.get(i))), what + ": gradient " + i);
          }
        }
      }
    }
  }

  /** A layer's weight, bias and input parts, watched on a tape as the test's form asks. */
  private record Layer(Tensor w, Tensor b, List<Tensor> parts) {
    static Layer watched(Tape tape, List<Tensor> leaves, boolean shared, boolean all, Tensor w, Tensor b,
        Tensor state, Tensor action, Tensor own) {
      Tensor ws = all ? watch(tape, w, leaves) : w;
      Tensor bs = all ? watch(tape, b, leaves) : b;
      List<Tensor> parts = shared
          ? List.of(all ? watch(tape, state, leaves) : state, watch(tape, action, leaves))
          : List.of(watch(tape, own, leaves));
      return new Layer(ws, bs, parts);
    }
  }

  private static Tensor watch(Tape tape, Tensor t, List<Tensor> leaves) {
    Tensor w = tape.watch(t);
    leaves.add(w);
    return w;
  }

  @Test
  void refusesShapesThatDoNotFit() {
    Tensor x = Tensor.zeros(DType.F32, 2, 4, 3);
    Tensor w = Tensor.zeros(DType.F32, 2, 3, 5);
    TensorShapeException bias = assertThrows(TensorShapeException.class,
        () -> Ops.ensembleDenseRelu(List.of(x), w, Tensor.zeros(DType.F32, 2, 4)));
    assertTrue(bias.getMessage().contains("[2, 3, 5]") && bias.getMessage().contains("[2, 4]"), bias.getMessage());
    TensorShapeException input = assertThrows(TensorShapeException.class,
        () -> Ops.ensembleDenseRelu(List.of(Tensor.zeros(DType.F32, 2, 4, 7)), w, Tensor.zeros(DType.F32, 2, 5)));
    assertTrue(input.getMessage().contains("[2, 4, 7]") && input.getMessage().contains("[2, B, 3]"), input.getMessage());
    TensorShapeException parts = assertThrows(TensorShapeException.class,
        () -> Ops.ensembleDenseRelu(List.of(Tensor.zeros(DType.F32, 4, 1), Tensor.zeros(DType.F32, 4, 1)), w,
            Tensor.zeros(DType.F32, 2, 5)));
    assertTrue(parts.getMessage().contains("[4, 2]") && parts.getMessage().contains("parts joined"), parts.getMessage());
  }
}
