package dev.mtfengine.mtf.task;

import dev.mtfengine.tensor.random.SplitMix64;
import java.nio.charset.StandardCharsets;

/**
 * Every seed of one experiment seed, derived from it by purpose, method and round (issue 11, item
 * 6), the way {@link dev.mtfengine.mtf.sim.RandomStreams} derives the simulator's streams: a chain
 * of SplitMix64 finalisers {@code h <- mix(h + G (x + 1))} over (purpose tag, the method id's bytes,
 * round), G the golden-ratio increment. Datasets 1, 2 and 3 and every learner therefore draw their
 * initialisation, minibatches and cloning batches from streams of their own: adding a method or a
 * round shifts no other stream, and no two methods share draws by accident of a {@code seed + r}.
 *
 * @param root the experiment seed (the simulator's seed)
 */
public record SeedTree(long root) {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long DOMAIN = 0x6D74662D65787031L; // "mtf-exp1": apart from the simulator's streams

  /** What a derived seed is for; each has a fixed tag, so reordering the constants changes nothing. */
  public enum Purpose {
    /** Network initialisation of a learner. */
    LEARNER_INIT(1),
    /** The minibatch sampler of a training run. */
    MINIBATCHES(2),
    /** The minibatches of {@code BaselineCloning} before reinforcement learning. */
    CLONING(3),
    /** The permutation of actions in the diagnosis ladder's placebo dataset. */
    PLACEBO(4),
    /** The initialisation and minibatches of the expected-termination model of a training run. */
    TERMINATION(5),
    /** The perturbations of ES in {@code mtf ope-check}'s panel of policies. */
    OPE_PANEL(6),
    /** The initialisation and minibatches of {@code mtf ope-check}'s fitted Q evaluations. */
    OPE_FQE(7),
    /** The bootstrap resamples of {@code mtf ope-check}'s estimates. */
    OPE_BOOTSTRAP(8),
    /** The bootstrap resamples of the deploy gate of {@code mtf train}. */
    GATE(9),
    /** A data-parallel worker's own learner stream in one averaging round (engine-spark). */
    WORKER_STREAM(10);

    private final long tag;

    Purpose(long tag) {
      this.tag = tag;
    }
  }

  /** The seed of {@code purpose} for {@code method} (e.g. "integrated-rl-d2") in progressive round {@code round}. */
  public long seed(Purpose purpose, String method, int round) {
    long h = SplitMix64.mix(root ^ DOMAIN);
    h = SplitMix64.mix(h + GOLDEN * (purpose.tag + 1));
    for (byte b : method.getBytes(StandardCharsets.UTF_8)) {
      h = SplitMix64.mix(h + GOLDEN * ((b & 0xFF) + 1L));
    }
    return SplitMix64.mix(h + GOLDEN * ((long) round + 1));
  }
}
