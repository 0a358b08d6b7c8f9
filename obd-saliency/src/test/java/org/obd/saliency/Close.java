package org.obd.saliency;

import static org.junit.jupiter.api.Assertions.fail;

/** The one comparison of doubles in this module's tests: relative error with an absolute floor. */
final class Close {

  private Close() {}

  static void assertClose(double expected, double actual, double rel, double abs, String what) {
    double diff = Math.abs(expected - actual);
    if (!(diff <= abs + rel * Math.abs(expected))) {
      fail(what + ": expected " + expected + " but found " + actual + " (difference " + diff
          + " > " + abs + " + " + rel + "·|expected|)");
    }
  }
}
