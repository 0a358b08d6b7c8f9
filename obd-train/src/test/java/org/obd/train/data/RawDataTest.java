package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.obd.core.Shape;

class RawDataTest {

  private static DMatrixRMaj matrix(int rows, int cols, double... values) {
    return DMatrixRMaj.wrap(rows, cols, values);
  }

  @Test
  void arraysAreCopiedInAndOut() {
    DMatrixRMaj x = matrix(2, 2, 1, 2, 3, 4);
    int[] labels = {0, 1};
    RawData r = RawData.labelled("src", Shape.flat(2), x, labels, 2);
    x.data[0] = 99;
    labels[0] = 1;
    assertEquals(1.0, r.inputs().get(0, 0), 0.0, "the constructor copied the inputs");
    assertArrayEquals(new int[] {0, 1}, r.labels(), "the constructor copied the labels");
    r.inputs().data[1] = 99;
    r.labels()[1] = 0;
    assertEquals(2.0, r.inputs().get(0, 1), 0.0, "inputs() returns a copy");
    assertArrayEquals(new int[] {0, 1}, r.labels(), "labels() returns a copy");

    DMatrixRMaj y = matrix(2, 1, 5, 6);
    RawData v = RawData.regression("src", new Shape(1, 1, 2), matrix(2, 2, 1, 2, 3, 4), y);
    y.data[0] = 0;
    v.values().data[1] = 0;
    assertArrayEquals(new double[] {5, 6}, v.values().data, 0.0);
  }

  @Test
  void equalityIsByValue() {
    RawData a = RawData.labelled("s", Shape.flat(1), matrix(2, 1, 1, 2), new int[] {0, 1}, 2);
    RawData b = RawData.labelled("s", Shape.flat(1), matrix(2, 1, 1, 2), new int[] {0, 1}, 2);
    RawData c = RawData.labelled("s", Shape.flat(1), matrix(2, 1, 1, 3), new int[] {0, 1}, 2);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
    assertEquals("RawData[s: 2 samples of shape [1], 2 classes]", a.toString());
  }

  @Test
  void inconsistentDataAreRejectedNamingTheSource() {
    DMatrixRMaj x = matrix(2, 2, 1, 2, 3, 4);
    assertMessage(
        "src: 2 input values per sample, expected 3 for input shape [3]",
        () -> RawData.labelled("src", Shape.flat(3), x, new int[] {0, 0}, 1));
    assertMessage(
        "src: 2 samples but 1 labels",
        () -> RawData.labelled("src", Shape.flat(2), x, new int[] {0}, 1));
    assertMessage(
        "src: label of sample 1 is 2, expected a class index in 0..1",
        () -> RawData.labelled("src", Shape.flat(2), x, new int[] {0, 2}, 2));
    assertMessage(
        "src: expected either class labels or real target values, found both",
        () -> new RawData("src", Shape.flat(2), x, new int[] {0, 0}, 1, matrix(2, 1, 0, 0)));
    assertMessage(
        "src: expected either class labels or real target values, found neither",
        () -> new RawData("src", Shape.flat(2), x, null, 0, null));
    assertMessage(
        "src: input 1 of sample 0 must be finite, found NaN",
        () ->
            RawData.labelled(
                "src", Shape.flat(2), matrix(1, 2, 0, Double.NaN), new int[] {0}, 1));
    assertMessage(
        "src: 2 samples but 1 rows of target values",
        () -> RawData.regression("src", Shape.flat(2), x, matrix(1, 1, 0)));
    assertMessage(
        "src: no samples, expected at least 1",
        () -> RawData.labelled("src", Shape.flat(2), new DMatrixRMaj(0, 2), new int[0], 1));
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(expected, e.getMessage());
    assertTrue(e.getMessage().startsWith("src"));
  }
}
