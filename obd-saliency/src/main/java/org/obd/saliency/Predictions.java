package org.obd.saliency;

import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Objective;

/**
 * The data set whose targets are the network's own predictions, read off the objective through
 * obd-core's public API: at those targets the output gradient of the loss is 0 for every sample,
 * so the exact Hessian of the objective there is the generalized Gauss–Newton matrix
 * {@code G = (1/N) Σ_n J_nᵀ H_ℓ,n J_n} of the original objective.
 *
 * <ul>
 *   <li>{@code mse}: {@code ℓ(o, t) = ½‖o − t‖²} so {@code o_j = ℓ(o, 0) − ℓ(o, e_j) + ½}; the new
 *       target is {@code o} and {@code H_ℓ = I} is unchanged.
 *   <li>{@code softmax-cross-entropy}: {@code ℓ(o, e_j) = −ln p_j} so {@code p_j = exp(−ℓ(o, e_j))};
 *       the new target is {@code s p} with {@code s = Σ_j y_j} of the original target, which keeps
 *       {@code H_ℓ = s (diag p − p pᵀ)} and zeroes the gradient {@code s p − t}.
 * </ul>
 *
 * <p>Cost: {@code N (C + 1)} one-sample forward passes.
 */
final class Predictions {

  private Predictions() {}

  static Dataset selfTargets(Objective objective, double[] theta, Dataset data) {
    int n = data.size();
    int c = data.targetSize();
    double[][] x = new double[n][];
    double[][] t = new double[n][c];
    Loss loss = objective.loss();
    for (int i = 0; i < n; i++) {
      x[i] = data.input(i);
      double[][] one = {x[i]};
      double[][] target = new double[1][c];
      if (loss == Loss.MSE) {
        double v0 = objective.value(theta, Dataset.of(one, target));
        for (int j = 0; j < c; j++) {
          target[0][j] = 1.0;
          t[i][j] = v0 - objective.value(theta, Dataset.of(one, target)) + 0.5;
          target[0][j] = 0.0;
        }
      } else {
        double s = 0;
        for (double y : data.target(i)) {
          s += y;
        }
        for (int j = 0; j < c; j++) {
          target[0][j] = 1.0;
          t[i][j] = s * Math.exp(-objective.value(theta, Dataset.of(one, target)));
          target[0][j] = 0.0;
        }
      }
    }
    return Dataset.of(x, t);
  }
}
