package dev.mtfengine.rl.net;

import dev.mtfengine.tensor.nn.Params;
import dev.mtfengine.tensor.ops.Ops;

/** Soft target updates (Polyak averaging), as in DDPG and IntegratedRL-MTF. */
public final class Polyak {
  private Polyak() {}

  /**
   * {@code theta' <- (1 - tau) theta' + tau theta} for every parameter. {@code tau = 1} copies the
   * online parameters exactly and {@code tau = 0} keeps the target exactly (for finite values).
   */
  public static Params average(Params target, Params online, double tau) {
    if (!(tau >= 0 && tau <= 1)) {
      throw new IllegalArgumentException("Polyak averaging: tau must be in [0, 1], got " + tau);
    }
    target.requireSameLayout("Polyak averaging", online);
    return target.zip(online, (t, o) -> Ops.add(Ops.mul(t, 1 - tau), Ops.mul(o, tau)));
  }
}
