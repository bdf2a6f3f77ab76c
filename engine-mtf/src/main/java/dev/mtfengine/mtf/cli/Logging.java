package dev.mtfengine.mtf.cli;

/**
 * The command line's SLF4J binding is slf4j-simple (the libraries only use the SLF4J API,
 * design.md). It is configured through system properties, which must be set before the first
 * logger exists; values given with {@code -D} on the java command line win. The result is one
 * plain line per message on stderr, e.g. {@code INFO mtf-engine kernels: vector-256 (module
 * jdk.incubator.vector is readable)}: no thread or logger name, which mean nothing to a user.
 */
final class Logging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** Sets the defaults; {@code debug} lowers the level so library debug lines appear. */
  static void configure(boolean debug) {
    setIfAbsent("logFile", "System.err");
    setIfAbsent("defaultLogLevel", debug ? "debug" : "info");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showLogName", "false");
    setIfAbsent("showShortLogName", "false");
    setIfAbsent("showDateTime", "false");
    setIfAbsent("levelInBrackets", "false");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
