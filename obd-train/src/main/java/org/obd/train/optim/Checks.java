package org.obd.train.optim;

import java.util.List;
import org.obd.core.HessianDiagonal;
import org.obd.core.Mask;

/** Validation shared by the built-in optimizers: option values and step arguments. */
final class Checks {

  private Checks() {}

  /** A positive finite number. */
  static void positive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be a positive finite number, found " + v);
    }
  }

  /** A number in [0, 1). */
  static void belowOne(String key, double v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be a number in [0, 1), found " + v);
    }
  }

  /** A number in (0, 1). */
  static void open(String key, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be a number in (0, 1), found " + v);
    }
  }

  /** A number in (0, 1]. */
  static void upToOne(String key, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be a number in (0, 1], found " + v);
    }
  }

  /** An integer of at least {@code min}. */
  static void atLeast(String key, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be an integer " + min + " or greater, found " + v);
    }
  }

  /** A Hessian-diagonal method name known to obd-core. */
  static void method(String key, String method) {
    List<String> valid = HessianDiagonal.names();
    if (method == null || !valid.contains(method)) {
      throw new IllegalArgumentException(
          "option '" + key + "' must be one of " + String.join(", ", valid) + ", found "
              + (method == null ? "nothing" : "'" + method + "'"));
    }
  }

  /** A parameter count for {@code initialise}. */
  static int parameterCount(String optimizer, int p) {
    if (p < 0) {
      throw new IllegalArgumentException(
          optimizer + ": parameter count must be 0 or greater, found " + p);
    }
    return p;
  }

  /** That {@code initialise} was called ({@code p >= 0}). */
  static void initialised(String optimizer, int p) {
    if (p < 0) {
      throw new IllegalStateException(
          optimizer + ": call initialise(parameterCount) before step or restore");
    }
  }

  /** Arguments of a step: initialised, {@code theta} and {@code mask} over {@code p}. */
  static void step(String optimizer, int p, double[] theta, Mask mask, StepObjective objective) {
    initialised(optimizer, p);
    if (theta.length != p || mask.size() != p || objective.parameterCount() != p) {
      throw new IllegalArgumentException(
          optimizer + ": initialised for " + p + " parameters, but theta has " + theta.length
              + ", the mask covers " + mask.size() + " and the objective has "
              + objective.parameterCount());
    }
  }
}
