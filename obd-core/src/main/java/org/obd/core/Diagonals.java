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
        "exact Hessian diagonal by per-sample backpropagation of Hessian factors, residuals included",
        o -> new Methods.Exact());
    register(
        "ggn",
        "exact diagonal of the generalised Gauss-Newton matrix (cost ~ outputs x a gradient at most)",
        o -> new Methods.Ggn());
    register(
        "becker-lecun",
        "Becker-LeCun backpropagated diagonal, Levenberg-Marquardt form (cost ~1 gradient)",
        o -> new Methods.BeckerLeCun(false));
    register(
        "becker-lecun-full",
        "Becker-LeCun backpropagated diagonal with the f'' term (cost ~1.5 gradients)",
        o -> new Methods.BeckerLeCun(true));
    register(
        "hutchinson",
        "Hutchinson estimate: mean of z*Hz over Rademacher probes (options probes, seed; ~2-3"
            + " gradients per probe)",
        Methods.Hutchinson::new);
    register(
        "fisher",
        "empirical Fisher diagonal (1/N) sum of squared per-sample gradients (cost ~1-2 gradients)",
        o -> new Methods.Fisher());
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
