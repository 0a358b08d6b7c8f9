package org.obd.saliency;

import org.ejml.data.DMatrixRMaj;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Objective;

/**
 * The data set whose targets are the network's own predictions: at those targets the output
 * gradient of the loss is 0 for every sample, so the exact Hessian of the objective there is the
 * generalized Gauss–Newton matrix {@code G = (1/N) Σ_n J_nᵀ H_ℓ,n J_n} of the original objective.
 *
 * <ul>
 *   <li>{@code mse}: the new target is the output {@code o}; {@code H_ℓ = I} is unchanged.
 *   <li>{@code softmax-cross-entropy}: the new target is {@code s p}, {@code p = softmax(o)} and
 *       {@code s = Σ_j y_j} of the original target, which keeps {@code H_ℓ = s (diag p − p pᵀ)}
 *       and zeroes the gradient {@code s p − t}.
 * </ul>
 *
 * <p>Cost: one forward pass over the data set.
 */
final class Predictions {

  private Predictions() {}

  static Dataset selfTargets(Objective objective, double[] theta, Dataset data) {
    DMatrixRMaj o = objective.outputs(theta, data);
    if (objective.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      int c = o.numCols;
      for (int i = 0; i < o.numRows; i++) {
        double s = 0;
        for (double y : data.target(i)) {
          s += y;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          max = Math.max(max, o.get(i, j));
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
          double e = Math.exp(o.get(i, j) - max);
          o.set(i, j, e);
          sum += e;
        }
        for (int j = 0; j < c; j++) {
          o.set(i, j, s * o.get(i, j) / sum);
        }
      }
    }
    return new Dataset(data.inputs(), o);
  }
}
