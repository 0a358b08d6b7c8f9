package org.obd.testkit.saliency;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.obd.saliency.SaliencyContext;

/**
 * A linear model {@code o = w·x + b} (one dense layer, identity activation) with MSE at its
 * least-squares minimum, where the quadratic model of {@code E} is exact. Parameters: weights
 * 0..D-1, bias D.
 */
final class LinearProblem {

  final Network net;
  final Dataset data;
  final Objective objective;
  final Model model;
  final double[][] x;
  final double[] y;

  private LinearProblem(double[][] x, double[] y) {
    this.x = x;
    this.y = y;
    int d = x[0].length;
    net = Network.builder(Shape.flat(d)).dense(1, Activation.IDENTITY).build();
    double[][] t = new double[y.length][1];
    for (int n = 0; n < y.length; n++) {
      t[n][0] = y[n];
    }
    data = Dataset.of(x, t);
    objective = new Objective(net, Loss.MSE);
    model = new Model(net, leastSquares(x, y, new boolean[d + 1]));
  }

  /** Inputs from three columns of the 8×8 Hadamard matrix, scaled 1, 2, ½: a diagonal Hessian. */
  static LinearProblem orthogonal(long seed) {
    Random r = new Random(seed);
    double[][] x = new double[8][3];
    int[] cols = {1, 2, 4};
    double[] scale = {1, 2, 0.5};
    double[] y = new double[8];
    for (int n = 0; n < 8; n++) {
      for (int j = 0; j < 3; j++) {
        x[n][j] = scale[j] * (Integer.bitCount(n & cols[j]) % 2 == 0 ? 1 : -1);
      }
      y[n] = 0.8 * x[n][0] - 0.3 * x[n][1] + 0.05 * x[n][2] + 0.4 + 0.3 * r.nextGaussian();
    }
    return new LinearProblem(x, y);
  }

  /** Correlated Gaussian inputs: a full Hessian. */
  static LinearProblem correlated(long seed) {
    Random r = new Random(seed);
    int n = 20;
    double[][] x = new double[n][4];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double z = r.nextGaussian();
      for (int j = 0; j < 4; j++) {
        x[i][j] = 0.8 * z + r.nextGaussian() + 0.3 * j;
      }
      y[i] = x[i][0] - 0.5 * x[i][1] + 0.2 * x[i][2] + 0.1 * x[i][3] - 0.3 + 0.2 * r.nextGaussian();
    }
    return new LinearProblem(x, y);
  }

  /**
   * The least-squares parameters with the parameters flagged in {@code fixedAtZero} held at 0,
   * from the normal equations of the remaining columns (EJML).
   */
  double[] leastSquares(boolean[] fixedAtZero) {
    return leastSquares(x, y, fixedAtZero);
  }

  private static double[] leastSquares(double[][] x, double[] y, boolean[] fixedAtZero) {
    int d = x[0].length;
    int free = 0;
    for (boolean f : fixedAtZero) {
      free += f ? 0 : 1;
    }
    DMatrixRMaj a = new DMatrixRMaj(x.length, free);
    for (int n = 0; n < x.length; n++) {
      for (int k = 0, c = 0; k <= d; k++) {
        if (!fixedAtZero[k]) {
          a.set(n, c++, k < d ? x[n][k] : 1.0);
        }
      }
    }
    DMatrixRMaj ata = new DMatrixRMaj(free, free);
    CommonOps_DDRM.multTransA(a, a, ata);
    DMatrixRMaj aty = new DMatrixRMaj(free, 1);
    CommonOps_DDRM.multTransA(a, new DMatrixRMaj(x.length, 1, true, y), aty);
    DMatrixRMaj sol = new DMatrixRMaj(free, 1);
    if (!CommonOps_DDRM.solve(ata, aty, sol)) {
      throw new IllegalStateException("normal equations are singular");
    }
    double[] theta = new double[d + 1];
    for (int k = 0, c = 0; k <= d; k++) {
      if (!fixedAtZero[k]) {
        theta[k] = sol.get(c++);
      }
    }
    return theta;
  }

  double value(double[] theta) {
    return objective.value(theta, data);
  }

  double value(Model m) {
    return objective.value(m, data);
  }

  SaliencyContext context() {
    return SaliencyContext.of(model, objective, data, 1L);
  }
}
