package org.obd.saliency;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.obd.core.Cholesky;
import org.obd.core.Curvature;
import org.obd.core.Descriptor;
import org.obd.core.Echo;
import org.obd.core.Gemm;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * {@code obs}: Optimal Brain Surgeon (Hassibi &amp; Stork 1993).
 *
 * <p>With {@code H} the Hessian of {@code E} over the {@code m} remaining parameters (plus
 * {@code λ I}, option {@code damping}), the score of parameter {@code q} is
 * {@code L_q = w_q² / (2 [H⁻¹]_qq)}: the least rise of the quadratic model of {@code E} over all
 * changes of the remaining parameters that set {@code w_q} to 0. {@link #delete} applies that
 * change, {@code δw = −(w_q / [H⁻¹]_qq) H⁻¹ e_q}, and then removes {@code q} from {@code H⁻¹}
 * by the rank-one downdate {@code H⁻¹ ← H⁻¹ − H⁻¹ e_q e_qᵀ H⁻¹ / [H⁻¹]_qq} (the inverse of
 * {@code H} without row and column {@code q}), so the next deletion of the same step is optimal
 * for the remaining ones: a step deleting a set {@code S} ends at the minimum of the quadratic
 * model subject to {@code w_S = 0}, whatever the order. Units: those of {@code E}. At an exact
 * minimum of a quadratic {@code E} (a linear model with MSE), {@code L_q} is exactly the rise after
 * the update, and never more than {@code obd}'s {@code ½ h_qq w_q²}, because
 * {@code [H⁻¹]_qq ≥ 1/h_qq} for a positive definite {@code H}.
 *
 * <p>{@code H} is dense (option {@code hessian}):
 *
 * <ul>
 *   <li>{@code exact}: built column by column from {@code m} exact Hessian-vector products of the
 *       context's curvature (≈3m gradients);
 *   <li>{@code gauss-newton}: the generalized Gauss–Newton matrix
 *       {@code (1/N) Σ_n J_nᵀ H_ℓ,n J_n} plus the regulariser's Hessian, always positive
 *       semi-definite (the outer-product form Hassibi &amp; Stork use), built from per-sample
 *       Jacobians ({@link Objective#gaussNewtonMatrix}): about (outputs) gradients plus the
 *       products of the Jacobians, typically tens of times cheaper than {@code exact}.
 * </ul>
 *
 * <p>Cost: building {@code H} as above, {@code O(m³)} for its Cholesky factor {@code L} and
 * {@code L⁻¹} (blocked on the product kernel; {@code [H⁻¹]_qq} is the squared norm of column
 * {@code q} of {@code L⁻¹}, and a step deleting {@code d} parameters forms only their {@code d}
 * columns of {@code H⁻¹}, then downdates them in {@code O(m·d²)}); LU and the whole inverse when
 * the damped matrix is not positive definite; {@code O(m²)} memory;
 * {@code m} may not exceed option {@code max-parameters}. The inverse is kept for the last context
 * scored, so {@code scores} then {@code delete} on one context build it once.
 */
public final class ObsSaliency implements Saliency {

  /**
   * Options of {@code obs}.
   *
   * @param hessian {@code exact} or {@code gauss-newton}
   * @param damping {@code λ ≥ 0} added to the Hessian's diagonal before inversion, in units of
   *     {@code E} per squared parameter unit; keeps {@code H} invertible in flat directions (e.g.
   *     an over-parameterised network) at the price of slightly smaller updates
   * @param maxParameters the largest number of remaining parameters a dense Hessian is built for
   *     (key {@code max-parameters})
   */
  public record Options(String hessian, double damping, int maxParameters) {

    /** Validates each value, naming its key. */
    public Options {
      if (!"exact".equals(hessian) && !"gauss-newton".equals(hessian)) {
        throw new IllegalArgumentException(
            "option 'hessian' must be one of exact, gauss-newton, found "
                + (hessian == null ? "nothing" : Echo.quote(hessian)));
      }
      if (!(damping >= 0 && Double.isFinite(damping))) {
        throw new IllegalArgumentException(
            "option 'damping' must be a finite number 0 or greater, found " + damping);
      }
      if (maxParameters < 1) {
        throw new IllegalArgumentException(
            "option 'max-parameters' must be 1 or greater, found " + maxParameters);
      }
    }
  }

  /** Default {@code damping}. */
  public static final double DEFAULT_DAMPING = 1e-4;

  /** Default {@code max-parameters}. */
  public static final int DEFAULT_MAX_PARAMETERS = 2000;

  /** The declaration. */
  public static final Descriptor<Options, Saliency> DESCRIPTOR =
      Descriptor.of(
          "obs",
          "w_q²/(2[H⁻¹]_qq) with the compensating update of the other weights; dense Hessian,"
              + " m products + O(m³)",
          "Hassibi & Stork (1993), Second Order Derivatives for Network Pruning: Optimal Brain"
              + " Surgeon",
          new Options("exact", DEFAULT_DAMPING, DEFAULT_MAX_PARAMETERS),
          ObsSaliency::new);

  private final Options options;
  private SaliencyContext cachedContext;
  private Inverse cachedInverse;

  /** The strategy with the given options. */
  public ObsSaliency(Options options) {
    this.options = options;
  }

  /**
   * {@code H⁻¹} over the remaining parameters {@code remaining} (ascending): its diagonal, and
   * either {@code X = L⁻¹} for the Cholesky factor {@code L} of {@code H} ({@code H⁻¹ = Xᵀ·X}) or,
   * when {@code H} is not positive definite, all of {@code H⁻¹} (by LU).
   */
  private record Inverse(int[] remaining, double[] diagonal, double[] factorInverse,
      DMatrixRMaj full) {

    /** Columns {@code cols} (positions in {@code remaining}) of {@code H⁻¹}: {@code m × d}. */
    double[] columns(int[] cols) {
      int m = remaining.length;
      int d = cols.length;
      double[] c = new double[m * d];
      if (full != null) {
        for (int i = 0; i < m; i++) {
          for (int t = 0; t < d; t++) {
            c[i * d + t] = full.get(i, cols[t]);
          }
        }
        return c;
      }
      double[] g = new double[m * d];
      for (int k = 0; k < m; k++) {
        for (int t = 0; t < d; t++) {
          g[k * d + t] = factorInverse[k * m + cols[t]];
        }
      }
      Gemm.gemm(true, false, m, d, m, factorInverse, 0, m, g, 0, d, false, c, 0, d);
      return c;
    }
  }

  @Override
  public double[] scores(SaliencyContext context) {
    Inverse inv = inverse(context);
    double[] s = new double[context.network().parameterCount()];
    int[] r = inv.remaining();
    for (int i = 0; i < r.length; i++) {
      double w = context.model().parameter(r[i]);
      s[r[i]] = w * w / (2.0 * inv.diagonal()[i]);
    }
    return s;
  }

  /** A deletion: the model after it and the rise of the quadratic model it predicts. */
  private record Deletion(SaliencyContext context, int[] indices, Model model, double rise) {}

  private Deletion lastDeletion;

  @Override
  public Model delete(SaliencyContext context, int[] indices) {
    Deletion d = deletion(context, indices);
    return d.model();
  }

  /**
   * The rise of the quadratic model of {@code E} when the set is deleted with the compensating
   * update: the sum, over the deletions in order, of {@code w_q² / (2 [H⁻¹]_qq)} with {@code w} and
   * {@code H⁻¹} as updated and downdated by the deletions before it, which equals
   * {@code ½ w_Sᵀ [(H⁻¹)_SS]⁻¹ w_S} for the whole set {@code S} (not the sum of the single-deletion
   * scores, which ignores how the deletions interact).
   */
  @Override
  public OptionalDouble predictedChange(
      SaliencyContext context, int[] indices, double[] scores) {
    return OptionalDouble.of(deletion(context, indices).rise());
  }

  private synchronized Deletion deletion(SaliencyContext context, int[] indices) {
    Deletion last = lastDeletion;
    if (last != null && last.context() == context && Arrays.equals(last.indices(), indices)) {
      return last;
    }
    lastDeletion = run(context, indices.clone());
    return lastDeletion;
  }

  private Deletion run(SaliencyContext context, int[] indices) {
    Model model = context.model();
    Mask mask = model.mask();
    for (int q : indices) {
      if (q < 0 || q >= mask.size() || mask.isDeleted(q)) {
        throw new IllegalArgumentException(
            "obs: parameter " + q + " cannot be deleted: "
                + (q < 0 || q >= mask.size()
                    ? "it is outside 0.." + (mask.size() - 1)
                    : "it is already deleted"));
      }
    }
    Inverse inv = inverse(context);
    int[] r = inv.remaining();
    int m = r.length;
    int[] position = new int[mask.size()];
    Arrays.fill(position, -1);
    double[] w = new double[m];
    for (int i = 0; i < m; i++) {
      position[r[i]] = i;
      w[i] = model.parameter(r[i]);
    }
    int n = indices.length;
    int[] cols = new int[n];
    boolean[] gone = new boolean[m];
    for (int t = 0; t < n; t++) {
      cols[t] = position[indices[t]];
      if (gone[cols[t]]) {
        throw new IllegalArgumentException(
            "obs: parameter " + indices[t] + " is listed twice in one deletion");
      }
      gone[cols[t]] = true;
    }
    Arrays.fill(gone, false);
    // the columns of H⁻¹ of the deleted parameters, each downdated by the deletions before it
    double[] c = inv.columns(cols);
    double rise = 0;
    for (int t = 0; t < n; t++) {
      int q = indices[t];
      int i = cols[t];
      double d = c[i * n + t];
      if (!(Math.abs(d) > 0) || !Double.isFinite(d)) {
        throw new IllegalStateException(
            "obs: [H⁻¹]_qq of parameter " + model.network().blockOf(q).parameterName(q) + " is "
                + d + "; the Hessian is degenerate there (raise option damping)");
      }
      rise += w[i] * w[i] / (2.0 * d);
      double f = w[i] / d;
      for (int j = 0; j < m; j++) {
        if (!gone[j]) {
          w[j] -= f * c[j * n + t];
        }
      }
      w[i] = 0.0;
      gone[i] = true;
      for (int u = t + 1; u < n; u++) {
        double g = c[cols[u] * n + t] / d;
        if (g == 0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          c[j * n + u] -= g * c[j * n + t];
        }
      }
    }
    double[] theta = new double[mask.size()];
    for (int i = 0; i < m; i++) {
      theta[r[i]] = gone[i] ? 0.0 : w[i];
    }
    return new Deletion(
        context, indices, new Model(model.network(), theta, mask.delete(indices)), rise);
  }

  @Override
  public boolean predictsObjectiveChange() {
    return true;
  }

  private synchronized Inverse inverse(SaliencyContext context) {
    if (cachedContext != context) {
      cachedInverse = buildInverse(context);
      cachedContext = context;
    }
    return cachedInverse;
  }

  private Inverse buildInverse(SaliencyContext context) {
    Model model = context.model();
    Mask mask = model.mask();
    int p = mask.size();
    int m = mask.remaining();
    if (m > options.maxParameters()) {
      throw new IllegalArgumentException(
          "obs: a dense Hessian over " + m + " remaining parameters is more than option"
              + " max-parameters = " + options.maxParameters() + " allows; raise max-parameters"
              + " (memory grows as m², time as m³) or use obd");
    }
    int[] r = new int[m];
    if (m == 0) {
      return new Inverse(r, new double[0], new double[0], null);
    }
    for (int k = 0, i = 0; k < p; k++) {
      if (!mask.isDeleted(k)) {
        r[i++] = k;
      }
    }
    DMatrixRMaj h;
    if ("exact".equals(options.hessian())) {
      Curvature products = context.curvature();
      h = new DMatrixRMaj(m, m);
      double[] e = new double[p];
      for (int i = 0; i < m; i++) {
        e[r[i]] = 1.0;
        double[] hv = products.hessianVector(e);
        e[r[i]] = 0.0;
        for (int j = 0; j < m; j++) {
          h.set(j, i, hv[r[j]]);
        }
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < i; j++) {
          double a = 0.5 * (h.get(i, j) + h.get(j, i));
          h.set(i, j, a);
          h.set(j, i, a);
        }
      }
    } else {
      h = context.objective().gaussNewtonMatrix(model.parameters(), mask, context.data());
    }
    for (int i = 0; i < m; i++) {
      h.add(i, i, options.damping());
    }
    double[] a = h.data.clone();
    if (Cholesky.factor(a, m)) {
      double[] x = Cholesky.invertLower(a, m);
      double[] diagonal = new double[m];
      for (int k = 0; k < m; k++) {
        for (int i = 0, base = k * m; i <= k; i++) {
          diagonal[i] += x[base + i] * x[base + i];
        }
      }
      for (double v : x) {
        if (!Double.isFinite(v)) {
          throw new IllegalStateException(singular(m));
        }
      }
      return new Inverse(r, diagonal, x, null);
    }
    DMatrixRMaj hinv = new DMatrixRMaj(m, m);
    if (!CommonOps_DDRM.invert(h.copy(), hinv)) {
      throw new IllegalStateException(singular(m));
    }
    for (double v : hinv.data) {
      if (!Double.isFinite(v)) {
        throw new IllegalStateException(singular(m));
      }
    }
    double[] diagonal = new double[m];
    for (int i = 0; i < m; i++) {
      diagonal[i] = hinv.get(i, i);
    }
    return new Inverse(r, diagonal, null, hinv);
  }

  private String singular(int m) {
    return "obs: the " + options.hessian() + " Hessian over the " + m + " remaining parameters"
        + " plus damping " + options.damping() + " is singular; raise option damping";
  }
}
