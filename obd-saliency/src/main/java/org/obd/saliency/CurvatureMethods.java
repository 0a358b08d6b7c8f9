package org.obd.saliency;

import java.util.List;
import java.util.Map;
import org.obd.core.Echo;
import org.obd.core.HessianDiagonal;
import org.obd.core.Registry;

/**
 * How strategies name a Hessian-diagonal method in their options: validation of the name against
 * the built-in methods ({@link HessianDiagonal#names()}), so that a typo fails when the options
 * are read rather than at scoring time, and the diagonal itself, from the context's cache, with the
 * strategy's {@code probes} passed on to a method that declares that option.
 */
final class CurvatureMethods {

  private CurvatureMethods() {}

  /**
   * @throws IllegalArgumentException naming the option key, the value and the valid names
   */
  static String check(String key, String method) {
    List<String> valid = HessianDiagonal.names();
    if (method == null || !valid.contains(method)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be one of " + String.join(", ", valid) + ", found "
              + (method == null ? "nothing" : Echo.quote(method)));
    }
    return method;
  }

  static void checkProbes(int probes) {
    if (probes < 1) {
      throw new IllegalArgumentException(
          "option 'probes' must be 1 or greater, found " + probes);
    }
  }

  /** The diagonal by {@code method} from the context's cache, with the context's seed. */
  static double[] diagonal(SaliencyContext context, String method, int probes) {
    Registry<HessianDiagonal> methods = context.curvature().methods();
    return context
        .curvature()
        .diagonal(methods.createWithShared(method, Map.of("probes", probes)), context.seed());
  }
}
