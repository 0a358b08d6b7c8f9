package org.obd.core;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.ejml.data.DMatrixRMaj;

/**
 * Per-sample losses {@code ℓ(o, y)} of the network output {@code o} against the target {@code y}.
 *
 * <ul>
 *   <li>{@code mse}: {@code ℓ = ½ Σ_j (o_j − y_j)²}; gradient {@code o − y}; Hessian {@code I}.
 *   <li>{@code softmax-cross-entropy}: {@code ℓ = −Σ_j y_j log softmax(o)_j} on raw outputs
 *       (logits); with {@code s = Σ_j y_j} (1 for one-hot or probability targets) the gradient is
 *       {@code s p − y} and the Hessian {@code s (diag p − p pᵀ)}, {@code p = softmax(o)}.
 * </ul>
 *
 * <p>The training objective is the mean of the loss over the samples of a data set (DESIGN §2).
 */
public enum Loss {
  /** Half the squared error. */
  MSE("mse"),
  /** Cross-entropy of the softmax of the outputs. */
  SOFTMAX_CROSS_ENTROPY("softmax-cross-entropy");

  private final String configName;

  Loss(String configName) {
    this.configName = configName;
  }

  /** The name used in configs and on the command line. */
  public String configName() {
    return configName;
  }

  /**
   * Looks up a loss by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Loss fromName(String name) {
    for (Loss l : values()) {
      if (l.configName.equals(name)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of " + names());
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Loss::configName).collect(Collectors.joining(", "));
  }

  /** The loss of one output vector {@code o} against target {@code y} (equal lengths). */
  public double value(double[] o, double[] y) {
    if (o.length != y.length) {
      throw new IllegalArgumentException(
          "output has " + o.length + " values but target has " + y.length);
    }
    DMatrixRMaj om = DMatrixRMaj.wrap(1, o.length, o.clone());
    DMatrixRMaj ym = DMatrixRMaj.wrap(1, y.length, y.clone());
    DMatrixRMaj g = new DMatrixRMaj(1, o.length);
    return valueAndGradient(om, ym, 0, 1, g, 0.0, new DMatrixRMaj(1, o.length));
  }

  /**
   * Sums the loss over {@code rows} rows of {@code o} against rows {@code yRow..} of {@code y}, and
   * writes {@code scale · ∂ℓ/∂o} into {@code g} (rows × C). For cross-entropy {@code probs}
   * receives softmax(o) per row (it is reused by {@link #hessianVector}).
   */
  double valueAndGradient(
      DMatrixRMaj o, DMatrixRMaj y, int yRow, int rows, DMatrixRMaj g, double scale,
      DMatrixRMaj probs) {
    int c = o.numCols;
    double[] od = o.data;
    double[] yd = y.data;
    double[] gd = g.data;
    double total = 0;
    if (this == MSE) {
      for (int r = 0; r < rows; r++) {
        int oi = r * c;
        int yi = (yRow + r) * c;
        for (int j = 0; j < c; j++) {
          double d = od[oi + j] - yd[yi + j];
          total += 0.5 * d * d;
          gd[oi + j] = scale * d;
        }
      }
      return total;
    }
    double[] pd = probs.data;
    for (int r = 0; r < rows; r++) {
      int oi = r * c;
      int yi = (yRow + r) * c;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, od[oi + j]);
      }
      double sum = 0;
      for (int j = 0; j < c; j++) {
        double e = Math.exp(od[oi + j] - max);
        pd[oi + j] = e;
        sum += e;
      }
      double logSum = Math.log(sum) + max;
      double ySum = 0;
      for (int j = 0; j < c; j++) {
        pd[oi + j] /= sum;
        double yj = yd[yi + j];
        ySum += yj;
        if (yj != 0) {
          total -= yj * (od[oi + j] - logSum);
        }
      }
      for (int j = 0; j < c; j++) {
        gd[oi + j] = scale * (ySum * pd[oi + j] - yd[yi + j]);
      }
    }
    return total;
  }

  /**
   * Writes {@code scale · H_ℓ v} per row into {@code out}, where {@code H_ℓ} is the loss's Hessian
   * with respect to the output at the point last passed to {@link #valueAndGradient} (whose
   * {@code probs} must be given again). {@code out} must not alias {@code v}.
   */
  void hessianVector(
      DMatrixRMaj y, int yRow, int rows, DMatrixRMaj probs, DMatrixRMaj v, DMatrixRMaj out,
      double scale) {
    int c = v.numCols;
    double[] vd = v.data;
    double[] od = out.data;
    if (this == MSE) {
      for (int i = 0, n = rows * c; i < n; i++) {
        od[i] = scale * vd[i];
      }
      return;
    }
    double[] pd = probs.data;
    double[] yd = y.data;
    for (int r = 0; r < rows; r++) {
      int oi = r * c;
      double ySum = 0;
      double pv = 0;
      for (int j = 0; j < c; j++) {
        ySum += yd[(yRow + r) * c + j];
        pv += pd[oi + j] * vd[oi + j];
      }
      for (int j = 0; j < c; j++) {
        od[oi + j] = scale * ySum * pd[oi + j] * (vd[oi + j] - pv);
      }
    }
  }
}
