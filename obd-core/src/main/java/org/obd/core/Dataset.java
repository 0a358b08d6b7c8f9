package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * An immutable set of {@code N} samples: inputs ({@code N × D}, each row laid out as the network's
 * input {@link Shape}) and targets ({@code N × C}: one-hot class indicators or real values, matching
 * the network's outputs). All values are finite.
 */
public final class Dataset {

  private final DMatrixRMaj inputs;
  private final DMatrixRMaj targets;

  /**
   * Copies the given matrices.
   *
   * @throws IllegalArgumentException if the row counts differ or a value is NaN or infinite
   */
  public Dataset(DMatrixRMaj inputs, DMatrixRMaj targets) {
    this(inputs, targets, true);
  }

  /**
   * The matrices themselves, not copies (as EJML's {@code wrap}): for a caller that has just made
   * them, so that a large set is not held twice while it is built. The caller must not change
   * them afterwards.
   *
   * @throws IllegalArgumentException if the row counts differ or a value is NaN or infinite
   */
  public static Dataset wrap(DMatrixRMaj inputs, DMatrixRMaj targets) {
    return new Dataset(inputs, targets, false);
  }

  /** Checks the matrices and keeps copies of them, or the matrices themselves when new already. */
  private Dataset(DMatrixRMaj inputs, DMatrixRMaj targets, boolean copy) {
    if (inputs.numRows != targets.numRows) {
      throw new IllegalArgumentException(
          "inputs have " + inputs.numRows + " rows but targets have " + targets.numRows);
    }
    checkFinite("inputs", inputs);
    checkFinite("targets", targets);
    this.inputs = copy ? inputs.copy() : inputs;
    this.targets = copy ? targets.copy() : targets;
  }

  /**
   * Builds a data set from row arrays {@code inputs[n][d]} and {@code targets[n][c]} (copied once,
   * into the data set's own matrices).
   */
  public static Dataset of(double[][] inputs, double[][] targets) {
    return new Dataset(new DMatrixRMaj(inputs), new DMatrixRMaj(targets), false);
  }

  /**
   * Builds a classification data set with one-hot targets over {@code classes} classes.
   *
   * @throws IllegalArgumentException for a label outside {@code 0..classes-1}
   */
  public static Dataset classification(double[][] inputs, int[] labels, int classes) {
    if (labels.length != inputs.length) {
      throw new IllegalArgumentException(
          "inputs have " + inputs.length + " rows but there are " + labels.length + " labels");
    }
    double[][] t = new double[labels.length][classes];
    for (int n = 0; n < labels.length; n++) {
      if (labels[n] < 0 || labels[n] >= classes) {
        throw new IllegalArgumentException(
            "label of sample " + n + " must be in 0.." + (classes - 1) + ", found " + labels[n]);
      }
      t[n][labels[n]] = 1.0;
    }
    return of(inputs, t);
  }

  private static void checkFinite(String what, DMatrixRMaj m) {
    int n = m.getNumElements();
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(m.data[i])) {
        throw new IllegalArgumentException(
            what + " of sample " + (i / m.numCols) + ", column " + (i % m.numCols)
                + " must be finite, found " + m.data[i]);
      }
    }
  }

  /** Number of samples N. */
  public int size() {
    return inputs.numRows;
  }

  /** Values per input sample D. */
  public int inputSize() {
    return inputs.numCols;
  }

  /** Values per target C. */
  public int targetSize() {
    return targets.numCols;
  }

  /** A copy of sample {@code n}'s input. */
  public double[] input(int n) {
    double[] r = new double[inputs.numCols];
    System.arraycopy(inputs.data, n * inputs.numCols, r, 0, r.length);
    return r;
  }

  /** A copy of sample {@code n}'s target. */
  public double[] target(int n) {
    double[] r = new double[targets.numCols];
    System.arraycopy(targets.data, n * targets.numCols, r, 0, r.length);
    return r;
  }

  /** A copy of the inputs matrix. */
  public DMatrixRMaj inputs() {
    return inputs.copy();
  }

  /** A copy of the targets matrix. */
  public DMatrixRMaj targets() {
    return targets.copy();
  }

  /** The samples at the given indices, in that order. */
  public Dataset select(int[] rows) {
    DMatrixRMaj in = new DMatrixRMaj(rows.length, inputs.numCols);
    DMatrixRMaj tg = new DMatrixRMaj(rows.length, targets.numCols);
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(inputs.data, rows[i] * inputs.numCols, in.data, i * in.numCols, in.numCols);
      System.arraycopy(
          targets.data, rows[i] * targets.numCols, tg.data, i * tg.numCols, tg.numCols);
    }
    return new Dataset(in, tg, false);
  }

  /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
  public Dataset range(int from, int to) {
    int[] rows = new int[to - from];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = from + i;
    }
    return select(rows);
  }

  /**
   * Checks that this data set fits {@code network}: input width equals the network's input size
   * and target width equals its output size.
   *
   * @throws IllegalArgumentException naming both sizes
   */
  public void checkFits(Network network) {
    if (inputSize() != network.inputShape().size()) {
      throw new IllegalArgumentException(
          "data has " + inputSize() + " input values per sample but the network expects "
              + network.inputShape().size() + " " + network.inputShape());
    }
    if (targetSize() != network.outputShape().size()) {
      throw new IllegalArgumentException(
          "data has " + targetSize() + " target values per sample but the network has "
              + network.outputShape().size() + " outputs");
    }
  }

  // raw access for the engine (never modified there)
  DMatrixRMaj rawInputs() {
    return inputs;
  }

  DMatrixRMaj rawTargets() {
    return targets;
  }
}
