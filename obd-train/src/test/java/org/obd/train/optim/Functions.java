package org.obd.train.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.obd.core.Mask;

/** Test objectives with exact gradients (and diagonals): quadratic, Rosenbrock, logistic. */
final class Functions {

  private Functions() {}

  /** A function of θ with its gradient; the base of the objectives here. */
  abstract static class Function implements StepObjective {
    final int n;
    Mask mask;
    int evaluations;
    /** When non-null, every evaluation's θ, E and ∇E. */
    List<double[]> points;
    List<Double> values;
    List<double[]> gradients;

    Function(int n) {
      this.n = n;
      this.mask = Mask.none(n);
    }

    abstract double compute(double[] theta, double[] gradient);

    /** Hessian diagonal; unsupported unless overridden. */
    void diagonal(double[] theta, double[] diagonal) {
      throw new UnsupportedOperationException();
    }

    Function recording() {
      points = new ArrayList<>();
      values = new ArrayList<>();
      gradients = new ArrayList<>();
      return this;
    }

    @Override
    public int parameterCount() {
      return n;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      evaluations++;
      double e = compute(theta, gradient);
      mask.apply(gradient);
      if (points != null) {
        points.add(theta.clone());
        values.add(e);
        gradients.add(gradient.clone());
      }
      return e;
    }

    @Override
    public double valueGradientAndDiagonal(double[] theta, double[] gradient, double[] diag) {
      double e = valueAndGradient(theta, gradient);
      diagonal(theta, diag);
      mask.apply(diag);
      return e;
    }

    double value(double[] theta) {
      return compute(theta, new double[n]);
    }

    double[] gradient(double[] theta) {
      double[] g = new double[n];
      compute(theta, g);
      mask.apply(g);
      return g;
    }
  }

  /** {@code E = ½ θᵀAθ − bᵀθ}; allocates nothing per evaluation. */
  static final class Quadratic extends Function {
    final double[][] a;
    final double[] b;

    Quadratic(double[][] a, double[] b) {
      super(b.length);
      this.a = a;
      this.b = b;
    }

    /** Seeded, eigenvalues spread evenly over [1, condition], random eigenvectors. */
    static Quadratic random(int n, double condition, long seed) {
      Random r = new Random(seed);
      double[][] q = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          q[i][j] = r.nextGaussian();
        }
        for (int j = 0; j < i; j++) { // Gram–Schmidt: rows orthonormal
          double d = 0;
          for (int k = 0; k < n; k++) {
            d += q[i][k] * q[j][k];
          }
          for (int k = 0; k < n; k++) {
            q[i][k] -= d * q[j][k];
          }
        }
        double norm = 0;
        for (int k = 0; k < n; k++) {
          norm += q[i][k] * q[i][k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < n; k++) {
          q[i][k] /= norm;
        }
      }
      double[][] a = new double[n][n];
      for (int e = 0; e < n; e++) {
        double lambda = n == 1 ? 1 : 1 + (condition - 1) * e / (n - 1);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            a[i][j] += lambda * q[e][i] * q[e][j];
          }
        }
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          a[i][j] = a[j][i];
        }
      }
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = r.nextGaussian();
      }
      return new Quadratic(a, b);
    }

    @Override
    double compute(double[] theta, double[] gradient) {
      double e = 0;
      for (int i = 0; i < n; i++) {
        double ai = -b[i];
        for (int j = 0; j < n; j++) {
          ai += a[i][j] * theta[j];
        }
        gradient[i] = ai;
        e += theta[i] * (0.5 * (ai + b[i]) - b[i]);
      }
      return e;
    }

    @Override
    void diagonal(double[] theta, double[] diagonal) {
      for (int i = 0; i < n; i++) {
        diagonal[i] = a[i][i];
      }
    }
  }

  /** Rosenbrock's function {@code Σ 100 (θ_{i+1} − θ_i²)² + (1 − θ_i)²}, minimum 0 at (1,…,1). */
  static final class Rosenbrock extends Function {
    Rosenbrock(int n) {
      super(n);
    }

    @Override
    double compute(double[] t, double[] g) {
      double e = 0;
      java.util.Arrays.fill(g, 0.0);
      for (int i = 0; i + 1 < n; i++) {
        double u = t[i + 1] - t[i] * t[i];
        double v = 1 - t[i];
        e += 100 * u * u + v * v;
        g[i] += -400 * t[i] * u - 2 * v;
        g[i + 1] += 200 * u;
      }
      return e;
    }

    /** The classic start (−1.2, 1, −1.2, 1, …). */
    double[] start() {
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = i % 2 == 0 ? -1.2 : 1.0;
      }
      return t;
    }
  }

  /**
   * L2-regularised logistic regression on seeded data: {@code E(w) = (1/N) Σ log(1 +
   * exp(−y_i w·x_i)) + (λ/2)‖w‖²}, labels ±1 from a noisy linear rule.
   */
  static final class Logistic extends Function {
    final double[][] x;
    final double[] y;
    final double lambda;

    Logistic(int samples, int features, double lambda, long seed) {
      super(features);
      Random r = new Random(seed);
      double[] w = new double[features];
      for (int j = 0; j < features; j++) {
        w[j] = r.nextGaussian();
      }
      x = new double[samples][features];
      y = new double[samples];
      for (int i = 0; i < samples; i++) {
        double z = 0;
        for (int j = 0; j < features; j++) {
          x[i][j] = r.nextGaussian();
          z += w[j] * x[i][j];
        }
        y[i] = z + r.nextGaussian() > 0 ? 1 : -1;
      }
      this.lambda = lambda;
    }

    @Override
    double compute(double[] w, double[] g) {
      double e = 0;
      for (int j = 0; j < n; j++) {
        g[j] = lambda * w[j];
        e += 0.5 * lambda * w[j] * w[j];
      }
      int m = y.length;
      for (int i = 0; i < m; i++) {
        double z = 0;
        for (int j = 0; j < n; j++) {
          z += w[j] * x[i][j];
        }
        double margin = y[i] * z;
        // log(1 + exp(−margin)) and its derivative −σ(−margin), computed stably
        e += (margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin)))
            / m;
        double sig = margin > 0 ? Math.exp(-margin) / (1 + Math.exp(-margin))
            : 1 / (1 + Math.exp(margin));
        for (int j = 0; j < n; j++) {
          g[j] -= sig * y[i] * x[i][j] / m;
        }
      }
      return e;
    }
  }

  /** {@code E = ½ (θ − c)ᵀA(θ − c)}: minimum exactly 0 at {@code c}, rounding relative to E. */
  static Function centred(double[][] a, double[] c) {
    return new Function(c.length) {
      @Override
      double compute(double[] theta, double[] gradient) {
        double e = 0;
        for (int i = 0; i < n; i++) {
          double gi = 0;
          for (int j = 0; j < n; j++) {
            gi += a[i][j] * (theta[j] - c[j]);
          }
          gradient[i] = gi;
          e += 0.5 * (theta[i] - c[i]) * gi;
        }
        return e;
      }
    };
  }

  static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
