package dev.mtfengine.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

/**
 * Gives tests the Vector API kernels, or, when this JVM cannot have them (no {@code --add-modules
 * jdk.incubator.vector}, or {@code -Dmtf.kernels=scalar}), checks that the scalar path was chosen
 * for the right reason, so a parity test asserts something on both kernel paths.
 */
final class VectorPathCheck {
  private VectorPathCheck() {}

  static Optional<Kernels> vectorOrCheckScalarFallback() {
    Optional<Kernels> vector = KernelPath.vector();
    if (vector.isPresent()) {
      assertFalse(vector.get() instanceof ScalarKernels, "vector() must not return the scalar kernels");
      assertTrue(vector.get().name().startsWith("vector-"), vector.get().name());
      return vector;
    }
    assertSame(ScalarKernels.INSTANCE, KernelPath.active(), "without Vector API the scalar path runs");
    boolean moduleReadable = ModuleLayer.boot().findModule(KernelPath.VECTOR_MODULE).isPresent();
    assertFalse(moduleReadable && !"scalar".equalsIgnoreCase(System.getProperty("mtf.kernels", "")),
        "module " + KernelPath.VECTOR_MODULE + " is readable but the vector kernels did not load: "
            + KernelPath.reason());
    assertTrue(KernelPath.reason().contains("not readable") || KernelPath.reason().contains("forced"),
        KernelPath.reason());
    return Optional.empty();
  }
}
