package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** {@link Dataset#wrap}: the matrices themselves, checked as the copying constructor checks. */
class DatasetWrapTest {

  @Test
  void wrapKeepsTheMatricesAndTheConstructorCopiesThem() {
    DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
    DMatrixRMaj t = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
    Dataset wrapped = Dataset.wrap(x, t);
    Dataset copied = new Dataset(x, t);
    x.data[3] = 9;
    assertEquals(9.0, wrapped.input(1)[1], 0.0);
    assertEquals(4.0, copied.input(1)[1], 0.0);
    assertEquals(2, wrapped.size());
    assertEquals(1.0, wrapped.target(1)[1], 0.0);
  }

  @Test
  void wrapChecksLikeTheConstructor() {
    DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, Double.NaN}});
    DMatrixRMaj t = new DMatrixRMaj(new double[][] {{1}});
    assertEquals(
        assertThrows(IllegalArgumentException.class, () -> new Dataset(x, t)).getMessage(),
        assertThrows(IllegalArgumentException.class, () -> Dataset.wrap(x, t)).getMessage());
    DMatrixRMaj two = new DMatrixRMaj(2, 1);
    assertEquals(
        "inputs have 1 rows but targets have 2",
        assertThrows(IllegalArgumentException.class, () -> Dataset.wrap(x, two)).getMessage());
  }
}
