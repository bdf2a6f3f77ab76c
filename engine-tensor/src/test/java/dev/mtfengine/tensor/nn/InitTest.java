package dev.mtfengine.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

class InitTest {

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (int i = 0; i < t.size(); i++) {
      m = Math.max(m, Math.abs(t.getDouble(i)));
    }
    return m;
  }

  private static double std(Tensor t) {
    double s = 0;
    double s2 = 0;
    for (int i = 0; i < t.size(); i++) {
      s += t.getDouble(i);
      s2 += t.getDouble(i) * t.getDouble(i);
    }
    double mean = s / t.size();
    return Math.sqrt(s2 / t.size() - mean * mean);
  }

  @Test
  void pytorchDefaultBoundsAreOneOverSqrtFanIn() {
    int fanIn = 64;
    int fanOut = 200;
    var rng = new Xoshiro256StarStar(1);
    Tensor w = Init.PYTORCH_DEFAULT.weight(rng, DType.F64, fanIn, fanOut);
    Tensor b = Init.PYTORCH_DEFAULT.bias(rng, DType.F64, fanIn, fanOut);
    assertEquals(Shape.of(fanIn, fanOut), w.shape());
    assertEquals(Shape.of(fanOut), b.shape());
    double bound = 1.0 / Math.sqrt(fanIn);
    assertEquals(bound, Init.linearBound(fanIn), 0);
    assertTrue(maxAbs(w) <= bound && maxAbs(b) <= bound);
    // 12800 uniform draws fill the interval: the extremes come close to the bound
    assertTrue(maxAbs(w) > 0.99 * bound);
    // U(-a, a) has std a / sqrt(3)
    assertEquals(bound / Math.sqrt(3), std(w), 0.02 * bound);
  }

  @Test
  void xavierUniformAndNormalFollowTheirFormulas() {
    int fanIn = 100;
    int fanOut = 50;
    var rng = new Xoshiro256StarStar(2);
    double a = Math.sqrt(6.0 / (fanIn + fanOut));
    Tensor wu = Init.XAVIER_UNIFORM.weight(rng, DType.F32, fanIn, fanOut);
    assertTrue(maxAbs(wu) <= a && maxAbs(wu) > 0.99 * a);
    assertEquals(0.0, maxAbs(Init.XAVIER_UNIFORM.bias(rng, DType.F32, fanIn, fanOut)), 0);
    Tensor wn = Init.XAVIER_NORMAL.weight(rng, DType.F64, fanIn, fanOut);
    assertEquals(Math.sqrt(2.0 / (fanIn + fanOut)), std(wn), 0.03 * Math.sqrt(2.0 / (fanIn + fanOut)));
    assertEquals(0.0, maxAbs(Init.ZEROS.weight(rng, DType.F64, 3, 4)), 0);
  }

  @Test
  void sameSeedSameBitsDifferentSeedDifferentBits() {
    Mlp mlp = new Mlp(5, new int[] {7}, 2, Activation.RELU, Activation.IDENTITY);
    for (Init scheme : new Init[] {Init.PYTORCH_DEFAULT, Init.XAVIER_UNIFORM, Init.XAVIER_NORMAL}) {
      Params a = mlp.init(new Xoshiro256StarStar(42), DType.F32, scheme);
      Params b = mlp.init(new Xoshiro256StarStar(42), DType.F32, scheme);
      Params c = mlp.init(new Xoshiro256StarStar(43), DType.F32, scheme);
      assertTrue(a.bitEquals(b), scheme.name());
      assertFalse(a.bitEquals(c), scheme.name());
    }
  }

  @Test
  void f32InitIsTheF64InitRounded() {
    Mlp mlp = new Mlp(3, new int[] {4}, 2, Activation.TANH, Activation.IDENTITY);
    Params f64 = mlp.init(new Xoshiro256StarStar(9), DType.F64);
    Params f32 = mlp.init(new Xoshiro256StarStar(9), DType.F32);
    assertTrue(f64.map(t -> t.to(DType.F32)).bitEquals(f32));
  }

  @Test
  void rejectsNonPositiveFans() {
    assertThrows(IllegalArgumentException.class, () -> Init.linearBound(0));
    assertThrows(IllegalArgumentException.class, () -> Init.normal(new Xoshiro256StarStar(1), DType.F64, -1, 2));
  }
}
