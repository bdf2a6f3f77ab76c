package dev.mtfengine.mtf.sim;

import dev.mtfengine.tensor.random.SplitMix64;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;

/**
 * Derives independent {@link Xoshiro256StarStar} streams from one seed and the identifiers
 * (purpose, type, bank, episode, request) (simulator.md, "Determinism"). The stream seed is a
 * chain of SplitMix64 finalisers, {@code h <- mix(h + G (x + 1))} over the identifiers in that
 * order with G the golden-ratio increment; the finaliser is a bijection, so distinct identifier
 * tuples collide only by a 64-bit accident. A stream depends on nothing but its identifiers:
 * episodes can be simulated in any order or in parallel, and two policies run on the same episode
 * see the same user, the same banks and the same feedback uniforms (common random numbers).
 *
 * <p>Identifiers that do not apply to a purpose are passed as 0.
 */
public final class RandomStreams {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private final long seed;

  public RandomStreams(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The stream for one purpose and identifier tuple; a new generator at its start. */
  public Xoshiro256StarStar stream(
      StreamPurpose purpose, int type, int bank, long episode, int request) {
    long h = SplitMix64.mix(seed ^ 0x6D74662D73696D31L); // "mtf-sim1": domain separation
    h = SplitMix64.mix(h + GOLDEN * (purpose.tag() + 1));
    h = SplitMix64.mix(h + GOLDEN * ((long) type + 1));
    h = SplitMix64.mix(h + GOLDEN * ((long) bank + 1));
    h = SplitMix64.mix(h + GOLDEN * (episode + 1));
    h = SplitMix64.mix(h + GOLDEN * ((long) request + 1));
    return new Xoshiro256StarStar(h);
  }
}
