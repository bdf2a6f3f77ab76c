package dev.mtfengine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.ops.Clamp;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

class GradCheckTest {

  /** tanh forward with a deliberately wrong VJP (missing the 1 - z^2 factor). */
  private static final Primitive WRONG_TANH = new Primitive() {
    @Override
    public String name() {
      return "wrongTanh";
    }

    @Override
    public Tensor forward(Tensor... in) {
      double[] x = in[0].toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.tanh(x[i]);
      }
      return Tensor.of(x, in[0].shape().dims());
    }

    @Override
    public Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needed) {
      return new Tensor[] {g};
    }
  };

  @Test
  void correctGradientsPass() {
    Tensor a = Tensor.of(new double[] {0.5, -1.5, 2.0, 0.3, 1.1, -0.7}, 2, 3);
    Tensor b = Tensor.of(new double[] {1.5, -0.5, 0.8}, 3);
    GradCheck.Report r = GradCheck.run(in -> Ops.tanh(Ops.div(in[0], in[1])),
        GradCheck.Options.defaults().withLabel("tanh(a / b)"), a, b);
    assertTrue(r.passed(), r.describe());
    assertEquals(2, r.inputs().size());
    assertEquals(Shape.of(3), r.inputs().get(1).shape());
    assertTrue(r.inputs().get(0).maxAbsError() < 1e-8, r.describe());
  }

  @Test
  void wrongGradientFailsWithAReadableMessage() {
    Tensor x = Tensor.of(new double[] {0.1, 1.0, -2.0}, 3);
    GradCheck.Report r = GradCheck.run(in -> Autodiff.apply(WRONG_TANH, in[0]),
        GradCheck.Options.defaults().withLabel("wrongTanh"), x);
    assertFalse(r.passed());
    GradCheck.InputReport in0 = r.inputs().get(0);
    assertEquals(2, in0.worstIndex(), "x = -2 has the largest error 1 - (1 - tanh^2)");
    GradCheckException e = assertThrows(GradCheckException.class, r::assertPassed);
    assertTrue(e.getMessage().contains("wrongTanh") && e.getMessage().contains("FAILED")
        && e.getMessage().contains("input 0 [3]") && e.getMessage().contains("worst at [2]"),
        e.getMessage());
    assertEquals(r, e.report());
  }

  @Test
  void onesCotangentChecksTheSum() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    GradCheck.check(in -> Ops.matmul(in[0], in[0]),
        GradCheck.Options.defaults().withCotangent(GradCheck.Cotangent.ONES), x);
  }

  @Test
  void rejectsF32AndValuesOutsideTheDomain() {
    Tensor f32 = Tensor.of(new float[] {1, 2}, 2);
    assertThrows(IllegalArgumentException.class, () -> GradCheck.run(in -> Ops.exp(in[0]), f32));
    Tensor nearZero = Tensor.of(new double[] {1, 0.001}, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.run(in -> Ops.log(in[0]), GradCheck.forPrimitive("log"), nearZero));
    assertTrue(e.getMessage().contains("log") && e.getMessage().contains("0.001"), e.getMessage());
  }

  @Test
  void maskInputsAreNotDifferentiated() {
    GradCheck.Domain d = GradCheck.domain("select");
    assertFalse(d.differentiable(0));
    assertTrue(d.differentiable(1) && d.differentiable(2));
    Shape s = Shape.of(2, 3);
    Tensor[] in = d.sample(new Xoshiro256StarStar(1), s, s, s);
    GradCheck.Report r = GradCheck.check(t -> Ops.select(t[0], t[1], t[2]),
        GradCheck.forPrimitive("select"), in);
    assertEquals(2, r.inputs().size());
    assertEquals(1, r.inputs().get(0).input());
  }

  @Test
  void domainsKeepAwayFromKinksAndTies() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(7);
    GradCheck.Domain ties = GradCheck.domain("maximum");
    Tensor[] v = ties.sample(rng, Shape.of(4, 5), Shape.of(5));
    assertTrue(ties.admits(v));
    assertFalse(ties.admits(Tensor.of(new double[] {0.5, 0.5}, 2)));
    GradCheck.Domain clamp = GradCheck.domain(new Clamp(0.2, 0.7));
    assertFalse(clamp.range(0).admits(0.205));
    assertTrue(clamp.range(0).admits(0.5));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.domain("nope"));
    assertThrows(IllegalArgumentException.class,
        () -> ties.sample(rng, Shape.of(3000)), "too many separated values for [-2, 2]");
  }
}
