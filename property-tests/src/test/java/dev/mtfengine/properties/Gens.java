package dev.mtfengine.properties;

import dev.mtfengine.tensor.GradCheck;
import dev.mtfengine.tensor.Shape;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.random.Xoshiro256StarStar;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Shared generators. Structure (ranks, dimensions, axes, flags) comes from QuickTheories so that it
 * shrinks towards small shapes; values come from a generated seed through the project's generator
 * and {@link GradCheck.Domain#sample}, so they always lie inside the op's domain.
 */
final class Gens {
  private Gens() {}

  /** Largest generated dimension: tensors stay at most 4 x 4 x 4, keeping checks fast. */
  static final int MAX_DIM = 4;

  /** Codes at or above this keep the shape unchanged in {@link #variant} (a third of them). */
  private static final int SAME_SHAPE_CODES = 32;

  /** Dimensions of rank {@code minRank..maxRank}, each 1..{@link #MAX_DIM}. */
  static Gen<int[]> dims(int minRank, int maxRank) {
    return Generate.range(minRank, maxRank)
        .flatMap(r -> Generate.intArrays(Generate.constant(r), Generate.range(1, MAX_DIM)));
  }

  static Gen<Long> seeds() {
    return Generate.longRange(0, Long.MAX_VALUE);
  }

  /** Codes for {@link #variant}. */
  static Gen<Integer> variantCodes() {
    return Generate.range(0, SAME_SHAPE_CODES + 15);
  }

  /** Codes for {@link #axis}. */
  static Gen<Integer> axisCodes() {
    return Generate.range(0, 11);
  }

  /**
   * A shape that broadcasts to {@code dims}: codes {@code >= 32} keep it; otherwise drop {@code code
   * & 3} leading axes and set to 1 each remaining axis whose bit is set in {@code code >> 2} (bit 0
   * is the last axis).
   */
  static Shape variant(int[] dims, int code) {
    if (code >= SAME_SHAPE_CODES) {
      return Shape.of(dims);
    }
    int drop = Math.min(code & 3, dims.length);
    int ones = code >> 2;
    int[] out = new int[dims.length - drop];
    for (int i = 0; i < out.length; i++) {
      int fromEnd = out.length - 1 - i;
      out[i] = ((ones >> fromEnd) & 1) == 1 ? 1 : dims[drop + i];
    }
    return Shape.of(out);
  }

  /** An axis of a rank-{@code rank} shape (>= 1), negative half of the time. */
  static int axis(int rank, int code) {
    int a = code % rank;
    return (code / rank) % 2 == 0 ? a : a - rank;
  }

  /** Shapes of the same size as {@code s}, {@code s} itself included. */
  static List<Shape> reshapes(Shape s) {
    int n = s.size();
    List<Shape> out = new ArrayList<>();
    out.add(Shape.of(n));
    out.add(Shape.of(1, n));
    out.add(Shape.of(n, 1, 1));
    int[] d = s.dims();
    int[] reversed = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      reversed[i] = d[d.length - 1 - i];
    }
    out.add(Shape.of(reversed));
    for (int p = 2; p <= n; p++) {
      if (n % p == 0) {
        out.add(Shape.of(p, n / p));
        out.add(Shape.of(n / p, 1, p));
        break;
      }
    }
    if (n == 1) {
      out.add(Shape.scalar());
    }
    return out;
  }

  /** F64 tensors of the given shapes drawn from {@code domain} by a generator seeded {@code seed}. */
  static Tensor[] values(GradCheck.Domain domain, long seed, Shape... shapes) {
    return domain.sample(new Xoshiro256StarStar(seed), shapes);
  }
}
