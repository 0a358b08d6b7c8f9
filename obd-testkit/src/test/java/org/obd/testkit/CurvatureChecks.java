package org.obd.testkit;

import java.util.List;
import java.util.Map;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * The comparisons behind the Hessian-diagonal properties ({@link CurvatureAgreementProperties}),
 * written once so that {@link CurvatureCheckRejectionProperties} can show that each of them
 * rejects a wrong result. Every failure is an {@link AssertionError} naming the compared quantity
 * and the entry ({@code entry k (layerL.weight[i][j])}).
 */
final class CurvatureChecks {

  /**
   * Hutchinson options for properties that only need some probes (determinism, masks, threads):
   * 4 probes, seed 7.
   */
  static final Probes FEW_PROBES = new Probes(4, 7L);

  /**
   * The options of the stochastic method in these checks: {@code hutchinson}'s probe count and the
   * seed of its probes.
   */
  record Probes(int probes, long seed) {
    /** 16 probes, seed 0. */
    static Probes defaults() {
      return new Probes(16, 0L);
    }
  }

  private CurvatureChecks() {}

  /**
   * Every built-in method on {@code p}'s model and data, in registry order ({@code hutchinson} with
   * {@code options}).
   */
  static double[][] everyMethod(Objective o, Problem p, Probes options) {
    List<String> names = HessianDiagonal.names();
    double[][] out = new double[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      out[i] = method(names.get(i), options, o, p);
    }
    return out;
  }

  /** The named method on {@code p}'s model and data. */
  static double[] method(String name, Probes options, Objective o, Problem p) {
    Model m = p.model();
    return HessianDiagonal.builtins()
        .createWithShared(name, Map.of("probes", options.probes()))
        .compute(o, m.parameters(), m.mask(), p.data(), options.seed());
  }

  /** The named method with default options. */
  static double[] method(String name, Objective o, Problem p) {
    return method(name, Probes.defaults(), o, p);
  }

  /**
   * Asserts that two computations of the same quantity agree up to rounding: {@link
   * Tolerances#ROUNDING} with the absolute floor widened by {@code S = max(1, max_k max(|e_k|,
   * |a_k|))}, that is {@code |a_k − e_k| ≤ 1e-12 · S + 1e-10 · max(|a_k|, |e_k|)}. The floor
   * scales with the largest entry because an entry is a sum of per-sample, per-unit terms whose
   * rounding is relative to the terms, which may cancel in that entry but not in all of them.
   */
  static void requireSameUpToRounding(
      String what, double[] expected, double[] actual, List<String> names) {
    Tolerances.ROUNDING.scaledAbsolute(largest(expected, actual)).assertClose(
        what, expected, actual, names);
  }

  /** {@code max(1, max_k max(|a_k|, |b_k|))}. */
  static double largest(double[] a, double[] b) {
    double s = 1;
    for (int k = 0; k < a.length; k++) {
      s = Math.max(s, Math.abs(a[k]));
    }
    for (int k = 0; k < b.length; k++) {
      s = Math.max(s, Math.abs(b[k]));
    }
    return s;
  }

  /** Asserts {@code v_k ≥ 0} for every entry, exactly (a NaN fails). */
  static void requireNonNegative(String what, double[] v, List<String> names) {
    for (int k = 0; k < v.length; k++) {
      if (!(v[k] >= 0)) {
        throw new AssertionError(
            what + ": entry " + k + " (" + names.get(k) + ") must not be negative, found " + v[k]);
      }
    }
  }

  /** Asserts that every entry deleted by {@code mask} is exactly 0 (bit pattern of 0.0 or -0.0). */
  static void requireZeroAtDeleted(String what, double[] v, Mask mask, List<String> names) {
    for (int k : mask.deletedIndices()) {
      if (v[k] != 0.0) {
        throw new AssertionError(
            what + ": entry " + k + " (" + names.get(k)
                + ") is deleted by the mask and must be exactly 0, found " + v[k]);
      }
    }
  }

  /**
   * The full Hessian at the model, {@code H[k][j] = (H e_j)_k}, from one exact Hessian-vector
   * product per kept parameter (deleted rows and columns are 0).
   */
  static double[][] hessian(Objective o, Model m, Dataset d) {
    int p = m.network().parameterCount();
    double[][] h = new double[p][p];
    double[] e = new double[p];
    double[] column = new double[p];
    for (int j = 0; j < p; j++) {
      if (m.mask().isDeleted(j)) {
        continue;
      }
      e[j] = 1.0;
      o.hessianVector(m.parameters(), m.mask(), d, e, column);
      e[j] = 0.0;
      for (int k = 0; k < p; k++) {
        h[k][j] = column[k];
      }
    }
    return h;
  }

  /**
   * The multiplier {@code c = sqrt(2 ln(2/δ))} of the Hoeffding bound below for a two-sided
   * failure probability {@code δ} per entry.
   */
  static double hoeffdingMultiplier(double delta) {
    return Math.sqrt(2 * Math.log(2 / delta));
  }

  /**
   * The allowed distance of a mean over {@code probes} Rademacher probes from {@code h_kk}:
   * {@code c · sqrt(Σ_{j≠k} H_kj² / probes)} plus a rounding allowance {@code 1e-12 + 1e-10 ·
   * Σ_j |H_kj|} (each probe's {@code (Hz)_k} is a sum of terms of magnitude at most {@code Σ_j
   * |H_kj|}, and {@code H} itself was computed by other products; see {@link
   * CurvatureAgreementProperties} for the statistics).
   */
  static double hoeffdingBound(double[][] h, int k, int probes, double multiplier) {
    double offDiagonal = 0;
    double absolute = 0;
    for (int j = 0; j < h.length; j++) {
      absolute += Math.abs(h[k][j]);
      if (j != k) {
        offDiagonal += h[k][j] * h[k][j];
      }
    }
    return multiplier * Math.sqrt(offDiagonal / probes) + 1e-12 + 1e-10 * absolute;
  }

  /**
   * Asserts {@code |estimate_k − H_kk| ≤ }{@link #hoeffdingBound} for every {@code k}.
   *
   * @param multiplier {@link #hoeffdingMultiplier} of the per-entry failure probability
   */
  static void requireWithinHoeffding(
      String what, double[][] h, double[] estimate, int probes, double multiplier,
      List<String> names) {
    for (int k = 0; k < estimate.length; k++) {
      double bound = hoeffdingBound(h, k, probes, multiplier);
      double error = Math.abs(estimate[k] - h[k][k]);
      if (!(error <= bound)) {
        throw new AssertionError(
            what + ": entry " + k + " (" + names.get(k) + ") is " + estimate[k]
                + " but the exact diagonal is " + h[k][k] + " (|difference| " + error
                + " > bound " + bound + " for " + probes + " probes)");
      }
    }
  }
}
