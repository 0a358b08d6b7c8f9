package org.obd.train.data;

/**
 * What follows the input values on each row of a CSV data file.
 *
 * @param kind a class label or real target values
 * @param count the number of classes (for {@link Kind#CLASS_LABEL}) or of target values (for
 *     {@link Kind#VALUES}), at least 1
 */
public record CsvTargets(Kind kind, int count) {

  /** The two row layouts. */
  public enum Kind {
    /** One integer class index {@code 0..count-1} in the last column; targets are one-hot. */
    CLASS_LABEL,
    /** {@code count} real target values in the last {@code count} columns. */
    VALUES
  }

  /** Validates the count. */
  public CsvTargets {
    if (kind == null) {
      throw new IllegalArgumentException("CSV targets kind must be given");
    }
    if (count < 1) {
      throw new IllegalArgumentException(
          (kind == Kind.CLASS_LABEL ? "number of classes" : "number of target values")
              + " must be 1 or greater, found " + count);
    }
  }

  /** Rows end with one class index in {@code 0..classes-1}, read as one-hot targets. */
  public static CsvTargets classLabel(int classes) {
    return new CsvTargets(Kind.CLASS_LABEL, classes);
  }

  /** Rows end with {@code count} real target values. */
  public static CsvTargets values(int count) {
    return new CsvTargets(Kind.VALUES, count);
  }

  /** Number of columns the targets take on each row. */
  public int columns() {
    return kind == Kind.CLASS_LABEL ? 1 : count;
  }
}
