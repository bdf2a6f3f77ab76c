package dev.mtfengine.tensor.kernel;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the kernels once at start-up, Lucene style: the Vector API implementation is loaded by
 * class name only when the {@code jdk.incubator.vector} module is readable, so without {@code
 * --add-modules jdk.incubator.vector} nothing links against it and the scalar path runs. The system
 * property {@code mtf.kernels=scalar} forces the scalar path. One log line says which path is active
 * and why.
 */
public final class KernelPath {
  private static final Logger LOG = LoggerFactory.getLogger(KernelPath.class);
  static final String VECTOR_CLASS = "dev.mtfengine.tensor.kernel.simd.VectorKernels";
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** Why the Vector API class failed to load, when it did (set before SELECTED). */
  private static String loadFailure = "";
  private static final Kernels SELECTED;
  private static final String REASON;
  private static volatile Kernels override;

  static {
    Kernels chosen = ScalarKernels.INSTANCE;
    String reason;
    String forced = System.getProperty("mtf.kernels", "").trim();
    if (forced.equalsIgnoreCase("scalar")) {
      reason = "forced by -Dmtf.kernels=scalar";
    } else if (!forced.isEmpty() && !forced.equalsIgnoreCase("vector")) {
      throw new IllegalArgumentException(
          "system property mtf.kernels must be 'scalar' or 'vector', got '" + forced + "'");
    } else {
      Optional<Kernels> v = loadVector();
      if (v.isPresent()) {
        chosen = v.get();
        reason = "module " + VECTOR_MODULE + " is readable";
      } else if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
        reason = "module " + VECTOR_MODULE + " is not readable (start the JVM with --add-modules "
            + VECTOR_MODULE + " for the SIMD path)";
      } else {
        reason = "the Vector API kernels failed to load: " + loadFailure;
      }
    }
    SELECTED = chosen;
    REASON = reason;
    LOG.info("mtf-engine kernels: {} ({})", chosen.name(), reason);
  }

  private KernelPath() {}

  /** The active kernels (the start-up choice, unless a test has overridden it). */
  public static Kernels active() {
    Kernels o = override;
    return o != null ? o : SELECTED;
  }

  /** Why the start-up choice was made, for logs and run metadata. */
  public static String reason() {
    return REASON;
  }

  /** The Vector API kernels when the module is readable and they link, else empty. */
  public static Optional<Kernels> vector() {
    return SELECTED != ScalarKernels.INSTANCE ? Optional.of(SELECTED) : loadVector();
  }

  /**
   * Makes {@code kernels} active until the returned handle is closed. For tests that compare kernel
   * paths; not for concurrent use.
   */
  public static AutoCloseable use(Kernels kernels) {
    Kernels previous = override;
    override = kernels;
    return () -> override = previous;
  }

  private static Optional<Kernels> loadVector() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return Optional.empty();
    }
    try {
      Class<?> c = Class.forName(VECTOR_CLASS);
      return Optional.of((Kernels) c.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      loadFailure = e.toString();
      return Optional.empty();
    }
  }
}
