package org.obd.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The registry of built-in Hessian-diagonal methods, by config name. */
final class Diagonals {

  private static final Map<String, Entry> METHODS = new LinkedHashMap<>();

  private record Entry(String summary, Function<CurvatureOptions, HessianDiagonal> factory) {}

  static {
    register(
        "exact",
        "exact diagonal of the Hessian, one Hessian-vector product per parameter (cost ~3P gradients)",
        o -> new ExactDiagonal());
  }

  private Diagonals() {}

  private static void register(
      String name, String summary, Function<CurvatureOptions, HessianDiagonal> factory) {
    METHODS.put(name, new Entry(summary, factory));
  }

  static HessianDiagonal byName(String name, CurvatureOptions options) {
    Entry e = METHODS.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "unknown Hessian-diagonal method '" + name + "'; expected one of "
              + String.join(", ", names()));
    }
    return e.factory().apply(options);
  }

  static List<String> names() {
    return new ArrayList<>(METHODS.keySet());
  }

  static String summary(String name) {
    return METHODS.get(name).summary();
  }
}
