package org.obd.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Seeds: the one-step overload is the varargs form without its array. */
class SeedsTest {

  @Test
  void oneStepOverloadEqualsTheVarargsForm() {
    long[] seeds = {0, 1, -1, 42, Long.MIN_VALUE, Long.MAX_VALUE};
    for (long seed : seeds) {
      for (long p : seeds) {
        assertEquals(Seeds.derive(seed, new long[] {p}), Seeds.derive(seed, p), seed + " " + p);
      }
    }
    assertNotEquals(Seeds.derive(0, 1), Seeds.derive(0, 2));
    assertNotEquals(Seeds.derive(0, 1), Seeds.derive(0, 1, 0));
  }
}
