package org.obd.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one Spark context of the test JVM: {@code local[2]} with retries ({@code local[2,4]}), the
 * UI off, bound to 127.0.0.1; started on first use and stopped when the JVM ends.
 */
final class SparkTests {

  private SparkTests() {}

  private static final class Holder {
    static final JavaSparkContext CONTEXT = start();

    private static JavaSparkContext start() {
      JavaSparkContext sc = new JavaSparkContext(
          Contexts.conf("local[2]", "obd-spark tests", Contexts.MAX_FAILURES)
              .set("spark.ui.enabled", "false")
              .set("spark.driver.host", "127.0.0.1")
              .set("spark.driver.bindAddress", "127.0.0.1"));
      Runtime.getRuntime().addShutdownHook(new Thread(sc::stop));
      return sc;
    }
  }

  static JavaSparkContext context() {
    return Holder.CONTEXT;
  }
}
