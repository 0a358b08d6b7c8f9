package org.obd.saliency;

import java.util.List;
import org.obd.core.HessianDiagonal;

/**
 * Validation of Hessian-diagonal method names in options records, against obd-core's registry
 * ({@link HessianDiagonal#names()}), so that a typo fails when the options are read rather than at
 * scoring time, and a method added to obd-core is usable here without touching this module.
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
              + (method == null ? "nothing" : "'" + method + "'"));
    }
    return method;
  }

  static void checkProbes(int probes) {
    if (probes < 1) {
      throw new IllegalArgumentException(
          "option 'probes' must be 1 or greater, found " + probes);
    }
  }
}
