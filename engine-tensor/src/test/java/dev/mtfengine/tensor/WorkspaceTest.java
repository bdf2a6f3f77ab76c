package dev.mtfengine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtfengine.tensor.nn.Activation;
import dev.mtfengine.tensor.nn.EnsembleMlp;
import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;
import dev.mtfengine.tensor.optim.Adam;
import dev.mtfengine.tensor.optim.GradientStep;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
  private static final int BIG = Workspace.MIN_ELEMENTS;

  @Test
  void aScopeHandsOutTheArraysThePreviousScopeGaveBackButNeverSmallOnes() {
    Workspace w = new Workspace(Workspace.Mode.REUSE);
    float[] big;
    double[] bigF64;
    float[] small;
    try (Workspace.Scope s = w.enter()) {
      big = Workspace.floats(BIG);
      bigF64 = Workspace.doubles(BIG);
      small = Workspace.floats(BIG - 1);
      assertNotSame(big, Workspace.floats(BIG), "an array in use is not handed out twice");
    }
    assertNotSame(big, Workspace.floats(BIG), "outside a scope every array is new");
    try (Workspace.Scope s = w.enter()) {
      float[] again = Workspace.floats(BIG);
      float[] second = Workspace.floats(BIG);
      assertTrue(again == big || second == big, "the first scope's array comes back");
      assertSame(bigF64, Workspace.doubles(BIG));
      assertNotSame(small, Workspace.floats(BIG - 1));
    }
    assertEquals(3, w.arrays());
  }

  @Test
  void scopesDoNotNestAndOffHandsOutNothing() {
    Workspace w = new Workspace(Workspace.Mode.REUSE);
    try (Workspace.Scope s = w.enter()) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new Workspace(Workspace.Mode.REUSE).enter());
      assertTrue(e.getMessage().contains("already inside"), e.getMessage());
    }
    w.enter().close(); // closed scopes leave the thread free

    Workspace off = new Workspace(Workspace.Mode.OFF);
    float[] first;
    try (Workspace.Scope s = off.enter()) {
      first = Workspace.floats(BIG);
    }
    try (Workspace.Scope s = off.enter()) {
      assertNotSame(first, Workspace.floats(BIG));
    }
    assertEquals(0, off.arrays());
  }

  @Test
  void checkedModeFillsEveryReusedArrayWithNaN() {
    Workspace w = new Workspace(Workspace.Mode.CHECKED);
    try (Workspace.Scope s = w.enter()) {
      java.util.Arrays.fill(Workspace.floats(BIG), 1f);
      java.util.Arrays.fill(Workspace.doubles(BIG), 1.0);
    }
    try (Workspace.Scope s = w.enter()) {
      float[] f = Workspace.floats(BIG);
      double[] d = Workspace.doubles(BIG);
      for (int i = 0; i < BIG; i++) {
        assertTrue(Float.isNaN(f[i]) && Double.isNaN(d[i]), "element " + i);
      }
    }
  }

  @Test
  void stateInAWorkspaceArrayIsRefusedByName() {
    Workspace w = new Workspace(Workspace.Mode.REUSE);
    Tensor inside;
    try (Workspace.Scope s = w.enter()) {
      inside = Ops.add(Tensor.zeros(DType.F32, 64, 64), 1.0);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> w.requireNotOwned("critic", Params.of("weight", inside)));
    assertTrue(e.getMessage().contains("critic parameter 'weight' [64, 64]"), e.getMessage());
    w.requireNotOwned("critic", Params.of("weight", Ops.add(Tensor.zeros(DType.F32, 64, 64), 1.0)));
  }

  /**
   * Three Adam steps of an ensemble regression through every op that writes into workspace arrays
   * (concat, the ensemble broadcast, matmul, bias + ReLU, element-wise ops and their gradients):
   * the same bits with NaN-filled reused arrays as with none, in both dtypes.
   */
  @Test
  void trainingStepsGiveTheSameBitsWithAndWithoutReuse() {
    for (DType dtype : DType.values()) {
      Params off = train(dtype, new Workspace(Workspace.Mode.OFF));
      Params checked = train(dtype, new Workspace(Workspace.Mode.CHECKED));
      assertTrue(off.bitEquals(checked), dtype.toString());
    }
  }

  private static Params train(DType dtype, Workspace workspace) {
    var rng = new Xoshiro256StarStar(20261205L);
    EnsembleMlp net = new EnsembleMlp(3, 40, List.of(64, 64), 1, Activation.RELU, Activation.IDENTITY);
    Params params = net.init(rng, dtype);
    Adam adam = new Adam(Adam.Config.defaults(1e-3));
    for (int step = 0; step < 3; step++) {
      Tensor state = Tensor.randn(rng, dtype, 128, 32);
      Tensor action = Tensor.randn(rng, dtype, 128, 8);
      Tensor target = Tensor.randn(rng, dtype, 128, 1);
      try (Workspace.Scope s = workspace.enter()) {
        params = GradientStep.minimise(params, adam,
            p -> Ops.mean(Ops.square(Ops.sub(net.forward(p, Ops.concat(state, action)), target)))).params();
      }
      workspace.requireNotOwned("regression", params);
    }
    assertTrue(workspace.mode() == Workspace.Mode.OFF || workspace.arrays() > 0, "the workspace was used");
    return params;
  }
}
