package org.obd.train.loop;

import org.ejml.data.DMatrixRMaj;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * The objective and accuracy of a model on a data set.
 *
 * @param objective {@code E} over the set (NaN when it is empty)
 * @param accuracy the share of samples whose largest output is at their target's largest entry
 *     (their class, for one-hot and ±1 targets); NaN when the set is empty or the targets are not
 *     classes
 */
public record Performance(double objective, double accuracy) {

  /** Measures {@code model} on {@code data}; {@code classes} says whether accuracy applies. */
  public static Performance of(Objective objective, Model model, Dataset data, boolean classes) {
    if (data == null || data.size() == 0) {
      return new Performance(Double.NaN, Double.NaN);
    }
    double[] theta = model.parameters();
    double e = objective.value(theta, data);
    if (!classes) {
      return new Performance(e, Double.NaN);
    }
    DMatrixRMaj o = objective.outputs(theta, data);
    DMatrixRMaj y = data.targets();
    int c = o.numCols;
    int right = 0;
    for (int n = 0; n < o.numRows; n++) {
      if (argmax(o.data, n * c, c) == argmax(y.data, n * c, c)) {
        right++;
      }
    }
    return new Performance(e, (double) right / o.numRows);
  }

  private static int argmax(double[] d, int from, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (d[from + j] > d[from + best]) {
        best = j;
      }
    }
    return best;
  }
}
