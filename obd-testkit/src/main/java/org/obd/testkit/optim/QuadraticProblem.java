package org.obd.testkit.optim;

import java.util.Random;
import org.obd.core.Mask;
import org.obd.train.optim.StepObjective;

/**
 * A seeded, well-conditioned convex quadratic {@code E(θ) = ½ θᵀAθ − bᵀθ} for testing optimizers:
 * {@code A} symmetric positive definite with eigenvalues spread evenly over {@code [1, 10]}
 * (condition number 10) and random orthonormal eigenvectors, {@code b} standard normal, a
 * starting point uniform in {@code [−3, 3]ⁿ}; all from {@code java.util.Random(seed)}, so the same
 * seed gives the same problem on every JVM. Its gradient {@code Aθ − b} and Hessian diagonal
 * {@code A_kk} are exact, and its minimum over the parameters a mask leaves is known (a Cholesky
 * solve). Immutable; values are unitless.
 */
public final class QuadraticProblem {

  /** The smallest eigenvalue of {@code A}. */
  public static final double SMALLEST_EIGENVALUE = 1;

  /** The largest eigenvalue of {@code A}: a gradient step is stable for a rate below 2/10. */
  public static final double LARGEST_EIGENVALUE = 10;

  private final double[][] a;
  private final double[] b;
  private final double[] start;

  private QuadraticProblem(double[][] a, double[] b, double[] start) {
    this.a = a;
    this.b = b;
    this.start = start;
  }

  /**
   * The problem of that dimension and seed.
   *
   * @param dimension the number of parameters, at least 1
   */
  public static QuadraticProblem random(int dimension, long seed) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be 1 or greater, found " + dimension);
    }
    int n = dimension;
    Random r = new Random(seed);
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        q[i][k] = r.nextGaussian();
      }
      for (int j = 0; j < i; j++) { // Gram–Schmidt, twice for accuracy
        for (int pass = 0; pass < 2; pass++) {
          double d = dot(q[i], q[j]);
          for (int k = 0; k < n; k++) {
            q[i][k] -= d * q[j][k];
          }
        }
      }
      double norm = Math.sqrt(dot(q[i], q[i]));
      for (int k = 0; k < n; k++) {
        q[i][k] /= norm;
      }
    }
    double[][] a = new double[n][n];
    for (int e = 0; e < n; e++) {
      double lambda =
          n == 1
              ? SMALLEST_EIGENVALUE
              : SMALLEST_EIGENVALUE
                  + (LARGEST_EIGENVALUE - SMALLEST_EIGENVALUE) * e / (n - 1);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          a[i][j] += lambda * q[e][i] * q[e][j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        a[i][j] = a[j][i];
      }
    }
    double[] b = new double[n];
    double[] start = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = r.nextGaussian();
    }
    for (int i = 0; i < n; i++) {
      start[i] = 6 * r.nextDouble() - 3;
    }
    return new QuadraticProblem(a, b, start);
  }

  /** The number of parameters. */
  public int dimension() {
    return b.length;
  }

  /** A copy of {@code A}. */
  public double[][] hessian() {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /** A copy of {@code b}. */
  public double[] linear() {
    return b.clone();
  }

  /** A copy of the seeded starting point (no entry deleted: apply a mask to it). */
  public double[] start() {
    return start.clone();
  }

  /** {@code E(θ)}; deleted entries of {@code θ} must already be 0. */
  public double value(double[] theta) {
    double e = 0;
    for (int i = 0; i < b.length; i++) {
      e += theta[i] * (0.5 * dot(a[i], theta) - b[i]);
    }
    return e;
  }

  /** The minimiser over the parameters {@code mask} leaves (deleted entries +0.0). */
  public double[] minimiser(Mask mask) {
    int n = b.length;
    int[] kept = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (!mask.isDeleted(k)) {
        kept[m++] = k;
      }
    }
    double[][] l = new double[m][m]; // Cholesky factor of A restricted to the kept parameters
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[kept[i]][kept[j]];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    double[] z = new double[m];
    for (int i = 0; i < m; i++) {
      double s = b[kept[i]];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * z[k];
      }
      z[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = m - 1; i >= 0; i--) {
      double s = z[i];
      for (int k = i + 1; k < m; k++) {
        s -= l[k][i] * x[kept[k]];
      }
      x[kept[i]] = s / l[i][i];
    }
    return x;
  }

  /** {@code E} at {@link #minimiser(Mask)}: the least value with the deleted parameters at 0. */
  public double minimum(Mask mask) {
    return value(minimiser(mask));
  }

  /**
   * The problem as an optimizer sees it under {@code mask}: exact gradient and exact Hessian
   * diagonal (whatever method is named), deleted entries +0.0. It counts its calls.
   */
  public Objective objective(Mask mask) {
    return new Objective(mask);
  }

  /** {@link QuadraticProblem} under a mask, as a {@link StepObjective}; allocates nothing. */
  public final class Objective implements StepObjective {

    private final Mask mask;
    private int evaluations;
    private int diagonalEvaluations;

    private Objective(Mask mask) {
      if (mask.size() != b.length) {
        throw new IllegalArgumentException(
            "the mask covers " + mask.size() + " parameters, the problem has " + b.length);
      }
      this.mask = mask;
    }

    /** The mask it was built with. */
    public Mask mask() {
      return mask;
    }

    /** Calls of {@link #valueAndGradient} and {@link #valueGradientAndDiagonal} so far. */
    public int evaluations() {
      return evaluations;
    }

    /** Calls of {@link #valueGradientAndDiagonal} so far. */
    public int diagonalEvaluations() {
      return diagonalEvaluations;
    }

    @Override
    public int parameterCount() {
      return b.length;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      evaluations++;
      double e = 0;
      for (int i = 0; i < b.length; i++) {
        double ai = dot(a[i], theta);
        gradient[i] = ai - b[i];
        e += theta[i] * (0.5 * ai - b[i]);
      }
      mask.apply(gradient);
      return e;
    }

    @Override
    public double valueGradientAndDiagonal(double[] theta, double[] gradient, double[] diagonal) {
      diagonalEvaluations++;
      double e = valueAndGradient(theta, gradient);
      for (int i = 0; i < b.length; i++) {
        diagonal[i] = a[i][i];
      }
      mask.apply(diagonal);
      return e;
    }
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }
}
