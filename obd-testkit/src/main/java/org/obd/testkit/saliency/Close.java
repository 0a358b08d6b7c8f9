package org.obd.testkit.saliency;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The comparison of doubles used by the saliency contract and tests: relative error with an
 * absolute floor, {@code |expected − actual| ≤ abs + rel·|expected|}.
 */
public final class Close {

  private Close() {}

  /** Fails with both values and the tolerance unless {@code actual} is close to {@code expected}. */
  public static void assertClose(
      double expected, double actual, double rel, double abs, String what) {
    double diff = Math.abs(expected - actual);
    if (!(diff <= abs + rel * Math.abs(expected))) {
      fail(what + ": expected " + expected + " but found " + actual + " (difference " + diff
          + " > " + abs + " + " + rel + "·|expected|)");
    }
  }
}
