package org.obd.core;

/**
 * A quantity computed from a model and data — the objective, the gradient, a Hessian diagonal, a
 * Hessian-vector product, a saliency score — is NaN or infinite: the network's outputs, the loss
 * or their derivatives overflowed the double range, which happens when the model's parameters (or
 * the data) are far too large. Thrown by {@link Curvature} and by the saliency strategies' callers
 * instead of passing NaN or infinity on to be printed, ranked or summed.
 *
 * <p>The message names the quantity, the value, the parameter (for a vector) and the largest
 * parameter of the model, e.g. {@code the objective is not finite (Infinity): the network's outputs
 * or the loss overflow the double range; the largest parameter is layer0.weight[0][0] = 1.0E300}.
 * {@link #message(String)} inserts where the quantity comes from (e.g. {@code of model m.json on
 * data d.csv}) after the quantity's name.
 */
public final class NonFiniteException extends ArithmeticException {

  private static final long serialVersionUID = 1L;

  /** Why the objective is not finite. */
  public static final String OUTPUTS_OVERFLOW =
      "the network's outputs or the loss overflow the double range";

  /** Why a derivative (gradient, curvature, product) is not finite. */
  public static final String DERIVATIVES_OVERFLOW =
      "the derivatives overflow the double range";

  private final String quantity;
  private final double value;
  private final int index;
  private final String rest;

  private NonFiniteException(String quantity, double value, int index, String rest) {
    super(quantity + " is not finite (" + value + ")" + rest);
    this.quantity = quantity;
    this.value = value;
    this.index = index;
    this.rest = rest;
  }

  /** What is not finite, e.g. {@code the objective}, {@code the exact Hessian diagonal}. */
  public String quantity() {
    return quantity;
  }

  /** The offending value: NaN or an infinity. */
  public double value() {
    return value;
  }

  /** The parameter index of the offending entry of a vector, or -1 for a single number. */
  public int index() {
    return index;
  }

  /**
   * The message with {@code where} (e.g. {@code of model m.json on data d.csv}) after the
   * quantity's name: {@code the objective of model m.json on data d.csv is not finite (…): …}.
   */
  public String message(String where) {
    return quantity + (where.isEmpty() ? "" : " " + where) + " is not finite (" + value + ")"
        + rest;
  }

  /**
   * Checks one number computed from {@code model}.
   *
   * @param quantity its name, e.g. {@code the objective}
   * @param cause why it would not be finite, e.g. {@link #OUTPUTS_OVERFLOW}
   * @throws NonFiniteException if {@code value} is NaN or infinite
   */
  public static void check(String quantity, double value, String cause, Model model) {
    if (!Double.isFinite(value)) {
      throw new NonFiniteException(quantity, value, -1, ": " + cause + largest(model));
    }
  }

  /**
   * Checks a vector with one entry per parameter of {@code model}; entries of deleted parameters
   * are checked too unless {@code remainingOnly}. Costs one pass over the vector.
   *
   * @throws NonFiniteException naming the first entry that is NaN or infinite
   */
  public static void check(
      String quantity, double[] values, boolean remainingOnly, String cause, Model model) {
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k]) && !(remainingOnly && model.mask().isDeleted(k))) {
        throw new NonFiniteException(
            quantity, values[k], k,
            " at parameter " + model.network().blockOf(k).parameterName(k) + " (index " + k
                + "): " + cause + largest(model));
      }
    }
  }

  /** {@code ; the largest parameter is NAME = VALUE}, or nothing for a model without parameters. */
  private static String largest(Model model) {
    int p = model.network().parameterCount();
    int at = -1;
    double max = -1;
    for (int k = 0; k < p; k++) {
      double a = Math.abs(model.parameter(k));
      if (a > max) {
        max = a;
        at = k;
      }
    }
    if (at < 0) {
      return "";
    }
    return "; the largest parameter is " + model.network().blockOf(at).parameterName(at) + " = "
        + model.parameter(at);
  }
}
