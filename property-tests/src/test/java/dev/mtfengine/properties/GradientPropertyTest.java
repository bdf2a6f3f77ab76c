package dev.mtfengine.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import dev.mtfengine.tensor.Primitive;
import dev.mtfengine.tensor.ops.Primitives;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every primitive of {@link Primitives#all()} and every composite passes {@code GradCheck} in F64
 * on generated shapes and values inside its domain. Fixed seeds: a failure reproduces exactly.
 */
class GradientPropertyTest {
  private static final long SEED = 0x6772616463686bL;
  private static final int EXAMPLES = 100;

  @TestFactory
  Stream<DynamicTest> everyPrimitivePassesItsGradientCheck() {
    return Primitives.all().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
      Gen<Case> cases = PrimitiveCases.BY_PRIMITIVE.get(p.name());
      assertNotNull(cases, "primitive '" + p.name() + "' has no gradient-check property: add a "
          + "case generator to PrimitiveCases.BY_PRIMITIVE");
      qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases).checkAssert(Case::gradCheck);
    }));
  }

  /** Adding a primitive to the registry without a property (or leaving a stale one) fails here. */
  @Test
  void everyPrimitiveHasAGradientCheckProperty() {
    List<String> registered = Primitives.all().stream().map(Primitive::name).sorted().toList();
    List<String> covered = PrimitiveCases.BY_PRIMITIVE.keySet().stream().sorted().toList();
    assertEquals(registered, covered);
  }

  /** Each transpose combination, plain and ensemble, gets its own examples. */
  @TestFactory
  Stream<DynamicTest> matmulEveryTransposeCombinationAndEnsemble() {
    return IntStream.range(0, 8).mapToObj(flags -> DynamicTest.dynamicTest(
        "matmul(" + ((flags & 1) != 0 ? "A^T" : "A") + " " + ((flags & 2) != 0 ? "B^T" : "B") + ")"
            + ((flags & 4) != 0 ? " ensemble" : ""),
        () -> qt().withFixedSeed(SEED + flags).withExamples(20)
            .forAll(PrimitiveCases.matmul(Generate.constant(flags)))
            .checkAssert(Case::gradCheck)));
  }

  @TestFactory
  Stream<DynamicTest> everyCompositePassesItsGradientCheck() {
    return CompositeCases.BY_COMPOSITE.entrySet().stream().map(e -> DynamicTest.dynamicTest(
        e.getKey(),
        () -> qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(e.getValue())
            .checkAssert(Case::gradCheck)));
  }
}
