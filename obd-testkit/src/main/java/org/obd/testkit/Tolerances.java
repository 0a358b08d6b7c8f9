package org.obd.testkit;

import java.util.List;

/**
 * The one place numeric comparisons live: an actual value {@code a} is close to an expected value
 * {@code e} when
 *
 * <pre>    |a − e| ≤ absolute + relative · max(|a|, |e|)</pre>
 *
 * <p>that is, a relative error with an absolute floor (the floor matters for values near 0, where
 * a relative error is meaningless). Equal values (including equal infinities) are always close; an
 * infinity is close only to itself, and a NaN is never close to anything. Values are unitless, in the units of the compared quantity.
 *
 * <h2>Finite differences: step sizes and the default tolerances</h2>
 *
 * <p>With machine epsilon {@code ε = 2⁻⁵² ≈ 2.2e-16}, a finite difference has two errors: the
 * truncation of the Taylor series, which shrinks with the step {@code h}, and rounding in the
 * function values, which grows as {@code h} shrinks. The kit's {@link FiniteDifferences} chooses
 * {@code h} to balance them, scaled by {@code max(1, |θ_k|)} so that the step is relative to the
 * parameter it moves (and {@code θ_k ± h} differ from {@code θ_k} in enough bits):
 *
 * <ul>
 *   <li><b>First-order (central) differences</b> {@code (f(θ+h) − f(θ−h)) / 2h}, used for the
 *       gradient (from {@code E}), for Hessian-vector products and for the Hessian diagonal (from
 *       {@code ∇E}): truncation {@code h²/6 · |f‴|} is {@code O(h²)}, rounding {@code ≈ ε|f|/h} is
 *       {@code O(ε/h)}; the sum is smallest near {@code h ≈ ε^(1/3) ≈ 6e-6}, where both are
 *       {@code O(ε^(2/3)) ≈ 4e-11} times the scale of {@code f} and its third derivative. The
 *       default {@link #FIRST_ORDER} allows {@code 1e-8} absolute plus {@code 1e-6} relative.
 *       Measured on 8000 problems from {@link ObdArbitraries#problems()} (objective and
 *       derivatives of order 1), the largest error was 2% of this tolerance (Hessian-vector
 *       products; gradients 0.5%), so it leaves a margin of about 50 while still catching an
 *       entry that is off by {@code 1e-4} relative.
 *   <li><b>Second-order differences</b> {@code (f(θ+h) − 2f(θ) + f(θ−h)) / h²}, used for the
 *       Hessian diagonal from values of {@code E} alone: truncation {@code h²/12 · |f⁗|} is again
 *       {@code O(h²)}, but rounding {@code ≈ 4ε|f|/h²} is {@code O(ε/h²)}; the balance lies near
 *       {@code h ≈ ε^(1/4) ≈ 1.2e-4}, where the error is {@code O(ε^(1/2)) ≈ 1.5e-8} times the
 *       scale of {@code f} — a thousand times worse than a central difference. The default
 *       {@link #SECOND_ORDER} therefore allows {@code 1e-5} absolute plus {@code 1e-4} relative;
 *       on the same 8000 problems the largest error was 0.9% of it.
 * </ul>
 *
 * <p>Both defaults assume an objective of order 1; the rounding part of the error is proportional
 * to {@code |E|}, so {@link FiniteDifferences} widens the absolute floor by {@code max(1, |E(θ)|)}
 * ({@link #scaledAbsolute}).
 *
 * <p>{@link #ROUNDING} is for two computations of the same quantity that differ only in the order
 * of floating-point operations (for example, different minibatch sizes).
 *
 * @param absolute the absolute floor, finite and at least 0
 * @param relative the relative part, finite and at least 0, a fraction of {@code max(|a|, |e|)}
 */
public record Tolerances(double absolute, double relative) {

  /** Tolerance for first-order central differences: {@code 1e-8} absolute, {@code 1e-6} relative. */
  public static final Tolerances FIRST_ORDER = new Tolerances(1e-8, 1e-6);

  /** Tolerance for second differences of values: {@code 1e-5} absolute, {@code 1e-4} relative. */
  public static final Tolerances SECOND_ORDER = new Tolerances(1e-5, 1e-4);

  /**
   * Tolerance for the same quantity computed with operations in another order: {@code 1e-12}
   * absolute, {@code 1e-10} relative (a few hundred ulps of accumulated rounding).
   */
  public static final Tolerances ROUNDING = new Tolerances(1e-12, 1e-10);

  /** Validates that both parts are finite and not negative. */
  public Tolerances {
    if (!(absolute >= 0) || Double.isInfinite(absolute)) {
      throw new IllegalArgumentException(
          "tolerances.absolute must be finite and 0 or greater, found " + absolute);
    }
    if (!(relative >= 0) || Double.isInfinite(relative)) {
      throw new IllegalArgumentException(
          "tolerances.relative must be finite and 0 or greater, found " + relative);
    }
  }

  /**
   * The same relative part with the absolute floor multiplied by {@code factor}, for quantities
   * whose rounding error scales with a known magnitude (e.g. {@code max(1, |E|)}).
   *
   * @param factor finite and at least 0
   */
  public Tolerances scaledAbsolute(double factor) {
    if (!(factor >= 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException(
          "absolute scale factor must be finite and 0 or greater, found " + factor);
    }
    return new Tolerances(absolute * factor, relative);
  }

  /** The allowed difference {@code absolute + relative · max(|actual|, |expected|)}. */
  public double bound(double expected, double actual) {
    return absolute + relative * Math.max(Math.abs(actual), Math.abs(expected));
  }

  /** Whether {@code actual} is close to {@code expected} (see the class comment). */
  public boolean close(double expected, double actual) {
    if (expected == actual) {
      return true;
    }
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      return false;
    }
    return Math.abs(actual - expected) <= bound(expected, actual);
  }

  /**
   * Asserts that {@code actual} is close to {@code expected}.
   *
   * @param what names the compared quantity in the failure message
   * @throws AssertionError naming {@code what}, both values, their difference and the tolerance
   */
  public void assertClose(String what, double expected, double actual) {
    if (!close(expected, actual)) {
      throw new AssertionError(what + ": " + describe(expected, actual));
    }
  }

  /**
   * Asserts that two vectors have equal lengths and are close entry by entry.
   *
   * @param what names the compared quantity in the failure message
   * @throws AssertionError naming {@code what}, the first failing index, both values, their
   *     difference and the tolerance
   */
  public void assertClose(String what, double[] expected, double[] actual) {
    assertClose(what, expected, actual, null);
  }

  /**
   * Asserts that two vectors have equal lengths and are close entry by entry; the failure message
   * also names the failing entry, e.g. {@code layer0.weight[1][2]}.
   *
   * @param what names the compared quantity in the failure message
   * @param names one name per index (e.g. {@code Network.parameterNames()}), or null
   * @throws AssertionError naming {@code what}, the first failing index and its name, both
   *     values, their difference and the tolerance
   */
  public void assertClose(String what, double[] expected, double[] actual, List<String> names) {
    checkLengths(what, expected, actual, names);
    for (int i = 0; i < expected.length; i++) {
      if (!close(expected[i], actual[i])) {
        throw new AssertionError(
            what + ": entry " + entry(i, names) + " differs: " + describe(expected[i], actual[i]));
      }
    }
  }

  /**
   * Asserts that two vectors are bit-for-bit identical ({@code 0.0} and {@code -0.0} differ; equal
   * NaNs agree), for computations that promise identical results.
   *
   * @param what names the compared quantity in the failure message
   * @param names one name per index, or null
   * @throws AssertionError naming {@code what}, the first differing index and its name, and both
   *     values
   */
  public static void assertIdentical(
      String what, double[] expected, double[] actual, List<String> names) {
    checkLengths(what, expected, actual, names);
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
        throw new AssertionError(
            what + ": entry " + entry(i, names) + " is not bit-identical: expected " + expected[i]
                + " but was " + actual[i]);
      }
    }
  }

  private String describe(double expected, double actual) {
    return "expected " + expected + " but was " + actual + " (|difference| "
        + Math.abs(actual - expected) + " > tolerance " + bound(expected, actual) + " = "
        + absolute + " + " + relative + " · max(|expected|, |actual|))";
  }

  private static String entry(int i, List<String> names) {
    return names == null ? Integer.toString(i) : i + " (" + names.get(i) + ")";
  }

  private static void checkLengths(
      String what, double[] expected, double[] actual, List<String> names) {
    if (expected.length != actual.length) {
      throw new AssertionError(
          what + ": expected " + expected.length + " entries but was " + actual.length);
    }
    if (names != null && names.size() != expected.length) {
      throw new IllegalArgumentException(
          what + ": " + names.size() + " names were given for " + expected.length + " entries");
    }
  }
}
