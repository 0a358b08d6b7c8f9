package org.obd.train.data;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.ConfigNames;

/**
 * How inputs are normalised, each input (column) on its own, with parameters fitted on the
 * training split only and then applied to every split (see {@link NormalisationFit}).
 *
 * <ul>
 *   <li>{@code none}: inputs are left as they are;
 *   <li>{@code standard}: {@code (x − mean) / sd}, with the mean and the population standard
 *       deviation (divisor {@code N}) of the input over the training split;
 *   <li>{@code min-max}: {@code (x − min) / (max − min)}, with the input's smallest and largest
 *       value on the training split, so training values fall in [0, 1] (other splits may fall
 *       outside).
 * </ul>
 *
 * <p>An input that is constant on the training split carries nothing to learn from; {@code
 * standard} and {@code min-max} map it to 0 on every split.
 */
public enum Normalisation {
  /** Inputs unchanged. */
  NONE,
  /** Zero mean and unit standard deviation on the training split. */
  STANDARD,
  /** The training range of each input mapped to [0, 1]. */
  MIN_MAX;

  /** The name used in configs, e.g. {@code min-max}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * Looks up a normalisation by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Normalisation fromName(String name) {
    return ConfigNames.parse(Normalisation.class, name, "normalisation");
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return ConfigNames.list(Normalisation.class);
  }

  /**
   * Fits this normalisation to training inputs ({@code N × D}, one sample per row).
   *
   * @throws IllegalArgumentException if there are no rows
   */
  public NormalisationFit fit(DMatrixRMaj trainInputs) {
    int rows = trainInputs.numRows;
    int d = trainInputs.numCols;
    if (rows < 1) {
      throw new IllegalArgumentException(
          "cannot fit normalisation '" + configName() + "' to an empty training split");
    }
    double[] offsets = new double[d];
    double[] scales = new double[d];
    if (this == NONE) {
      Arrays.fill(scales, 1.0);
      return new NormalisationFit(configName(), offsets, scales);
    }
    double[] x = trainInputs.data;
    double[] min = Arrays.copyOf(x, d);
    double[] max = Arrays.copyOf(x, d);
    double[] sum = new double[d];
    for (int n = 0; n < rows; n++) {
      int row = n * d;
      for (int j = 0; j < d; j++) {
        double v = x[row + j];
        sum[j] += v;
        if (v < min[j]) {
          min[j] = v;
        }
        if (v > max[j]) {
          max[j] = v;
        }
      }
    }
    if (this == MIN_MAX) {
      for (int j = 0; j < d; j++) {
        offsets[j] = min[j];
        scales[j] = min[j] == max[j] ? 0.0 : max[j] - min[j];
      }
      return new NormalisationFit(configName(), offsets, scales);
    }
    for (int j = 0; j < d; j++) {
      offsets[j] = sum[j] / rows;
    }
    // two passes: the mean, then the squared deviations from it
    double[] squares = new double[d];
    for (int n = 0; n < rows; n++) {
      int row = n * d;
      for (int j = 0; j < d; j++) {
        double e = x[row + j] - offsets[j];
        squares[j] += e * e;
      }
    }
    for (int j = 0; j < d; j++) {
      scales[j] = min[j] == max[j] ? 0.0 : Math.sqrt(squares[j] / rows);
    }
    return new NormalisationFit(configName(), offsets, scales);
  }
}
