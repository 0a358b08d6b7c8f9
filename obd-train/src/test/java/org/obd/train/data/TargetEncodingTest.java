package org.obd.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.obd.core.Shape;

class TargetEncodingTest {

  private static final RawData LABELLED =
      RawData.labelled(
          "digits.csv", Shape.flat(1), DMatrixRMaj.wrap(3, 1, new double[] {1, 2, 3}),
          new int[] {2, 0, 1}, 3);
  private static final RawData REAL =
      RawData.regression(
          "prices.csv", Shape.flat(1), DMatrixRMaj.wrap(2, 1, new double[] {1, 2}),
          DMatrixRMaj.wrap(2, 2, new double[] {0.5, -1.5, 2.5, 3}));

  @Test
  void classEncodings() {
    assertArrayEquals(
        new double[] {0, 1, 0, 0, 0, 1},
        TargetEncoding.ONE_HOT.encode(LABELLED, new int[] {2, 0}).data,
        0.0);
    assertArrayEquals(
        new double[] {-1, -1, 1, 1, -1, -1, -1, 1, -1},
        TargetEncoding.PLUS_MINUS_ONE.encodeAll(LABELLED).data,
        0.0);
    assertEquals(0, TargetEncoding.ONE_HOT.encode(LABELLED, new int[0]).numRows);
    assertEquals(3, TargetEncoding.ONE_HOT.encode(LABELLED, new int[0]).numCols);
  }

  @Test
  void realValuesPassThrough() {
    DMatrixRMaj t = TargetEncoding.VALUES.encode(REAL, new int[] {1, 0});
    assertEquals(2, t.numCols);
    assertArrayEquals(new double[] {2.5, 3, 0.5, -1.5}, t.data, 0.0);
  }

  @Test
  void theEncodingMustFitTheKindOfTargets() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TargetEncoding.PLUS_MINUS_ONE.encodeAll(REAL));
    assertEquals(
        "targets 'plus-minus-one' encode class labels, but prices.csv holds 2 real target values"
            + " per sample (regression data); use targets 'values'",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TargetEncoding.VALUES.checkFits(LABELLED));
    assertEquals(
        "targets 'values' pass real target values through, but digits.csv holds class labels (3"
            + " classes); use one of one-hot, plus-minus-one",
        e.getMessage());
  }

  @Test
  void namesAreKebabCase() {
    assertEquals(TargetEncoding.ONE_HOT, TargetEncoding.fromName("one-hot"));
    assertEquals(TargetEncoding.PLUS_MINUS_ONE, TargetEncoding.fromName("plus-minus-one"));
    assertEquals(TargetEncoding.VALUES, TargetEncoding.fromName("values"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TargetEncoding.fromName("onehot"));
    assertEquals(
        "unknown target encoding 'onehot'; expected one of one-hot, plus-minus-one, values",
        e.getMessage());
  }
}
