package org.obd.train.config;

import java.util.List;
import org.obd.core.Echo;

/**
 * Common value checks for records' compact constructors. Each takes the component's kebab-case
 * key, returns the value unchanged when it passes, and otherwise throws a {@link ConfigException}
 * naming the key and the value found, e.g. {@code epochs: must be 1 or greater, found 0}.
 *
 * <p>Apart from {@link #required}, a null value passes every check: it is an optional value that
 * has no default. Replace nulls by defaults first, then check:
 *
 * <pre>{@code
 * public Training {
 *   epochs = Check.positive("epochs", epochs == null ? 10 : epochs);
 *   loss = Check.oneOf("loss", loss == null ? "mse" : loss, List.of("mse", "cross-entropy"));
 * }
 * }</pre>
 */
public final class Check {

  private Check() {}

  /**
   * A value that has no default.
   *
   * @throws ConfigException {@link ConfigException#missing} if {@code value} is null
   */
  public static <T> T required(String key, T value) {
    if (value == null) {
      throw ConfigException.missing(key);
    }
    return value;
  }

  /** An integer of 1 or more. */
  public static Integer positive(String key, Integer value) {
    if (value != null && value < 1) {
      throw ConfigException.invalid(key, "must be 1 or greater, found " + value);
    }
    return value;
  }

  /** A number greater than 0 (not NaN). */
  public static Double positive(String key, Double value) {
    if (value != null && !(value > 0)) {
      throw ConfigException.invalid(key, "must be greater than 0, found " + value);
    }
    return value;
  }

  /** An integer of 0 or more. */
  public static Integer nonNegative(String key, Integer value) {
    if (value != null && value < 0) {
      throw ConfigException.invalid(key, "must be 0 or greater, found " + value);
    }
    return value;
  }

  /** A number of 0 or more (not NaN). */
  public static Double nonNegative(String key, Double value) {
    if (value != null && !(value >= 0)) {
      throw ConfigException.invalid(key, "must be 0 or greater, found " + value);
    }
    return value;
  }

  /** A share in {@code (0, 1]}: more than nothing, at most all. */
  public static Double fraction(String key, Double value) {
    if (value != null && !(value > 0 && value <= 1)) {
      throw ConfigException.invalid(key, "must be in (0, 1], found " + value);
    }
    return value;
  }

  /** A number in the closed interval {@code [min, max]} (not NaN). */
  public static Double inRange(String key, Double value, double min, double max) {
    if (value != null && !(value >= min && value <= max)) {
      throw ConfigException.invalid(
          key, "must be in [" + number(min) + ", " + number(max) + "], found " + value);
    }
    return value;
  }

  /** One of the given strings (case-sensitive). */
  public static String oneOf(String key, String value, List<String> choices) {
    if (value != null && !choices.contains(value)) {
      throw ConfigException.invalid(
          key, "must be one of " + String.join(", ", choices) + ", found " + Echo.quote(value));
    }
    return value;
  }

  /** A list with at least one element. */
  public static <T> List<T> nonEmpty(String key, List<T> value) {
    if (value != null && value.isEmpty()) {
      throw ConfigException.invalid(key, "must not be empty");
    }
    return value;
  }

  /** {@code 3} for 3.0, {@code 0.5} for 0.5: bounds as a person writes them. */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
