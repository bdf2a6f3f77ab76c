package dev.mtfengine.mtf.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code mtf --version}: the project version (filtered into {@code version.properties} by Maven at
 * build time, so it is right in the jar and in tests alike) and the JVM running it.
 */
public final class VersionProvider implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** The project version, or {@code "unknown"} when the resource was not filtered. */
  static String version() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String v = p.getProperty("version", "unknown");
    return v.startsWith("${") ? "unknown" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "mtf (mtf-engine) " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
          + ", " + System.getProperty("java.vendor") + ")"
    };
  }
}
