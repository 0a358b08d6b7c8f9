package org.obd.train.data;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The parameters of a {@link Normalisation} fitted on a training split, to apply to any split:
 * input {@code j} becomes {@code (x_j − offsets[j]) / scales[j]}, or 0 where {@code scales[j]} is
 * 0 (an input constant on the training split).
 *
 * <p>Plain values (a name and two arrays), so that a run can record them and a model can be
 * applied later to new data exactly as it was trained. For {@code standard} the offsets are the
 * training means and the scales the training standard deviations; for {@code min-max} the
 * training minima and ranges ({@code max − min}); for {@code none} zeros and ones. Arrays are
 * copied in and out.
 *
 * @param method the {@link Normalisation#configName() config name} of the normalisation
 * @param offsets subtracted from each input, one per input, in the inputs' units
 * @param scales what each shifted input is divided by, one per input, in the inputs' units; 0 maps
 *     the input to 0
 */
public record NormalisationFit(String method, double[] offsets, double[] scales) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the method is unknown, the arrays differ in length, a
   *     value is not finite or a scale is negative
   */
  public NormalisationFit {
    Normalisation.fromName(method);
    if (offsets.length != scales.length) {
      throw new IllegalArgumentException(
          "normalisation " + method + ": " + offsets.length + " offsets but " + scales.length
              + " scales, expected one of each per input");
    }
    for (int j = 0; j < offsets.length; j++) {
      if (!Double.isFinite(offsets[j]) || !Double.isFinite(scales[j]) || scales[j] < 0) {
        throw new IllegalArgumentException(
            "normalisation " + method + ": input " + j + " has offset " + offsets[j]
                + " and scale " + scales[j] + ", expected a finite offset and a finite scale"
                + " of 0 or greater");
      }
    }
    offsets = offsets.clone();
    scales = scales.clone();
  }

  /** A copy of the offsets. */
  @Override
  public double[] offsets() {
    return offsets.clone();
  }

  /** A copy of the scales. */
  @Override
  public double[] scales() {
    return scales.clone();
  }

  /** Number of inputs the fit applies to. */
  public int inputs() {
    return offsets.length;
  }

  /**
   * The normalised copy of {@code inputs} ({@code N × D}, one sample per row).
   *
   * @throws IllegalArgumentException if {@code D} is not {@link #inputs()}
   */
  public DMatrixRMaj apply(DMatrixRMaj inputs) {
    DMatrixRMaj out = inputs.copy();
    applyInPlace(out);
    return out;
  }

  /** Normalises {@code inputs} in place. */
  void applyInPlace(DMatrixRMaj inputs) {
    int d = offsets.length;
    if (inputs.numCols != d) {
      throw new IllegalArgumentException(
          "normalisation " + method + " was fitted to " + d + " inputs, found " + inputs.numCols);
    }
    double[] x = inputs.data;
    for (int n = 0; n < inputs.numRows; n++) {
      int row = n * d;
      for (int j = 0; j < d; j++) {
        x[row + j] = scales[j] == 0.0 ? 0.0 : (x[row + j] - offsets[j]) / scales[j];
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NormalisationFit f
        && method.equals(f.method)
        && Arrays.equals(offsets, f.offsets)
        && Arrays.equals(scales, f.scales);
  }

  @Override
  public int hashCode() {
    return method.hashCode() * 31 + Arrays.hashCode(offsets) * 17 + Arrays.hashCode(scales);
  }

  @Override
  public String toString() {
    return "NormalisationFit[" + method + ", offsets=" + Arrays.toString(offsets) + ", scales="
        + Arrays.toString(scales) + "]";
  }
}
