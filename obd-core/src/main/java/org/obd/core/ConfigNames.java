package org.obd.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The config names of enum constants: the constant's name in lower case with {@code '_'} as
 * {@code '-'} ({@code SOFTMAX_CROSS_ENTROPY} is {@code softmax-cross-entropy}, {@code LENET_8X8} is
 * {@code lenet-8x8}), the one rule for every enum a user names in a config or on the command line.
 */
public final class ConfigNames {

  private ConfigNames() {}

  /** The config name of a constant. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The config names of an enum's constants, in declaration order. */
  public static <E extends Enum<E>> List<String> all(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigNames::of).toList();
  }

  /** The config names of an enum's constants, comma separated. */
  public static <E extends Enum<E>> String list(Class<E> type) {
    return String.join(", ", all(type));
  }

  /**
   * The constant of that config name.
   *
   * @param what what a constant is called in the message, e.g. {@code loss}
   * @throws IllegalArgumentException {@code unknown <what> '<name>'; expected one of <names>}
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
    for (E e : type.getEnumConstants()) {
      if (of(e).equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + name + "'; expected one of " + list(type));
  }
}
