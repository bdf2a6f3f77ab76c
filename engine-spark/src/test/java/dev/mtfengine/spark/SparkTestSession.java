package dev.mtfengine.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one {@code local[2]} Spark session the test classes share (starting Spark costs seconds).
 * Driver and block manager bind to loopback: test traffic stays on 127.0.0.0/8.
 */
final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session = MtfSpark.configure(SparkSession.builder().master("local[2]").appName("engine-spark-tests"))
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
