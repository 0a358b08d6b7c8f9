package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class NormalisationTest {

  /** {@code n} rows: column 0 ~ 3 + 2·U(0,1)·k, column 1 constant 7, column 2 = row index. */
  private static DMatrixRMaj data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DMatrixRMaj m = new DMatrixRMaj(n, 3);
    for (int i = 0; i < n; i++) {
      m.set(i, 0, 3 + 20 * r.nextDouble());
      m.set(i, 1, 7);
      m.set(i, 2, i);
    }
    return m;
  }

  private static double mean(DMatrixRMaj m, int col) {
    double s = 0;
    for (int i = 0; i < m.numRows; i++) {
      s += m.get(i, col);
    }
    return s / m.numRows;
  }

  private static double sd(DMatrixRMaj m, int col) {
    double mu = mean(m, col);
    double s = 0;
    for (int i = 0; i < m.numRows; i++) {
      s += (m.get(i, col) - mu) * (m.get(i, col) - mu);
    }
    return Math.sqrt(s / m.numRows);
  }

  @Test
  void standardGivesZeroMeanAndUnitDeviationOnTheTrainingData() {
    DMatrixRMaj train = data(500, 1);
    NormalisationFit fit = Normalisation.STANDARD.fit(train);
    assertEquals("standard", fit.method());
    assertEquals(mean(train, 0), fit.offsets()[0], 1e-12);
    assertEquals(sd(train, 0), fit.scales()[0], 1e-12);
    assertEquals(249.5, fit.offsets()[2], 1e-12);
    DMatrixRMaj z = fit.apply(train);
    for (int col : new int[] {0, 2}) {
      assertEquals(0.0, mean(z, col), 1e-12, "mean of column " + col);
      assertEquals(1.0, sd(z, col), 1e-12, "standard deviation of column " + col);
    }
    assertEquals(7.0, train.get(0, 1), 0.0, "apply returns a copy");
  }

  @Test
  void minMaxMapsTheTrainingRangeToZeroOne() {
    DMatrixRMaj train = data(300, 2);
    NormalisationFit fit = Normalisation.MIN_MAX.fit(train);
    DMatrixRMaj z = fit.apply(train);
    for (int col : new int[] {0, 2}) {
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (int i = 0; i < z.numRows; i++) {
        lo = Math.min(lo, z.get(i, col));
        hi = Math.max(hi, z.get(i, col));
      }
      assertEquals(0.0, lo, 0.0, "column " + col);
      assertEquals(1.0, hi, 0.0, "column " + col);
    }
    assertEquals(0.0, fit.offsets()[2], 0.0);
    assertEquals(299.0, fit.scales()[2], 0.0);
  }

  @Test
  void anInputConstantOnTheTrainingDataMapsToZeroEverywhere() {
    DMatrixRMaj train = data(50, 3);
    DMatrixRMaj other = data(50, 4);
    other.set(5, 1, 100.0);
    for (Normalisation n : new Normalisation[] {Normalisation.STANDARD, Normalisation.MIN_MAX}) {
      NormalisationFit fit = n.fit(train);
      assertEquals(0.0, fit.scales()[1], 0.0, n + " marks the constant input");
      DMatrixRMaj a = fit.apply(train);
      DMatrixRMaj b = fit.apply(other);
      for (int i = 0; i < 50; i++) {
        assertEquals(0.0, a.get(i, 1), 0.0, n + " training row " + i);
        assertEquals(0.0, b.get(i, 1), 0.0, n + " other row " + i);
      }
    }
    // a constant whose mean is not exactly representable (0.1 summed 10 times is 0.9999…)
    DMatrixRMaj tenths = new DMatrixRMaj(10, 1);
    tenths.fill(0.1);
    NormalisationFit fit = Normalisation.STANDARD.fit(tenths);
    assertEquals(0.0, fit.scales()[0], 0.0);
    assertEquals(0.0, fit.apply(tenths).get(3, 0), 0.0);
  }

  @Test
  void noneLeavesInputsBitForBit() {
    DMatrixRMaj train = data(20, 5);
    train.set(0, 0, -0.0);
    NormalisationFit fit = Normalisation.NONE.fit(train);
    assertArrayEquals(new double[3], fit.offsets(), 0.0);
    assertArrayEquals(new double[] {1, 1, 1}, fit.scales(), 0.0);
    DMatrixRMaj z = fit.apply(train);
    assertNotSame(train, z);
    for (int i = 0; i < train.getNumElements(); i++) {
      assertEquals(
          Double.doubleToRawLongBits(train.data[i]), Double.doubleToRawLongBits(z.data[i]));
    }
  }

  @Test
  void otherDataKeepTheirShiftRelativeToTheTrainingFit() {
    DMatrixRMaj train = data(400, 6);
    DMatrixRMaj shifted = data(400, 6);
    for (int i = 0; i < shifted.numRows; i++) {
      shifted.set(i, 0, shifted.get(i, 0) + 50);
    }
    NormalisationFit fit = Normalisation.STANDARD.fit(train);
    double sd = sd(train, 0);
    assertEquals(50 / sd, mean(fit.apply(shifted), 0), 1e-9);
    assertEquals(1.0, sd(fit.apply(shifted), 0), 1e-9);
  }

  @Test
  void theFitIsPlainValuesThatSerialise() throws Exception {
    NormalisationFit fit = Normalisation.STANDARD.fit(data(30, 7));
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(fit);
    assertTrue(text.startsWith("{\"method\":\"standard\",\"offsets\":["), text);
    NormalisationFit back = json.readValue(text, NormalisationFit.class);
    assertEquals(fit, back);
    double[] offsets = fit.offsets();
    offsets[0] = 1e9;
    assertEquals(fit, back, "offsets() returns a copy");
  }

  @Test
  void fitsAreValidated() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NormalisationFit("standard", new double[2], new double[3]));
    assertEquals(
        "normalisation standard: 2 offsets but 3 scales, expected one of each per input",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NormalisationFit("min-max", new double[1], new double[] {-1}));
    assertTrue(e.getMessage().contains("input 0 has offset 0.0 and scale -1.0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NormalisationFit("zscore", new double[1], new double[1]));
    assertEquals(
        "unknown normalisation 'zscore'; expected one of none, standard, min-max", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Normalisation.STANDARD.fit(data(4, 1)).apply(new DMatrixRMaj(2, 2)));
    assertEquals("normalisation standard was fitted to 3 inputs, found 2", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Normalisation.MIN_MAX.fit(new DMatrixRMaj(0, 3)));
    assertEquals(
        "cannot fit normalisation 'min-max' to an empty training split", e.getMessage());
  }

  @Test
  void namesAreKebabCase() {
    assertEquals(Normalisation.MIN_MAX, Normalisation.fromName("min-max"));
    assertEquals(Normalisation.NONE, Normalisation.fromName("none"));
    assertEquals(Normalisation.STANDARD, Normalisation.fromName("standard"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Normalisation.fromName("MIN_MAX"));
    assertEquals(
        "unknown normalisation 'MIN_MAX'; expected one of none, standard, min-max",
        e.getMessage());
  }
}
