package org.obd.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.obd.core.Dataset;
import org.obd.core.Shape;

/**
 * The bundled digits data set, obd's default: 1797 handwritten digits of 8×8 pixels, each pixel a
 * grey level 0..16 scaled to [0, 1] (64 inputs), with one-hot targets over the 10 classes 0..9.
 *
 * <p>Source: the test part of the UCI "Optical Recognition of Handwritten Digits" data set
 * (Alpaydin, E. &amp; Kaynak, C., 1998, CC BY 4.0), as bundled with scikit-learn; see the NOTICE
 * file.
 */
public final class Digits {

  /** Number of samples. */
  public static final int SAMPLES = 1797;

  /** Number of inputs per sample (8×8 pixels). */
  public static final int INPUTS = 64;

  /** Number of classes (the digits 0..9). */
  public static final int CLASSES = 10;

  /** Largest grey level in the file; inputs are divided by it. */
  public static final int MAX_GREY = 16;

  /** Class-path resource (next to this class) holding the raw CSV: 64 grey levels, then the label. */
  public static final String RESOURCE = "optdigits-1797.csv.gz";

  private Digits() {}

  /** Shape of one sample: one channel of 8×8 pixels. */
  public static final Shape SHAPE = new Shape(1, 8, 8);

  /**
   * Loads the bundled digits with inputs scaled to [0, 1] and one-hot targets.
   *
   * @throws UncheckedIOException if the bundled resource cannot be read (a broken installation)
   */
  public static Dataset load() {
    return CsvData.toDataset(raw());
  }

  /**
   * Loads the bundled digits as a not-yet-split data set: shape {@code 1×8×8}, inputs scaled to
   * [0, 1] (grey level / {@value #MAX_GREY}), class labels 0..9; source {@code bundled
   * optdigits-1797.csv.gz}.
   *
   * @throws UncheckedIOException if the bundled resource cannot be read (a broken installation)
   */
  public static RawData raw() {
    try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException(
                "the bundled data set " + Digits.class.getPackageName().replace('.', '/') + "/"
                    + RESOURCE + " is missing from the class path"));
      }
      String source = "bundled " + RESOURCE;
      RawData csv = CsvData.readRaw(in, source, CsvTargets.classLabel(CLASSES));
      DMatrixRMaj x = csv.inputs();
      CommonOps_DDRM.divide(x, MAX_GREY);
      return RawData.labelled(source, SHAPE, x, csv.labelsView(), CLASSES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled digits data set: " + e.getMessage(), e);
    }
  }
}
