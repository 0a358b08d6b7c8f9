package org.obd.train.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents a config record's component for {@link ConfigDocs}: one line of description, with
 * units where there are any, e.g. {@code @Doc("rows per minibatch") Integer batchSize}.
 *
 * <p>A required component (one whose compact constructor rejects null, see {@link
 * Check#required}) of a scalar or scalar-list type also needs an {@link #example()}: the
 * generator binds a minimal mapping of the required keys to learn the other keys' defaults from
 * the record itself. Required records, lists of records, enums and booleans need none.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Doc {

  /** What the value means, in one line of Markdown. */
  String value();

  /**
   * A valid value in YAML, e.g. {@code "[784, 30, 10]"} or {@code "data/train.csv"}; only
   * needed (and only used) for required components.
   */
  String example() default "";
}
