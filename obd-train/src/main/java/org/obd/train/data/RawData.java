package org.obd.train.data;

import java.util.Arrays;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.Shape;

/**
 * A data set as read from its source, before it is split, normalised and given targets by {@link
 * DataPipeline}: {@code N} input samples and, for each, either a class label or real target values
 * (exactly one of the two).
 *
 * <p>Inputs are in the source's own units (grey levels 0..255 for IDX files, whatever a CSV file
 * holds, [0, 1] for the bundled digits); each row of {@code inputs} is one sample laid out as
 * {@code inputShape} (channel-major, see {@link Shape}).
 *
 * <p>The record owns copies: the constructor copies {@code inputs}, {@code labels} and {@code
 * values}, and their accessors return fresh copies (so calling them on a large data set costs a
 * copy each time).
 *
 * @param source what the data are called in messages and run records, e.g. a file name
 * @param inputShape the shape of one input sample; {@code inputs} has {@code inputShape.size()}
 *     columns
 * @param inputs {@code N × D} input values, all finite, {@code N ≥ 1}
 * @param labels class indices {@code 0..classes-1}, one per sample; {@code null} for real targets
 * @param classes number of classes, at least 1, when there are labels; 0 for real targets
 * @param values {@code N × K} real target values ({@code K ≥ 1}, all finite); {@code null} for
 *     class labels
 */
public record RawData(
    String source,
    Shape inputShape,
    DMatrixRMaj inputs,
    int[] labels,
    int classes,
    DMatrixRMaj values) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the source and what is inconsistent
   */
  public RawData {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(inputShape, source + ": input shape");
    Objects.requireNonNull(inputs, source + ": inputs");
    if (inputs.numRows < 1) {
      throw new IllegalArgumentException(source + ": no samples, expected at least 1");
    }
    if (inputs.numCols != inputShape.size()) {
      throw new IllegalArgumentException(
          source + ": " + inputs.numCols + " input values per sample, expected "
              + inputShape.size() + " for input shape " + inputShape);
    }
    checkFinite(source, "input", inputs);
    if ((labels == null) == (values == null)) {
      throw new IllegalArgumentException(
          source + ": expected either class labels or real target values, found "
              + (labels == null ? "neither" : "both"));
    }
    if (labels != null) {
      if (classes < 1) {
        throw new IllegalArgumentException(
            source + ": number of classes must be 1 or greater, found " + classes);
      }
      if (labels.length != inputs.numRows) {
        throw new IllegalArgumentException(
            source + ": " + inputs.numRows + " samples but " + labels.length + " labels");
      }
      for (int n = 0; n < labels.length; n++) {
        if (labels[n] < 0 || labels[n] >= classes) {
          throw new IllegalArgumentException(
              source + ": label of sample " + n + " is " + labels[n]
                  + ", expected a class index in 0.." + (classes - 1));
        }
      }
      labels = labels.clone();
    } else {
      if (classes != 0) {
        throw new IllegalArgumentException(
            source + ": real target values have no classes, found classes = " + classes);
      }
      if (values.numRows != inputs.numRows) {
        throw new IllegalArgumentException(
            source + ": " + inputs.numRows + " samples but " + values.numRows
                + " rows of target values");
      }
      if (values.numCols < 1) {
        throw new IllegalArgumentException(
            source + ": expected at least 1 target value per sample, found 0");
      }
      checkFinite(source, "target value", values);
      values = values.copy();
    }
    inputs = inputs.copy();
  }

  /** Samples with class labels {@code 0..classes-1}; see the record's parameters. */
  public static RawData labelled(
      String source, Shape inputShape, DMatrixRMaj inputs, int[] labels, int classes) {
    return new RawData(source, inputShape, inputs, labels, classes, null);
  }

  /** Samples with real target values ({@code N × K}); see the record's parameters. */
  public static RawData regression(
      String source, Shape inputShape, DMatrixRMaj inputs, DMatrixRMaj values) {
    return new RawData(source, inputShape, inputs, null, 0, values);
  }

  private static void checkFinite(String source, String what, DMatrixRMaj m) {
    int n = m.getNumElements();
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(m.data[i])) {
        throw new IllegalArgumentException(
            source + ": " + what + " " + (i % m.numCols) + " of sample " + (i / m.numCols)
                + " must be finite, found " + m.data[i]);
      }
    }
  }

  /** A copy of the {@code N × D} inputs. */
  @Override
  public DMatrixRMaj inputs() {
    return inputs.copy();
  }

  /** A copy of the class labels, or {@code null} for real targets. */
  @Override
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }

  /** A copy of the {@code N × K} target values, or {@code null} for class labels. */
  @Override
  public DMatrixRMaj values() {
    return values == null ? null : values.copy();
  }

  /** Number of samples {@code N}. */
  public int size() {
    return inputs.numRows;
  }

  /** Values per input sample {@code D}. */
  public int inputSize() {
    return inputs.numCols;
  }

  /** Whether the samples have class labels (rather than real target values). */
  public boolean hasLabels() {
    return labels != null;
  }

  /** Number of samples of each class ({@code classes} entries); empty for real targets. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    if (labels != null) {
      for (int label : labels) {
        counts[label]++;
      }
    }
    return counts;
  }

  // the pipeline reads these without copying and never modifies them
  DMatrixRMaj inputsView() {
    return inputs;
  }

  int[] labelsView() {
    return labels;
  }

  DMatrixRMaj valuesView() {
    return values;
  }

  /** Equal when source, shape, classes and every value are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RawData r
        && source.equals(r.source)
        && inputShape.equals(r.inputShape)
        && classes == r.classes
        && sameMatrix(inputs, r.inputs)
        && Arrays.equals(labels, r.labels)
        && (values == null ? r.values == null : r.values != null && sameMatrix(values, r.values));
  }

  private static boolean sameMatrix(DMatrixRMaj a, DMatrixRMaj b) {
    return a.numRows == b.numRows
        && a.numCols == b.numCols
        && Arrays.equals(a.data, 0, a.getNumElements(), b.data, 0, b.getNumElements());
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, inputShape, classes, size());
  }

  /** A one-line summary (not the values). */
  @Override
  public String toString() {
    return "RawData[" + source + ": " + size() + " samples of shape " + inputShape + ", "
        + (hasLabels() ? classes + " classes" : values.numCols + " target values") + "]";
  }
}
