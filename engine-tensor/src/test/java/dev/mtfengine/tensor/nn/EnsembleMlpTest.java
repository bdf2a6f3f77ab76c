package dev.mtfengine.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.TensorShapeException;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleMlpTest {
  private static final int MEMBERS = 24;

  /** Rows {@code [e, :, :]} of a [M, B, F] tensor as a [B, F] tensor. */
  private static Tensor memberRows(Tensor y, int e) {
    return EnsembleMlp.memberSlice(y, e);
  }

  @Test
  void everyMemberEqualsThePlainMlpWithItsParams() {
    for (DType dtype : DType.values()) {
      EnsembleMlp critics = new EnsembleMlp(MEMBERS, 7, new int[] {16, 16}, 1, Activation.RELU,
          Activation.IDENTITY);
      Params params = critics.init(new Xoshiro256StarStar(21), dtype);
      assertEquals(Shape.of(MEMBERS, 7, 16), params.get("layer0.weight").shape());
      assertEquals(Shape.of(MEMBERS, 16), params.get("layer0.bias").shape());
      Tensor x = Tensor.randn(new Xoshiro256StarStar(22), dtype, 9, 7);
      Tensor y = critics.forward(params, x);
      assertEquals(Shape.of(MEMBERS, 9, 1), y.shape());
      Mlp single = critics.memberMlp();
      for (int e = 0; e < MEMBERS; e++) {
        Tensor expected = single.forward(critics.member(params, e), x);
        Tensor got = memberRows(y, e);
        assertTrue(expected.bitEquals(got), dtype + " member " + e + ": " + expected + " vs " + got);
      }
    }
  }

  @Test
  void perMemberInputsAreSupported() {
    EnsembleMlp ens = new EnsembleMlp(3, 4, new int[] {5}, 2, Activation.TANH, Activation.IDENTITY);
    Params params = ens.init(new Xoshiro256StarStar(1), DType.F64);
    Tensor x = Tensor.randn(new Xoshiro256StarStar(2), DType.F64, 3, 6, 4);
    Tensor y = ens.forward(params, x);
    assertEquals(Shape.of(3, 6, 2), y.shape());
    for (int e = 0; e < 3; e++) {
      Tensor expected = ens.memberMlp().forward(ens.member(params, e), EnsembleMlp.memberSlice(x, e));
      assertTrue(expected.bitEquals(memberRows(y, e)));
    }
  }

  @Test
  void membersAreInitialisedIndependentlyAndMember0MatchesMlpInit() {
    EnsembleMlp ens = new EnsembleMlp(4, 3, new int[] {5}, 1, Activation.RELU, Activation.IDENTITY);
    Params params = ens.init(new Xoshiro256StarStar(8), DType.F32);
    Params first = ens.memberMlp().init(new Xoshiro256StarStar(8), DType.F32);
    assertTrue(ens.member(params, 0).bitEquals(first));
    assertFalse(ens.member(params, 0).bitEquals(ens.member(params, 1)));
    // stack is the inverse of member
    List<Params> parts = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      parts.add(ens.member(params, e));
    }
    assertTrue(ens.stack(parts).bitEquals(params));
  }

  @Test
  void gradientsFlowToEveryMemberSeparately() {
    EnsembleMlp ens = new EnsembleMlp(3, 2, new int[] {4}, 1, Activation.TANH, Activation.IDENTITY);
    Params params = ens.init(new Xoshiro256StarStar(3), DType.F64);
    Tensor x = Tensor.randn(new Xoshiro256StarStar(4), DType.F64, 5, 2);
    Tape tape = new Tape();
    Params tracked = params.watch(tape);
    Params g = tracked.gradients(tape.backward(Ops.sum(ens.forward(tracked, x)), tracked.tensors()));
    for (int e = 0; e < 3; e++) {
      Tape t2 = new Tape();
      Params member = ens.member(params, e).watch(t2);
      Params ge = member.gradients(
          t2.backward(Ops.sum(ens.memberMlp().forward(member, x)), member.tensors()));
      Params slice = ens.member(g, e);
      for (String name : ge.names()) {
        for (int i = 0; i < ge.get(name).size(); i++) {
          assertEquals(ge.get(name).getDouble(i), slice.get(name).getDouble(i), 1e-12, name);
        }
      }
    }
  }

  @Test
  void errorsNameTheShapes() {
    EnsembleMlp ens = new EnsembleMlp(3, 4, new int[] {5}, 2, Activation.RELU, Activation.IDENTITY);
    Params params = ens.init(new Xoshiro256StarStar(1), DType.F32);
    TensorShapeException e = assertThrows(TensorShapeException.class,
        () -> ens.forward(params, Tensor.zeros(DType.F32, 2, 6, 4)));
    assertTrue(e.getMessage().contains("[2, 6, 4]"), e.getMessage());
    TensorShapeException w = assertThrows(TensorShapeException.class,
        () -> ens.forward(ens.member(params, 0), Tensor.zeros(DType.F32, 6, 4)));
    assertTrue(w.getMessage().contains("layer0.weight") && w.getMessage().contains("[4, 5]"),
        w.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> ens.member(params, 3));
    assertThrows(IllegalArgumentException.class,
        () -> new EnsembleMlp(0, 4, new int[] {5}, 2, Activation.RELU, Activation.IDENTITY));
  }
}
