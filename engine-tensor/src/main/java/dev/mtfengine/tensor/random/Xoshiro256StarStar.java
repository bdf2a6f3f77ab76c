package dev.mtfengine.tensor.random;

import java.util.random.RandomGenerator;

/**
 * xoshiro256** (Blackman and Vigna, 2018): the project's one fully specified generator. Seeded
 * through SplitMix64, so any 64-bit seed gives a well-mixed state; the four state words can be read
 * and restored, which is what lets a checkpoint resume a run bit-identically.
 *
 * <p>{@link #nextDouble()} and {@link #nextGaussian()} are defined here rather than inherited so
 * that their bits do not depend on the JDK's default algorithms: uniforms use the top 53 bits, and
 * Gaussians use the Box-Muller transform with {@link StrictMath}, one normal per two uniforms and
 * no cached second value (the state stays the four words).
 *
 * <p>Not thread-safe: give each thread or purpose its own stream ({@link #split(long)}).
 */
public final class Xoshiro256StarStar implements RandomGenerator {
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  /** A generator whose state is four successive SplitMix64 outputs from {@code seed}. */
  public Xoshiro256StarStar(long seed) {
    SplitMix64 mix = new SplitMix64(seed);
    s0 = mix.nextLong();
    s1 = mix.nextLong();
    s2 = mix.nextLong();
    s3 = mix.nextLong();
    if ((s0 | s1 | s2 | s3) == 0) {
      s0 = 1; // the all-zero state is a fixed point; SplitMix64 never yields it, but be explicit
    }
  }

  private Xoshiro256StarStar(long[] state) {
    restore(state);
  }

  /** A generator continuing exactly from a state returned by {@link #state()}. */
  public static Xoshiro256StarStar fromState(long[] state) {
    return new Xoshiro256StarStar(state);
  }

  /**
   * An independent stream for {@code purpose}: seeded from this generator's next output mixed with
   * the purpose, so streams derived for different purposes do not overlap in practice.
   */
  public Xoshiro256StarStar split(long purpose) {
    return new Xoshiro256StarStar(nextLong() ^ SplitMix64.mix(purpose));
  }

  /** The four state words; {@link #fromState(long[])} continues from them. */
  public long[] state() {
    return new long[] {s0, s1, s2, s3};
  }

  /** Replaces the state with one returned by {@link #state()}. */
  public void restore(long[] state) {
    if (state.length != 4) {
      throw new IllegalArgumentException(
          "xoshiro256** state has 4 words, got " + state.length);
    }
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
      throw new IllegalArgumentException("xoshiro256** state must not be all zero");
    }
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on [0, 1) with 24 random bits. */
  @Override
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Standard normal by Box-Muller: {@code sqrt(-2 ln(1 - u1)) cos(2 pi u2)}. */
  @Override
  public double nextGaussian() {
    double u1 = nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log1p(-u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }
}
