package dev.mtfengine.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import org.junit.jupiter.api.Test;

/**
 * Adam's one-pass update gives the bits of Algorithm 1 written line by line as element-wise tensor
 * ops (the form it replaced, which runs on the active SIMD or scalar kernels), for both dtypes,
 * plain, L2-coupled and decoupled weight decay, over many steps with gradients of every scale.
 */
class AdamOnePassTest {

  /** Algorithm 1 as tensor ops, one parameter: {theta_t, m_t, v_t}. */
  private static Tensor[] reference(Adam.Config c, Tensor theta, Tensor grad, Tensor m, Tensor v, long t) {
    double bc1 = 1.0 - Math.pow(c.beta1(), t);
    double bc2 = 1.0 - Math.pow(c.beta2(), t);
    Tensor g = grad;
    if (c.weightDecay() != 0 && !c.decoupled()) {
      g = Ops.add(g, Ops.mul(theta, c.weightDecay()));
    }
    Tensor mt = Ops.add(Ops.mul(m, c.beta1()), Ops.mul(g, 1 - c.beta1()));
    Tensor vt = Ops.add(Ops.mul(v, c.beta2()), Ops.mul(Ops.square(g), 1 - c.beta2()));
    Tensor mHat = Ops.div(mt, bc1);
    Tensor vHat = Ops.div(vt, bc2);
    Tensor th = theta;
    if (c.weightDecay() != 0 && c.decoupled()) {
      th = Ops.sub(th, Ops.mul(theta, c.lr() * c.weightDecay()));
    }
    th = Ops.sub(th, Ops.mul(Ops.div(mHat, Ops.add(Ops.sqrt(vHat), c.eps())), c.lr()));
    return new Tensor[] {th, mt, vt};
  }

  @Test
  void onePassEqualsTheLinesAsTensorOpsBitForBit() {
    Adam.Config[] configs = {Adam.Config.defaults(3e-4), new Adam.Config(1e-2, 0.8, 0.99, 1e-6, 0.05, false),
        Adam.Config.adamW(1e-3, 0.01)};
    for (DType dtype : DType.values()) {
      for (Adam.Config c : configs) {
        Xoshiro256StarStar rng = new Xoshiro256StarStar(11);
        Tensor theta = Tensor.randn(rng, dtype, 7, 33);
        Tensor m = Tensor.zeros(dtype, 7, 33);
        Tensor v = Tensor.zeros(dtype, 7, 33);
        Adam adam = new Adam(c);
        Params p = Params.of("w", theta);
        for (long t = 1; t <= 40; t++) {
          // gradients from 1e-6 to 1e3 in magnitude, with exact zeros
          double scale = Math.pow(10, (t % 10) - 6);
          Tensor grad = Ops.mul(Tensor.randn(rng, dtype, 7, 33), scale);
          if (t % 7 == 0) {
            grad = Tensor.zeros(dtype, 7, 33);
          }
          Tensor[] want = reference(c, theta, grad, m, v, t);
          p = adam.step(p, Params.of("w", grad));
          OptimizerState s = adam.state();
          assertBits(want[0], p.get("w"), dtype + " " + c + " theta at t=" + t);
          assertBits(want[1], s.moments().get("m/w"), dtype + " " + c + " m at t=" + t);
          assertBits(want[2], s.moments().get("v/w"), dtype + " " + c + " v at t=" + t);
          theta = want[0];
          m = want[1];
          v = want[2];
        }
      }
    }
  }

  private static void assertBits(Tensor want, Tensor got, String what) {
    for (int i = 0; i < want.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(want.getDouble(i)), Double.doubleToRawLongBits(got.getDouble(i)),
          what + " [" + i + "]: " + want.getDouble(i) + " vs " + got.getDouble(i));
    }
  }
}
