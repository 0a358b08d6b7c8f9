package org.obd.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known cases of {@link Tolerances}: the comparison, its edge values and its messages. */
class TolerancesTest {

  private static final Tolerances T = new Tolerances(1e-3, 1e-2);

  @Test
  void acceptsUpToAbsolutePlusRelativeTimesTheLargerMagnitude() {
    // bound at e = 100: 1e-3 + 1e-2 · 101 = 1.011 for a = 101
    assertTrue(T.close(100, 101));
    assertFalse(T.close(100, 101.02));
    // near 0 the absolute floor decides
    assertTrue(T.close(0, 9e-4));
    assertFalse(T.close(0, 2e-3));
    assertEquals(1e-3 + 1e-2 * 5, T.bound(-5, 3), 0.0);
  }

  @Test
  void equalValuesAreCloseAndNaNNeverIs() {
    assertTrue(new Tolerances(0, 0).close(0.1, 0.1));
    assertFalse(new Tolerances(0, 0).close(0.1, Math.nextUp(0.1)));
    assertTrue(T.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertFalse(T.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertFalse(T.close(Double.NaN, Double.NaN));
    assertFalse(T.close(0, Double.NaN));
  }

  @Test
  void scaledAbsoluteWidensOnlyTheFloor() {
    Tolerances s = T.scaledAbsolute(10);
    assertEquals(new Tolerances(1e-2, 1e-2), s);
    assertThrows(IllegalArgumentException.class, () -> T.scaledAbsolute(-1));
  }

  @Test
  void rejectsNegativeOrNonFiniteParts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Tolerances(-1e-9, 0));
    assertTrue(e.getMessage().contains("tolerances.absolute") && e.getMessage().contains("-1.0E-9"));
    assertThrows(IllegalArgumentException.class, () -> new Tolerances(0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Tolerances(Double.POSITIVE_INFINITY, 0));
  }

  @Test
  void vectorFailureNamesIndexParameterValuesAndTolerance() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                T.assertClose(
                    "gradient",
                    new double[] {1, 2, 3},
                    new double[] {1, 2.5, 3},
                    List.of("layer0.bias[0]", "layer0.bias[1]", "layer0.bias[2]")));
    String m = e.getMessage();
    assertTrue(m.startsWith("gradient: entry 1 (layer0.bias[1]) differs"), m);
    assertTrue(m.contains("expected 2.0 but was 2.5"), m);
    assertTrue(m.contains("tolerance 0.026"), m);
    AssertionError plain =
        assertThrows(
            AssertionError.class, () -> T.assertClose("v", new double[] {0}, new double[] {1}));
    assertTrue(plain.getMessage().startsWith("v: entry 0 differs"), plain.getMessage());
  }

  @Test
  void scalarFailureNamesTheQuantity() {
    AssertionError e = assertThrows(AssertionError.class, () -> T.assertClose("E", 1.0, 2.0));
    assertTrue(e.getMessage().startsWith("E: expected 1.0 but was 2.0"), e.getMessage());
    T.assertClose("E", 1.0, 1.001);
  }

  @Test
  void lengthMismatchFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> T.assertClose("g", new double[2], new double[3]));
    assertEquals("g: expected 2 entries but was 3", e.getMessage());
  }

  @Test
  void identicalDistinguishesSignedZeros() {
    Tolerances.assertIdentical("v", new double[] {0.0, Double.NaN}, new double[] {0.0, Double.NaN}, null);
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Tolerances.assertIdentical("v", new double[] {0.0}, new double[] {-0.0}, null));
    assertTrue(e.getMessage().startsWith("v: entry 0 is not bit-identical"), e.getMessage());
  }
}
