package org.obd.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;

/**
 * What obd build is running, for provenance records and {@code obd version}: obd's version, the
 * git commit it was built from (when it was built from a git checkout), and the Java runtime and
 * operating system it runs on.
 */
public final class Version {

  private static final Properties BUILD = load();

  private Version() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read obd's version.properties", e);
    }
    return p;
  }

  private static String known(String key) {
    String v = BUILD.getProperty(key);
    return v == null || v.isBlank() || v.startsWith("${") ? null : v.strip();
  }

  /** obd's version, e.g. {@code 0.1.0-SNAPSHOT} ({@code unknown} outside a built jar). */
  public static String obd() {
    String v = known("version");
    return v == null ? "unknown" : v;
  }

  /**
   * The git commit obd was built from, 40 hex digits, with {@code -dirty} appended when the
   * checkout had uncommitted changes; null when it was not built from a git checkout.
   */
  public static String commit() {
    String c = known("commit");
    if (c == null) {
      return null;
    }
    return "true".equals(known("dirty")) ? c + "-dirty" : c;
  }

  /** The Java runtime: version and vendor, e.g. {@code 17.0.13 (Debian)}. */
  public static String java() {
    return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
  }

  /** The operating system: name, version and architecture, e.g. {@code Linux 6.1 (amd64)}. */
  public static String os() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
        + System.getProperty("os.arch") + ")";
  }

  /**
   * What runs the dense products, e.g. {@code vector-api (512-bit DoubleVector, 8x24 tiles, 2
   * threads)} or {@code plain Java (jdk.incubator.vector not enabled, 2 threads)} (see {@link
   * Gemm#backend()}).
   */
  public static String products() {
    return Gemm.backend();
  }

  /** The processors the JVM may use. */
  public static int processors() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** One line: {@code obd 0.1.0-SNAPSHOT (commit abc1234…)}. */
  public static String line() {
    String c = commit();
    return String.format(Locale.ROOT, "obd %s%s", obd(),
        c == null ? "" : " (commit " + c.substring(0, Math.min(12, c.length()))
            + (c.endsWith("-dirty") ? "-dirty" : "") + ")");
  }
}
