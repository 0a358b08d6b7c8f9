package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocked Cholesky factor and its inverse against their definitions and EJML's inverse. */
class CholeskyTest {

  /** A random symmetric positive-definite matrix {@code BᵀB/m + 0.1 I}. */
  private static double[] spd(int m, long seed) {
    Random rnd = new Random(seed);
    DMatrixRMaj b = new DMatrixRMaj(m, m);
    for (int i = 0; i < b.data.length; i++) {
      b.data[i] = rnd.nextGaussian();
    }
    DMatrixRMaj a = new DMatrixRMaj(m, m);
    CommonOps_DDRM.multTransA(b, b, a);
    CommonOps_DDRM.scale(1.0 / m, a);
    for (int i = 0; i < m; i++) {
      a.add(i, i, 0.1);
    }
    return a.data;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 63, 64, 65, 130, 200})
  void theFactorReproducesTheMatrixAndItsInverseGivesTheMatrixInverse(int m) {
    double[] a = spd(m, m);
    double[] l = a.clone();
    assertTrue(Cholesky.factor(l, m));
    double worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (j > i) {
          assertEquals(0.0, l[i * m + j], "strict upper triangle");
        }
        double s = 0;
        for (int k = 0; k < m; k++) {
          s += l[i * m + k] * l[j * m + k];
        }
        worst = Math.max(worst, Math.abs(s - a[i * m + j]));
      }
    }
    assertTrue(worst < 1e-12, "L·Lᵀ = A, worst " + worst);
    double[] x = Cholesky.invertLower(l, m);
    DMatrixRMaj inverse = new DMatrixRMaj(m, m);
    assertTrue(CommonOps_DDRM.invert(new DMatrixRMaj(m, m, true, a), inverse));
    double scale = CommonOps_DDRM.elementMaxAbs(inverse);
    worst = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (j > i) {
          assertEquals(0.0, x[i * m + j], "L⁻¹ is lower triangular");
        }
        double s = 0;
        for (int k = 0; k < m; k++) {
          s += x[k * m + i] * x[k * m + j];
        }
        worst = Math.max(worst, Math.abs(s - inverse.get(i, j)));
      }
    }
    assertTrue(worst < 1e-10 * scale, "Xᵀ·X = A⁻¹, worst " + worst + " of " + scale);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 70, 140})
  void aMatrixThatIsNotPositiveDefiniteIsRefused(int m) {
    double[] a = spd(m, 3);
    a[(m - 1) * m + m - 1] = -1.0;
    assertFalse(Cholesky.factor(a.clone(), m), "a negative pivot in the last block");
    double[] nan = spd(m, 4);
    nan[0] = Double.NaN;
    assertFalse(Cholesky.factor(nan, m));
  }
}
