package org.obd.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starting Spark for the {@code obd} commands: the master URL checked and, for a local master,
 * given room for retries; a failing start is one line naming the URL.
 */
final class Contexts {

  /** The master without {@code --master}: embedded Spark on every core. */
  static final String DEFAULT_MASTER = "local[*]";

  /** How often Spark runs a task before it gives up on the job ({@code spark.task.maxFailures}). */
  static final int MAX_FAILURES = 4;

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)])?");

  private Contexts() {}

  /**
   * The master Spark is started with: a local master without a failure count ({@code local},
   * {@code local[N]}, {@code local[*]}) gets one, {@code local[N,maxFailures]}: local Spark
   * otherwise runs each task once, without retries. Other URLs are kept as given.
   */
  static String master(String url, int maxFailures) {
    Matcher m = LOCAL.matcher(url.strip());
    if (m.matches()) {
      String threads = m.group(1) == null ? "1" : m.group(1);
      return "local[" + threads + "," + maxFailures + "]";
    }
    return url.strip();
  }

  /** The configuration of every context obd starts (the UI off unless the user's conf sets it). */
  static SparkConf conf(String master, String app, int maxFailures) {
    return new SparkConf()
        .setMaster(master(master, maxFailures))
        .setAppName(app)
        .setIfMissing("spark.ui.enabled", "false")
        .setIfMissing("spark.task.maxFailures", Integer.toString(maxFailures))
        .setIfMissing("spark.ui.showConsoleProgress", "false");
  }

  /**
   * The forms of master URL Spark 4 takes: local ones, a standalone cluster ({@code spark://}, also
   * {@code spark://h1:p1,h2:p2}), YARN and Kubernetes ({@code k8s://}).
   */
  private static final Pattern URL = Pattern.compile(
      "local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|local-cluster\\[[0-9]+, *[0-9]+, *[0-9]+]"
          + "|yarn|(spark|k8s)://\\S+");

  /**
   * Checks the form of a master URL before Spark starts.
   *
   * @throws IllegalArgumentException naming the value and the valid forms
   */
  static void check(String master) {
    if (!URL.matcher(master.strip()).matches()) {
      throw new IllegalArgumentException("--master: '" + master + "' is not a Spark master URL;"
          + " expected local, local[N], local[*], local[N,F] (F attempts per task),"
          + " spark://host:port, yarn or k8s://https://host:port");
    }
  }

  /**
   * Starts a Spark context.
   *
   * @throws IllegalArgumentException naming the master URL when Spark cannot start on it
   */
  static JavaSparkContext start(String master, String app, int maxFailures) {
    check(master);
    try {
      return new JavaSparkContext(conf(master, app, maxFailures));
    } catch (Exception e) { // SparkException is checked in Scala's eyes, thrown undeclared
      Throwable c = e;
      while (c.getCause() != null && c.getMessage() == null) {
        c = c.getCause();
      }
      throw new IllegalArgumentException("--master: cannot start Spark on '" + master + "': "
          + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), e);
    }
  }
}
