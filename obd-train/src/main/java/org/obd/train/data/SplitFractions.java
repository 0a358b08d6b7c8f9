package org.obd.train.data;

/**
 * The shares of a data set that go to training, validation and test (see {@link DataPipeline}).
 *
 * @param train share of the samples used to train (and to fit the input normalisation), greater
 *     than 0
 * @param validation share used to select models and stop training, 0 or greater (0: no
 *     validation split)
 * @param test share held out for the final evaluation, 0 or greater (0: no test split)
 */
public record SplitFractions(double train, double validation, double test) {

  /** Largest distance of the sum of the three fractions from 1. */
  public static final double SUM_TOLERANCE = 1e-9;

  /**
   * Validates the fractions: each finite and 0 or greater, {@code train} greater than 0, and the
   * three summing to 1 within {@value #SUM_TOLERANCE}.
   *
   * @throws IllegalArgumentException naming the fraction and its value
   */
  public SplitFractions {
    check("train", train);
    check("validation", validation);
    check("test", test);
    if (!(train > 0)) {
      throw new IllegalArgumentException("train fraction must be greater than 0, found " + train);
    }
    double sum = train + validation + test;
    if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
      throw new IllegalArgumentException(
          "train, validation and test fractions must sum to 1, found " + train + " + "
              + validation + " + " + test + " = " + sum);
    }
  }

  private static void check(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          name + " fraction must be a finite number, found " + value);
    }
    if (value < 0) {
      throw new IllegalArgumentException(name + " fraction must be 0 or greater, found " + value);
    }
  }

  /** The three fractions in split order (train, validation, test), divided by their sum. */
  double[] normalised() {
    double sum = train + validation + test;
    return new double[] {train / sum, validation / sum, test / sum};
  }
}
