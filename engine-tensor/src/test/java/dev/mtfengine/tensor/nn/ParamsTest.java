package dev.mtfengine.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {
  private static final Tensor A = Tensor.of(new double[] {1, 2, 3}, 3);
  private static final Tensor B = Tensor.of(new double[] {4, 5}, 2);

  @Test
  void keepsInsertionOrderAndCounts() {
    Params p = Params.builder().put("z", A).put("a", B).build();
    assertEquals(List.of("z", "a"), p.names());
    assertEquals(2, p.size());
    assertEquals(5, p.numel());
    assertSame(B, p.get("a"));
  }

  @Test
  void missingNameErrorNamesItAndTheKnownOnes() {
    Params p = Params.of("weight", A, "bias", B);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.get("wieght"));
    assertTrue(e.getMessage().contains("'wieght'") && e.getMessage().contains("weight, bias"),
        e.getMessage());
  }

  @Test
  void rejectsEmptyAndDuplicateNames() {
    assertThrows(IllegalArgumentException.class, () -> Params.of("", A));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Params.builder().put("w", A).put("w", B).build());
    assertTrue(e.getMessage().contains("'w' is used twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Params.of("w", null));
  }

  @Test
  void watchThenGradientsGivesOneGradientPerName() {
    Params p = Params.of("x", A, "y", B);
    Tape tape = new Tape();
    Params tracked = p.watch(tape);
    assertTrue(tracked.get("x").isTracked());
    // loss = sum(x^2) + 3 sum(y)  ->  dx = 2x, dy = 3
    Tensor loss = Ops.add(Ops.sum(Ops.square(tracked.get("x"))), Ops.mul(Ops.sum(tracked.get("y")), 3));
    Params g = tracked.gradients(tape.backward(loss, tracked.tensors()));
    assertEquals(p.names(), g.names());
    assertArrayEquals(new double[] {2, 4, 6}, g.get("x").toDoubleArray(), 0);
    assertArrayEquals(new double[] {3, 3}, g.get("y").toDoubleArray(), 0);
    assertTrue(Params.gradientsOf(tape.backward(loss, tracked.tensors()), tracked).bitEquals(g));
    assertFalse(tracked.detach().get("x").isTracked());
    assertTrue(tracked.detach().bitEquals(p));
  }

  @Test
  void mapZipAndPrefixes() {
    Params p = Params.of("x", A, "y", B);
    Params doubled = p.map(t -> Ops.mul(t, 2));
    Params sum = p.zip(doubled, Ops::add);
    assertArrayEquals(new double[] {3, 6, 9}, sum.get("x").toDoubleArray(), 0);
    Params prefixed = p.withPrefix("critic.");
    assertEquals(List.of("critic.x", "critic.y"), prefixed.names());
    assertTrue(prefixed.withoutPrefix("critic.").bitEquals(p));
    assertEquals(4, p.concat(prefixed).size());
    assertThrows(IllegalArgumentException.class, () -> p.concat(p));
  }

  @Test
  void zipNamesTheMismatchedParameter() {
    Params p = Params.of("x", A, "y", B);
    Params other = Params.of("x", A, "y", Tensor.zeros(DType.F64, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.zip(other, Ops::add));
    assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("[2]")
        && e.getMessage().contains("[3]"), e.getMessage());
    Params missing = Params.of("x", A, "q", B);
    assertThrows(IllegalArgumentException.class, () -> p.zip(missing, Ops::add));
  }

  @Test
  void bitEqualsComparesNamesOrderAndBits() {
    Params p = Params.of("x", A, "y", B);
    assertTrue(p.bitEquals(Params.of("x", A.to(DType.F64), "y", B)));
    assertFalse(p.bitEquals(Params.of("y", B, "x", A)));
    assertFalse(p.bitEquals(Params.of("x", A, "y", Tensor.of(new double[] {4, Math.nextUp(5.0)}, 2))));
    assertFalse(p.bitEquals(p.map(t -> t.to(DType.F32))));
  }
}
