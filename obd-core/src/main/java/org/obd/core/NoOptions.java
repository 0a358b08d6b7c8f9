package org.obd.core;

/**
 * The options record of a {@link Descriptor} that takes none: any key in its {@code options:}
 * block is an error.
 */
public record NoOptions() {

  /** The only value. */
  public static final NoOptions INSTANCE = new NoOptions();
}
