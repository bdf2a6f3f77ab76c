package dev.mtfengine.tensor.random;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): turns one 64-bit seed into a sequence of well-mixed
 * words; used to seed {@link Xoshiro256StarStar} and to derive stream seeds from identifiers.
 */
public final class SplitMix64 {
  private long state;

  public SplitMix64(long seed) {
    this.state = seed;
  }

  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** The SplitMix64 finaliser: a bijective mix of one word. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
