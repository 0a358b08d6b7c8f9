package org.obd.core;

import java.util.Arrays;

/**
 * The Cholesky factor of a dense symmetric positive-definite matrix and the factor's inverse,
 * blocked so that nearly all the work runs in {@link Gemm}'s products: for inverse Hessians over a
 * few thousand parameters (Optimal Brain Surgeon), where EJML's block decomposition and inverse run
 * at a fraction of the kernel's speed.
 *
 * <p>Matrices are row-major {@code m × m} arrays. With {@code A = L·Lᵀ} and {@code X = L⁻¹} (both
 * lower triangular), {@code A⁻¹ = Xᵀ·X}: its diagonal is the column sums of squares of {@code X},
 * and any of its columns is {@code Xᵀ} times the same column of {@code X}, so a caller that needs
 * the diagonal and a few columns of {@code A⁻¹} never forms all of it.
 */
public final class Cholesky {

  /** Block size: the diagonal blocks are factored and inverted element by element. */
  static final int NB = 64;

  private Cholesky() {}

  /**
   * Overwrites {@code a} by the lower-triangular {@code L} with {@code A = L·Lᵀ}, the strict upper
   * triangle set to 0. Only the lower triangle of {@code A} is read.
   *
   * @param a {@code A}, row-major {@code m × m}
   * @param m the order
   * @return false when a pivot is not positive and finite: {@code A} is not (numerically)
   *     positive definite, and {@code a} holds partial results
   */
  public static boolean factor(double[] a, int m) {
    double[] panel = new double[Math.max(1, (m - Math.min(NB, m)) * NB)];
    double[] negated = new double[panel.length];
    for (int j = 0; j < m; j += NB) {
      int nb = Math.min(NB, m - j);
      // the diagonal block, which has had every update from the blocks to its left
      for (int c = j; c < j + nb; c++) {
        double d = a[c * m + c];
        for (int k = j; k < c; k++) {
          d -= a[c * m + k] * a[c * m + k];
        }
        if (!(d > 0) || !Double.isFinite(d)) {
          return false;
        }
        d = Math.sqrt(d);
        a[c * m + c] = d;
        for (int r = c + 1; r < j + nb; r++) {
          double s = a[r * m + c];
          for (int k = j; k < c; k++) {
            s -= a[r * m + k] * a[c * m + k];
          }
          a[r * m + c] = s / d;
        }
      }
      int rest = m - j - nb;
      if (rest == 0) {
        break;
      }
      // the panel below it: L21 = A21·L11⁻ᵀ, row by row, kept for the update
      for (int r = j + nb, p = 0; r < m; r++, p += nb) {
        for (int c = j; c < j + nb; c++) {
          double s = a[r * m + c];
          for (int k = j; k < c; k++) {
            s -= a[r * m + k] * a[c * m + k];
          }
          double v = s / a[c * m + c];
          a[r * m + c] = v;
          panel[p + c - j] = v;
          negated[p + c - j] = -v;
        }
      }
      // the trailing matrix: A22 -= L21·L21ᵀ, row block by row block up to the diagonal
      for (int i0 = j + nb; i0 < m; i0 += NB) {
        int ib = Math.min(NB, m - i0);
        int cols = i0 + ib - (j + nb);
        Gemm.gemm(false, true, ib, cols, nb, negated, (i0 - j - nb) * nb, nb, panel, 0, nb, true,
            a, i0 * m + j + nb, m);
      }
    }
    for (int r = 0; r < m; r++) {
      Arrays.fill(a, r * m + r + 1, r * m + m, 0.0);
    }
    return true;
  }

  /**
   * The inverse {@code X = L⁻¹} of a lower-triangular {@code L} with a non-zero diagonal, lower
   * triangular itself (the strict upper triangle 0).
   *
   * @param l {@code L}, row-major {@code m × m} (its strict upper triangle is not read)
   * @param m the order
   * @return {@code X}, a new array
   */
  public static double[] invertLower(double[] l, int m) {
    double[] x = new double[m * m];
    // the diagonal blocks: X_ii = L_ii⁻¹ by forward substitution
    for (int i0 = 0; i0 < m; i0 += NB) {
      int ib = Math.min(NB, m - i0);
      for (int c = i0; c < i0 + ib; c++) {
        x[c * m + c] = 1.0 / l[c * m + c];
        for (int r = c + 1; r < i0 + ib; r++) {
          double s = 0;
          for (int k = c; k < r; k++) {
            s += l[r * m + k] * x[k * m + c];
          }
          x[r * m + c] = -s / l[r * m + r];
        }
      }
    }
    // below them, block column by block column: X_ij = -X_ii·(L[i, j..i)·X[j..i), j])
    double[] t = new double[NB * NB];
    double[] diag = new double[NB * NB];
    for (int j0 = 0; j0 < m; j0 += NB) {
      int jb = Math.min(NB, m - j0);
      for (int i0 = j0 + NB; i0 < m; i0 += NB) {
        int ib = Math.min(NB, m - i0);
        Gemm.gemm(false, false, ib, jb, i0 - j0, l, i0 * m + j0, m, x, j0 * m + j0, m, false, t,
            0, jb);
        for (int r = 0; r < ib; r++) {
          for (int c = 0; c < ib; c++) {
            diag[r * ib + c] = -x[(i0 + r) * m + i0 + c];
          }
        }
        Gemm.gemm(false, false, ib, jb, ib, diag, 0, ib, t, 0, jb, false, x, i0 * m + j0, m);
      }
    }
    return x;
  }
}
