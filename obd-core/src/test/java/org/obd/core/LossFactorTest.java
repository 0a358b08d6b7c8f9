package org.obd.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Each loss's factorisation of its Hessian ({@link Loss#hessianFactor}): as many rows as {@link
 * Loss#factorRows} says, summing to the Hessian the Hessian-vector products apply.
 */
class LossFactorTest {

  /** {@code Σ_r u_r u_rᵀ} of one sample, {@code C × C}. */
  private static double[][] outerSum(DMatrixRMaj factor, int sample, int k, int c) {
    double[][] h = new double[c][c];
    for (int r = 0; r < k; r++) {
      int base = (sample * k + r) * c;
      for (int i = 0; i < c; i++) {
        for (int j = 0; j < c; j++) {
          h[i][j] += factor.data[base + i] * factor.data[base + j];
        }
      }
    }
    return h;
  }

  /**
   * Random logits (some samples confident, some with ties), one-hot, soft and all-zero targets:
   * the factor rows' outer products sum to the loss Hessian, column by column as {@code
   * hessianVector} applies it to unit vectors, for 1 to 6 outputs. Cross-entropy needs {@code C −
   * 1} rows (its Hessian annihilates {@code 1}), mse {@code C}.
   */
  @Test
  void factorRowsSumToTheHessian() {
    Random rnd = new Random(5);
    for (Loss loss : Loss.values()) {
      for (int c = 1; c <= 6; c++) {
        int k = loss.factorRows(c);
        assertEquals(loss == Loss.MSE ? c : Math.max(1, c - 1), k, loss + ", C = " + c);
        int rows = 12;
        DMatrixRMaj o = new DMatrixRMaj(rows, c);
        DMatrixRMaj y = new DMatrixRMaj(rows, c);
        for (int n = 0; n < rows; n++) {
          double spread = n % 3 == 0 ? 40 : 3;
          for (int j = 0; j < c; j++) {
            o.set(n, j, n % 4 == 1 ? 0.5 : spread * rnd.nextGaussian());
          }
          if (n % 5 == 2) {
            for (int j = 0; j < c; j++) {
              y.set(n, j, rnd.nextDouble());
            }
          } else if (n % 5 != 4) {
            y.set(n, rnd.nextInt(c), 1.0);
          }
        }
        DMatrixRMaj g = new DMatrixRMaj(rows, c);
        DMatrixRMaj probs = new DMatrixRMaj(rows, c);
        loss.valueAndGradient(o, y, rows, g, 1.0, probs);
        double scale = 0.37;
        DMatrixRMaj factor = new DMatrixRMaj(rows * k, c);
        loss.hessianFactor(y, rows, probs, Math.sqrt(scale), factor);
        DMatrixRMaj v = new DMatrixRMaj(rows, c);
        DMatrixRMaj hv = new DMatrixRMaj(rows, c);
        for (int col = 0; col < c; col++) {
          v.zero();
          for (int n = 0; n < rows; n++) {
            v.set(n, col, 1.0);
          }
          loss.hessianVector(y, rows, probs, v, hv, scale);
          for (int n = 0; n < rows; n++) {
            double[][] h = outerSum(factor, n, k, c);
            for (int i = 0; i < c; i++) {
              double expected = hv.get(n, i);
              assertEquals(expected, h[i][col], 1e-15 + 1e-13 * Math.abs(expected),
                  loss + ", C = " + c + ", sample " + n + ", (" + i + ", " + col + ")");
            }
          }
        }
      }
    }
  }

  /**
   * On a confident sample ({@code 1 − p_ĉ ≈ 1e-13}) the cross-entropy factor, built about the most
   * probable class, keeps the digits of every entry of the Hessian, the smallest ({@code p_i (δ_ij
   * − p_j)} for the other classes) included: none is a difference of nearly equal numbers.
   */
  @Test
  void crossEntropyFactorKeepsTheDigitsOfConfidentSamples() {
    int c = 4;
    DMatrixRMaj o = new DMatrixRMaj(new double[][] {{0.0, -31.0, -30.0, -32.5}});
    DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 0, 1, 0}});
    DMatrixRMaj probs = new DMatrixRMaj(1, c);
    Loss.SOFTMAX_CROSS_ENTROPY.valueAndGradient(o, y, 1, new DMatrixRMaj(1, c), 1.0, probs);
    int k = Loss.SOFTMAX_CROSS_ENTROPY.factorRows(c);
    DMatrixRMaj factor = new DMatrixRMaj(k, c);
    Loss.SOFTMAX_CROSS_ENTROPY.hessianFactor(y, 1, probs, 1.0, factor);
    double[][] h = outerSum(factor, 0, k, c);
    double[] p = probs.data;
    assertTrue(1 - p[0] < 1e-12, "a confident sample: p = " + java.util.Arrays.toString(p));
    for (int i = 1; i < c; i++) {
      for (int j = 1; j < c; j++) {
        double expected = (i == j ? p[i] * (1 - p[j]) : -p[i] * p[j]);
        assertEquals(expected, h[i][j], 1e-13 * Math.abs(expected), "(" + i + ", " + j + ")");
      }
      // the entries with the most probable class, −p_i p_ĉ, from the other classes alone
      assertEquals(-p[i] * p[0], h[i][0], 1e-13 * p[i] * p[0], "(" + i + ", 0)");
    }
    // the rows' component along the most probable class keeps ĉ's entry, p_ĉ (1 − p_ĉ), where
    // 1 − p_ĉ is taken as the other classes' sum
    double others = p[1] + p[2] + p[3];
    assertEquals(p[0] * others, h[0][0], 1e-13 * p[0] * others);
  }
}
