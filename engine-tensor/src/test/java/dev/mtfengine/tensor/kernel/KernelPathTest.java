package dev.mtfengine.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The start-up choice of kernels follows the module's readability and {@code mtf.kernels}. */
class KernelPathTest {

  @Test
  void activePathFollowsModuleReadabilityAndProperty() {
    boolean moduleReadable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    boolean forcedScalar = "scalar".equalsIgnoreCase(System.getProperty("mtf.kernels", "").trim());
    Kernels active = KernelPath.active();
    String reason = KernelPath.reason();
    if (moduleReadable && !forcedScalar) {
      assertEquals("dev.mtfengine.tensor.kernel.simd.VectorKernels", active.getClass().getName());
      assertTrue(active.name().startsWith("vector-"), active.name());
      assertEquals("module jdk.incubator.vector is readable", reason);
    } else {
      assertSame(ScalarKernels.INSTANCE, active);
      assertEquals("scalar", active.name());
      if (forcedScalar) {
        assertEquals("forced by -Dmtf.kernels=scalar", reason);
      } else {
        assertTrue(reason.startsWith("module jdk.incubator.vector is not readable"), reason);
        assertTrue(reason.contains("--add-modules jdk.incubator.vector"), reason);
      }
    }
  }

  @Test
  void vectorIsPresentExactlyWhenTheModuleIsReadable() {
    boolean moduleReadable = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(moduleReadable, KernelPath.vector().isPresent(), KernelPath.reason());
  }

  @Test
  void useOverridesAndRestores() throws Exception {
    Kernels before = KernelPath.active();
    try (AutoCloseable ignored = KernelPath.use(ScalarKernels.INSTANCE)) {
      assertSame(ScalarKernels.INSTANCE, KernelPath.active());
    }
    assertSame(before, KernelPath.active());
  }
}
