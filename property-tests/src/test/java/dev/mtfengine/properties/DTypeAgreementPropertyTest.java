package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.DType;
import dev.mtfengine.tensor.Tensor;
import dev.mtfengine.tensor.ops.Primitives;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;

/**
 * F32 and F64 agree: on the same F32-representable values, every primitive's F32 forward is within
 * {@code 1e-5 (1 + |y64|)} of its F64 forward, element by element (F32 carries 24 bits, about 6e-8
 * relative per operation; the generated tensors have at most 64 elements and sums of at most 64
 * terms, so 1e-5 leaves room for accumulated rounding and cancellation). Primitives that only move,
 * compare or negate values must agree bit for bit. The documented form is in {@code
 * docs/gradients.md}, section "F32 and F64".
 */
class DTypeAgreementPropertyTest {
  private static final long SEED = 0xF32F64L;
  private static final int EXAMPLES = 100;

  /** Relative tolerance, scaled by {@code 1 + |y64|}. */
  static final double TOLERANCE = 1e-5;

  /** Primitives whose F32 output is exactly the F64 output rounded to F32 (no arithmetic). */
  static final Set<String> EXACT = Set.of("select", "neg", "abs", "relu", "minimum", "maximum",
      "max", "min", "concat", "slice", "broadcastTo", "reshape");

  @TestFactory
  Stream<DynamicTest> forwardAgreesBetweenF32AndF64() {
    return Primitives.all().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
      Gen<Case> cases = PrimitiveCases.BY_PRIMITIVE.get(p.name());
      assertNotNull(cases, "no cases for primitive " + p.name());
      boolean exact = EXACT.contains(p.name());
      qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases)
          .checkAssert(c -> assertAgree(c, exact));
    }));
  }

  private static void assertAgree(Case c, boolean exact) {
    Tensor y64 = c.f().apply(c.inputsRoundedToF32());
    Tensor y32 = c.f().apply(c.inputsF32());
    assertEquals(DType.F32, y32.dtype(), c + ": F32 inputs must give an F32 output");
    assertEquals(DType.F64, y64.dtype(), c + ": F64 inputs must give an F64 output");
    assertEquals(y64.shape(), y32.shape(), c + ": shapes differ between dtypes");
    for (int k = 0; k < y64.size(); k++) {
      double a = y64.getDouble(k);
      double b = y32.getDouble(k);
      if (exact) {
        assertEquals((float) a, (float) b, 0.0, c + " element " + k + " must agree exactly");
      } else {
        double allowed = TOLERANCE * (1 + Math.abs(a));
        if (!(Math.abs(a - b) <= allowed)) {
          throw new AssertionError(c + " element " + k + ": F64 " + a + ", F32 " + b
              + ", difference " + Math.abs(a - b) + " > " + allowed);
        }
      }
    }
  }
}
