package org.obd.saliency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.obd.core.HessianDiagonal;

/**
 * Validation of Hessian-diagonal method names in options records. A name is valid when it is one
 * of DESIGN §2's methods or registered in {@link HessianDiagonal#names()}: the documented list
 * lets a typo fail when the options are read (not at scoring time) while obd-core is still adding
 * its methods; the registry lets methods added to obd-core later be used without touching this
 * module. Once every documented method is registered the first list is a subset of the second.
 */
final class CurvatureMethods {

  /** DESIGN §2's Hessian-diagonal methods. */
  static final List<String> DOCUMENTED =
      List.of("exact", "ggn", "becker-lecun", "becker-lecun-full", "hutchinson", "fisher");

  private CurvatureMethods() {}

  static List<String> valid() {
    Set<String> s = new LinkedHashSet<>(DOCUMENTED);
    s.addAll(HessianDiagonal.names());
    return new ArrayList<>(s);
  }

  /**
   * @throws IllegalArgumentException naming the option key, the value and the valid names
   */
  static String check(String key, String method) {
    List<String> valid = valid();
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
