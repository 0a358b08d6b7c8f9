package org.obd.train.data;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.obd.core.ConfigNames;

/**
 * How the targets of a {@link RawData} become the target rows of a {@link org.obd.core.Dataset}.
 *
 * <ul>
 *   <li>{@code one-hot}: class labels become {@code C} values, 1 for the sample's class and 0
 *       elsewhere (for {@code softmax-cross-entropy}, or MSE on probability-like outputs);
 *   <li>{@code plus-minus-one}: class labels become {@code C} values, +1 for the sample's class and
 *       −1 elsewhere (the targets of LeCun et al. for MSE on {@code scaled-tanh} outputs);
 *   <li>{@code values}: real target values (regression data) are passed through unchanged.
 * </ul>
 *
 * <p>The two class encodings need class labels and {@code values} needs real target values;
 * asking for the other kind is an error naming the data and the encoding.
 */
public enum TargetEncoding {
  /** 1 for the class, 0 elsewhere. */
  ONE_HOT(1.0, 0.0),
  /** +1 for the class, −1 elsewhere. */
  PLUS_MINUS_ONE(1.0, -1.0),
  /** The data's own real target values, unchanged. */
  VALUES(Double.NaN, Double.NaN);

  private final double on;
  private final double off;

  TargetEncoding(double on, double off) {
    this.on = on;
    this.off = off;
  }

  /** The name used in configs, e.g. {@code one-hot}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /** Whether this encoding turns class labels into targets (rather than passing values through). */
  public boolean encodesClasses() {
    return this != VALUES;
  }

  /**
   * Looks up an encoding by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static TargetEncoding fromName(String name) {
    return ConfigNames.parse(TargetEncoding.class, name, "target encoding");
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return ConfigNames.list(TargetEncoding.class);
  }

  /**
   * Checks that this encoding fits the kind of targets {@code raw} holds.
   *
   * @throws IllegalArgumentException naming the data source and the encoding
   */
  void checkFits(RawData raw) {
    if (encodesClasses() && !raw.hasLabels()) {
      throw new IllegalArgumentException(
          "targets '" + configName() + "' encode class labels, but " + raw.source() + " holds "
              + raw.valuesView().numCols + " real target value"
              + (raw.valuesView().numCols == 1 ? "" : "s")
              + " per sample (regression data); use targets 'values'");
    }
    if (!encodesClasses() && raw.hasLabels()) {
      throw new IllegalArgumentException(
          "targets 'values' pass real target values through, but " + raw.source()
              + " holds class labels (" + raw.classes() + " classes); use one of "
              + ONE_HOT.configName() + ", " + PLUS_MINUS_ONE.configName());
    }
  }

  /** The targets of the samples {@code rows} of {@code raw}, in that order (one row each). */
  DMatrixRMaj encode(RawData raw, int[] rows) {
    checkFits(raw);
    if (!encodesClasses()) {
      DMatrixRMaj v = raw.valuesView();
      DMatrixRMaj t = new DMatrixRMaj(rows.length, v.numCols);
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(v.data, rows[i] * v.numCols, t.data, i * v.numCols, v.numCols);
      }
      return t;
    }
    int[] labels = raw.labelsView();
    int c = raw.classes();
    DMatrixRMaj t = new DMatrixRMaj(rows.length, c);
    if (off != 0.0) {
      Arrays.fill(t.data, 0, rows.length * c, off);
    }
    for (int i = 0; i < rows.length; i++) {
      t.data[i * c + labels[rows[i]]] = on;
    }
    return t;
  }

  /** The targets of all samples of {@code raw}, in order. */
  DMatrixRMaj encodeAll(RawData raw) {
    int[] rows = new int[raw.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return encode(raw, rows);
  }
}
