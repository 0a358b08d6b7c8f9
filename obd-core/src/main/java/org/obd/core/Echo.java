package org.obd.core;

/**
 * Input echoed in error messages, cut to a readable length: a message names the value it rejects,
 * but a 5 MB cell of a CSV file or string of a model file must not become a 5 MB error line.
 */
public final class Echo {

  /** The most characters of a value a message shows. */
  public static final int MAX = 60;

  private Echo() {}

  /**
   * {@code value} as it is when it has at most {@value #MAX} characters, else its first
   * {@value #MAX} characters and {@code …} (never splitting a surrogate pair); {@code null} for
   * null.
   */
  public static String abbreviate(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= MAX) {
      return value;
    }
    int end = MAX;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…";
  }

  /** {@code 'value'}, abbreviated: how messages quote a value they reject. */
  public static String quote(String value) {
    return "'" + abbreviate(value) + "'";
  }
}
