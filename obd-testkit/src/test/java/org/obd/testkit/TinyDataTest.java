package org.obd.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.obd.core.Dataset;

/** The tiny data sets hold exactly what their Javadoc promises. */
class TinyDataTest {

  @Test
  void xorHasFourSamplesAndOneRealTarget() {
    Dataset d = TinyData.xor();
    assertEquals(4, d.size());
    assertEquals(2, d.inputSize());
    assertEquals(1, d.targetSize());
    double[][] x = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}};
    double[] y = {-1, 1, 1, -1};
    for (int n = 0; n < 4; n++) {
      assertArrayEquals(x[n], d.input(n), 0.0);
      assertArrayEquals(new double[] {y[n]}, d.target(n), 0.0);
    }
  }

  @Test
  void parityCountsInBinaryAndLabelsOddCountsAsClassOne() {
    Dataset d = TinyData.parity(3);
    assertEquals(8, d.size());
    assertEquals(3, d.inputSize());
    assertEquals(2, d.targetSize());
    // sample 6 = binary 110: inputs +1, +1, −1; two ones: even, class 0
    assertArrayEquals(new double[] {1, 1, -1}, d.input(6), 0.0);
    assertArrayEquals(new double[] {1, 0}, d.target(6), 0.0);
    // sample 7 = 111: odd, class 1
    assertArrayEquals(new double[] {0, 1}, d.target(7), 0.0);
    for (int n = 0; n < 8; n++) {
      int ones = 0;
      for (double v : d.input(n)) {
        ones += v > 0 ? 1 : 0;
      }
      assertEquals(ones % 2, d.target(n)[1], 0.0, "parity of sample " + n);
    }
    assertArrayEquals(TinyData.parity(2).inputs().data, TinyData.xor().inputs().data, 0.0);
  }

  @Test
  void parityRejectsBitCountsOutsideItsRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TinyData.parity(0));
    assertEquals("parity bits must be between 1 and 16, found 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TinyData.parity(17));
  }

  @Test
  void spiralsAreSeededBalancedAndInsideTheUnitDisc() {
    Dataset a = TinyData.spirals(200, 5);
    Dataset b = TinyData.spirals(200, 5);
    Dataset c = TinyData.spirals(200, 6);
    assertArrayEquals(a.inputs().data, b.inputs().data, 0.0);
    assertFalse(java.util.Arrays.equals(a.inputs().data, c.inputs().data));
    assertEquals(2, a.inputSize());
    assertEquals(2, a.targetSize());
    int ones = 0;
    for (int n = 0; n < a.size(); n++) {
      assertArrayEquals(new double[] {n % 2 == 0 ? 1 : 0, n % 2}, a.target(n), 0.0);
      ones += n % 2;
      double[] x = a.input(n);
      assertTrue(Math.hypot(x[0], x[1]) < 1.1, "sample " + n + " lies far outside the unit disc");
    }
    assertEquals(100, ones);
    assertThrows(IllegalArgumentException.class, () -> TinyData.spirals(1, 0));
  }
}
