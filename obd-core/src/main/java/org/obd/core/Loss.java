package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Per-sample losses {@code ℓ(o, y)} of the network output {@code o} against the target {@code y},
 * each owning all its derivatives: value and gradient, Hessian-vector products, the Hessian's
 * diagonal and a factorisation of it, the targets at which the Gauss–Newton matrix is the Hessian,
 * and the noise model behind it. No other class asks which loss it is.
 *
 * <ul>
 *   <li>{@code mse}: {@code ℓ = ½ Σ_j (o_j − y_j)²}; gradient {@code o − y}; Hessian {@code I};
 *       a Gaussian noise model with precision {@code β} per output.
 *   <li>{@code softmax-cross-entropy}: {@code ℓ = −Σ_j y_j log softmax(o)_j} on raw outputs
 *       (logits); with {@code s = Σ_j y_j} (1 for one-hot or probability targets) the gradient is
 *       {@code s p − y} and the Hessian {@code s (diag p − p pᵀ)}, {@code p = softmax(o)}; the
 *       softmax is itself the noise model ({@code β = 1}).
 * </ul>
 *
 * <p>The training objective is the mean of the loss over the samples of a data set
 * ({@link Objective}). The batch methods work on the first {@code rows} rows of row-per-sample
 * matrices ({@code rows × C}) and allocate nothing.
 */
public enum Loss {
  /** Half the squared error. */
  MSE {
    @Override
    double valueAndGradient(
        DMatrixRMaj o, DMatrixRMaj y, int rows, DMatrixRMaj g, double scale, DMatrixRMaj probs) {
      int c = o.numCols;
      double[] od = o.data;
      double[] yd = y.data;
      double[] gd = g.data;
      double total = 0;
      for (int i = 0, n = rows * c; i < n; i++) {
        double d = od[i] - yd[i];
        total += 0.5 * d * d;
        gd[i] = scale * d;
      }
      return total;
    }

    @Override
    void hessianVector(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, DMatrixRMaj v, DMatrixRMaj out, double scale) {
      double[] vd = v.data;
      double[] od = out.data;
      for (int i = 0, n = rows * v.numCols; i < n; i++) {
        od[i] = scale * vd[i];
      }
    }

    @Override
    int factorRows(int outputs) {
      return outputs;
    }

    @Override
    void hessianFactor(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double rootScale, DMatrixRMaj factor) {
      int c = y.numCols;
      double[] g = factor.data;
      Arrays.fill(g, 0, rows * c * c, 0.0);
      for (int n = 0; n < rows; n++) {
        for (int j = 0; j < c; j++) {
          g[(n * c + j) * c + j] = rootScale;
        }
      }
    }

    @Override
    void hessianDiagonal(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj out) {
      Arrays.fill(out.data, 0, rows * out.numCols, scale);
    }

    /** {@code H_ℓ = I}: {@code scale · Σ_c W_cj²}, the same for every row but for {@code f}. */
    @Override
    void pulledBackHessianDiagonal(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj w, double[] f,
        DMatrixRMaj out, Pullback work) {
      int c = w.numRows;
      int m = w.numCols;
      double[] sum = work.d;
      if (!work.current) {
        double sigma = Pullback.unit(w.data, 0, c * m);
        Arrays.fill(sum, 0, m, 0.0);
        for (int i = 0; i < c; i++) {
          for (int j = 0; j < m; j++) {
            double v = w.data[i * m + j] / sigma;
            sum[j] = Math.fma(v, v, sum[j]);
          }
        }
        work.sigma[0] = sigma;
        work.current = true;
      }
      double sigma = work.sigma[0];
      double[] o = out.data;
      for (int n = 0; n < rows; n++) {
        for (int j = 0; j < m; j++) {
          double fs = (f == null ? 1.0 : f[n * m + j]) * sigma;
          o[n * m + j] = scale * sum[j] * fs * fs;
        }
      }
    }

    @Override
    public DMatrixRMaj gaussNewtonTargets(DMatrixRMaj outputs, DMatrixRMaj targets) {
      checkShapes(outputs, targets);
      return outputs.copy();
    }

    @Override
    public boolean noisePrecisionIsFixed() {
      return false;
    }

    @Override
    public double noisePrecision(double meanLoss, int outputs) {
      if (!(meanLoss > 0) || !Double.isFinite(meanLoss)) {
        throw new IllegalArgumentException(
            "the mean squared-error loss is " + meanLoss + ", so the fitted noise precision"
                + " C/(2E) is not finite; it needs residuals that are not all zero");
      }
      return outputs / (2.0 * meanLoss);
    }
  },

  /** Cross-entropy of the softmax of the outputs. */
  SOFTMAX_CROSS_ENTROPY {
    @Override
    double valueAndGradient(
        DMatrixRMaj o, DMatrixRMaj y, int rows, DMatrixRMaj g, double scale, DMatrixRMaj probs) {
      int c = o.numCols;
      double[] od = o.data;
      double[] yd = y.data;
      double[] gd = g.data;
      double[] pd = probs.data;
      double total = 0;
      for (int r = 0; r < rows; r++) {
        int oi = r * c;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          max = Math.max(max, od[oi + j]);
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
          double e = Math.exp(od[oi + j] - max);
          pd[oi + j] = e;
          sum += e;
        }
        double logSum = Math.log(sum) + max;
        double ySum = 0;
        for (int j = 0; j < c; j++) {
          pd[oi + j] /= sum;
          double yj = yd[oi + j];
          ySum += yj;
          if (yj != 0) {
            total -= yj * (od[oi + j] - logSum);
          }
        }
        for (int j = 0; j < c; j++) {
          gd[oi + j] = scale * (ySum * pd[oi + j] - yd[oi + j]);
        }
      }
      return total;
    }

    @Override
    void hessianVector(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, DMatrixRMaj v, DMatrixRMaj out, double scale) {
      int c = v.numCols;
      double[] vd = v.data;
      double[] od = out.data;
      double[] pd = probs.data;
      double[] yd = y.data;
      for (int r = 0; r < rows; r++) {
        int oi = r * c;
        double ySum = rowSum(yd, oi, c);
        double pv = 0;
        for (int j = 0; j < c; j++) {
          pv += pd[oi + j] * vd[oi + j];
        }
        for (int j = 0; j < c; j++) {
          od[oi + j] = scale * ySum * pd[oi + j] * (vd[oi + j] - pv);
        }
      }
    }

    /**
     * {@code H_ℓ = s (diag p − p pᵀ)} has rank {@code C − 1} ({@code H_ℓ 1 = 0}), so {@code C − 1}
     * rows suffice. About the most probable class {@code ĉ}, {@code vᵀ H_ℓ v = s dᵀ (diag p' − p'
     * p'ᵀ) d} with {@code d_c = v_c − v_ĉ} and {@code p'} the other classes' probabilities
     * (summing to {@code 1 − p_ĉ > 0}, so that matrix is positive definite). Its Cholesky factor is
     * closed-form: with {@code t_j = 1 − Σ_{i<j} p'_i} ({@code t ≥ p_ĉ ≥ 1/C}, no small divisor),
     * column {@code j} is {@code √(p'_j t_{j+1}/t_j)} on the diagonal and {@code −p'_i √(p'_j /
     * (t_j t_{j+1}))} below it. Row {@code j} is that column mapped back by {@code d = T v}: its
     * entries at the other classes, and minus their sum at {@code ĉ}. Nothing near {@code p_ĉ = 1}
     * is a difference of nearly equal numbers.
     */
    @Override
    int factorRows(int outputs) {
      return Math.max(1, outputs - 1);
    }

    @Override
    void hessianFactor(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double rootScale, DMatrixRMaj factor) {
      int c = y.numCols;
      int k = factorRows(c);
      double[] g = factor.data;
      double[] p = probs.data;
      double[] yd = y.data;
      Arrays.fill(g, 0, rows * k * c, 0.0);
      for (int n = 0; n < rows; n++) {
        int pi = n * c;
        int best = 0;
        for (int i = 1; i < c; i++) {
          if (p[pi + i] > p[pi + best]) {
            best = i;
          }
        }
        double root = rootScale * Math.sqrt(rowSum(yd, pi, c));
        double t = 1;
        int j = 0;
        for (int cj = 0; cj < c; cj++) {
          if (cj == best) {
            continue;
          }
          double pj = p[pi + cj];
          double tNext = t - pj;
          int base = (n * k + j) * c;
          double sum = 0;
          if (pj > 0) {
            double diag = root * Math.sqrt(pj * tNext / t);
            g[base + cj] = diag;
            sum = diag;
            double below = -root * Math.sqrt(pj / (t * tNext));
            for (int ci = cj + 1; ci < c; ci++) {
              if (ci != best) {
                double v = below * p[pi + ci];
                g[base + ci] = v;
                sum += v;
              }
            }
          }
          g[base + best] = -sum;
          t = tNext;
          j++;
        }
      }
    }

    @Override
    void hessianDiagonal(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj out) {
      int c = out.numCols;
      double[] o = out.data;
      double[] p = probs.data;
      double[] yd = y.data;
      for (int n = 0; n < rows; n++) {
        double ySum = rowSum(yd, n * c, c);
        for (int j = 0; j < c; j++) {
          double pj = p[n * c + j];
          o[n * c + j] = scale * ySum * pj * (1 - pj);
        }
      }
    }

    /**
     * {@code H_ℓ = s (diag p − p pᵀ)}, so {@code (Wᵀ H_ℓ W)_jj = s (Σ_c p_c W_cj² − (Σ_c p_c
     * W_cj)²)}, the variance of column {@code j} of W under {@code p}. That difference would lose
     * the digits of a confident sample ({@code p_ĉ → 1}: both terms near {@code W_ĉj²}), so it is
     * taken about the row of the sample's most probable class, {@code D = W − 1 W_ĉ}: {@code Σ_c
     * p_c D_cj² − (Σ_c p_c D_cj)²}, whose second term is the first's order times {@code 1 − p_ĉ}.
     * The samples are grouped by {@code ĉ}, each group one product {@code P [D∘D | D]} (D scaled
     * by a power of two, {@link Pullback#unit}); the variance is clamped at 0.
     */
    @Override
    void pulledBackHessianDiagonal(
        DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj w, double[] f,
        DMatrixRMaj out, Pullback work) {
      int c = w.numRows;
      int m = w.numCols;
      double[] p = probs.data;
      double[] wd = w.data;
      int[] start = work.start;
      int[] order = work.order;
      int[] ref = work.ref;
      Arrays.fill(start, 0, c + 1, 0);
      for (int n = 0; n < rows; n++) {
        int best = 0;
        for (int i = 1; i < c; i++) {
          if (p[n * c + i] > p[n * c + best]) {
            best = i;
          }
        }
        ref[n] = best;
        start[best + 1]++;
      }
      for (int i = 0; i < c; i++) {
        start[i + 1] += start[i];
      }
      int[] next = work.next;
      System.arraycopy(start, 0, next, 0, c);
      for (int n = 0; n < rows; n++) {
        order[next[ref[n]]++] = n;
      }
      double[] d = work.d;
      int table = c * 2 * m;
      if (!work.current) {
        // [D∘D | D] about each class's row, D scaled by a power of two: once per W
        for (int g = 0; g < c; g++) {
          for (int i = 0; i < c; i++) {
            for (int j = 0; j < m; j++) {
              d[g * table + i * 2 * m + m + j] = wd[i * m + j] - wd[g * m + j];
            }
          }
          double sigma = Pullback.unit(d, g * table, table);
          for (int i = 0; i < c; i++) {
            for (int j = 0; j < m; j++) {
              int at = g * table + i * 2 * m;
              double v = d[at + m + j] / sigma;
              d[at + j] = v * v;
              d[at + m + j] = v;
            }
          }
          work.sigma[g] = sigma;
        }
        work.current = true;
      }
      double[] pg = work.pg;
      double[] sm = work.sm;
      double[] o = out.data;
      double[] yd = y.data;
      for (int g = 0; g < c; g++) {
        int from = start[g];
        int count = start[g + 1] - from;
        if (count == 0) {
          continue;
        }
        double sigma = work.sigma[g];
        for (int t = 0; t < count; t++) {
          System.arraycopy(p, order[from + t] * c, pg, t * c, c);
        }
        Gemm.gemm(
            false, false, count, 2 * m, c, pg, 0, c, d, g * table, 2 * m, false, sm, 0, 2 * m);
        for (int t = 0; t < count; t++) {
          int n = order[from + t];
          double k = scale * rowSum(yd, n * c, c);
          int b = t * 2 * m;
          for (int j = 0; j < m; j++) {
            double mean = sm[b + m + j];
            double fs = (f == null ? 1.0 : f[n * m + j]) * sigma;
            o[n * m + j] = k * Math.max(0.0, sm[b + j] - mean * mean) * fs * fs;
          }
        }
      }
    }

    /** {@code s · softmax(o)} with {@code s = Σ_j y_j} of each original target. */
    @Override
    public DMatrixRMaj gaussNewtonTargets(DMatrixRMaj outputs, DMatrixRMaj targets) {
      checkShapes(outputs, targets);
      int c = outputs.numCols;
      DMatrixRMaj t = new DMatrixRMaj(outputs.numRows, c);
      for (int i = 0; i < outputs.numRows; i++) {
        double s = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
          s += targets.get(i, j);
          max = Math.max(max, outputs.get(i, j));
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
          double e = Math.exp(outputs.get(i, j) - max);
          t.set(i, j, e);
          sum += e;
        }
        for (int j = 0; j < c; j++) {
          t.set(i, j, s * t.get(i, j) / sum);
        }
      }
      return t;
    }

    @Override
    public boolean noisePrecisionIsFixed() {
      return true;
    }

    @Override
    public double noisePrecision(double meanLoss, int outputs) {
      return 1.0;
    }
  };

  /** The name used in configs and on the command line ({@link ConfigNames}). */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * Looks up a loss by its config name.
   *
   * @throws IllegalArgumentException naming the value and the valid choices
   */
  public static Loss fromName(String name) {
    return ConfigNames.parse(Loss.class, name, "loss");
  }

  /** The valid config names, comma separated. */
  public static String names() {
    return ConfigNames.list(Loss.class);
  }

  /** The loss of one output vector {@code o} against target {@code y} (equal lengths). */
  public double value(double[] o, double[] y) {
    if (o.length != y.length) {
      throw new IllegalArgumentException(
          "output has " + o.length + " values but target has " + y.length);
    }
    DMatrixRMaj om = DMatrixRMaj.wrap(1, o.length, o.clone());
    DMatrixRMaj ym = DMatrixRMaj.wrap(1, y.length, y.clone());
    DMatrixRMaj g = new DMatrixRMaj(1, o.length);
    return valueAndGradient(om, ym, 1, g, 0.0, new DMatrixRMaj(1, o.length));
  }

  /**
   * Sums the loss over {@code rows} rows of {@code o} against the same rows of {@code y}, and
   * writes {@code scale · ∂ℓ/∂o} into {@code g}. For cross-entropy {@code probs} receives softmax(o)
   * per row (the other methods read it back).
   */
  abstract double valueAndGradient(
      DMatrixRMaj o, DMatrixRMaj y, int rows, DMatrixRMaj g, double scale, DMatrixRMaj probs);

  /**
   * Writes {@code scale · H_ℓ v} per row into {@code out}, {@code H_ℓ} the loss's Hessian with
   * respect to the output at the point last passed to {@link #valueAndGradient} (whose {@code
   * probs} must be given again). {@code out} must not alias {@code v}.
   */
  abstract void hessianVector(
      DMatrixRMaj y, int rows, DMatrixRMaj probs, DMatrixRMaj v, DMatrixRMaj out, double scale);

  /**
   * How many factor rows {@link #hessianFactor} writes per sample for {@code outputs} outputs: at
   * least the rank of the loss Hessian, at most {@code outputs}.
   */
  abstract int factorRows(int outputs);

  /**
   * Writes a factorisation {@code H_ℓ = Σ_r u_r u_rᵀ} of each row's loss Hessian, times {@code
   * rootScale}, as {@code K = factorRows(C)} factor rows per sample: row {@code n·K + r} of {@code
   * factor} ({@code rows·K × C}) is {@code rootScale · u_r} of sample {@code n}. Every factor has
   * sign +1 (the loss Hessian is positive semi-definite).
   */
  abstract void hessianFactor(
      DMatrixRMaj y, int rows, DMatrixRMaj probs, double rootScale, DMatrixRMaj factor);

  /**
   * Writes {@code f_j² · scale · diag(Wᵀ H_ℓ W)_j} of each row into {@code out} ({@code rows × m}):
   * the diagonal of the loss Hessian pulled back through a linear map {@code W} ({@code C × m},
   * an output layer's weights) and scaled by {@code f} ({@code rows × m}, the activation
   * derivatives below it; null for 1), at the point last passed to {@link #valueAndGradient}.
   * Every entry is at least 0. {@code W}'s entries are taken over a power of two near its largest
   * and {@code f} times it, so that weights whose squares overflow still give 0 where {@code f} is 0.
   * What depends on {@code W} alone is made on the first call after {@link Pullback#stale} and
   * kept in {@code work} until the next: call it whenever {@code W} changes.
   */
  abstract void pulledBackHessianDiagonal(
      DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj w, double[] f,
      DMatrixRMaj out, Pullback work);

  /**
   * Work buffers of {@link #pulledBackHessianDiagonal} for one map {@code W} ({@code C × m} at
   * most), up to {@code rows} rows at a time, and its tables made from {@code W}.
   */
  static final class Pullback {
    final int[] start;
    final int[] next;
    final int[] order;
    final int[] ref;
    /** The tables made from {@code W}: per class, {@code [D∘D | D]} ({@code C × 2m}). */
    final double[] d;
    /** The power of two each table is scaled by. */
    final double[] sigma;
    /** Whether {@link #d} and {@link #sigma} hold the current {@code W}'s. */
    boolean current;
    final double[] pg;
    final double[] sm;

    Pullback(int rows, int c, int m) {
      start = new int[c + 1];
      next = new int[c];
      order = new int[rows];
      ref = new int[rows];
      d = new double[c * c * 2 * m];
      sigma = new double[c];
      pg = new double[rows * c];
      sm = new double[Math.max(rows, 1) * 2 * m];
    }

    /** {@code W} has changed: its tables are made again on the next call. */
    void stale() {
      current = false;
    }

    /**
     * A power of two above the largest {@code |v|} of {@code v[from .. from+n-1]} ({@code 2^1023}
     * where that would overflow; 1 when all are 0 or one is not finite): dividing by it changes no
     * bit of an entry that stays in the normal range.
     */
    static double unit(double[] v, int from, int n) {
      double max = 0;
      for (int i = from; i < from + n; i++) {
        max = Math.max(max, Math.abs(v[i]));
      }
      if (max == 0 || !Double.isFinite(max)) {
        return 1.0;
      }
      int e = Math.getExponent(max);
      return Math.scalb(1.0, e + 1 > Double.MAX_EXPONENT ? e : e + 1);
    }
  }

  /** Writes the diagonal of each row's loss Hessian, times {@code scale}, into {@code out}. */
  abstract void hessianDiagonal(
      DMatrixRMaj y, int rows, DMatrixRMaj probs, double scale, DMatrixRMaj out);

  /**
   * The targets at which every sample's loss gradient vanishes and its Hessian is unchanged, for
   * the given raw outputs and original targets ({@code N × C} each): there the exact Hessian of
   * the objective is its generalised Gauss–Newton matrix {@code (1/N) Σ_n J_nᵀ H_ℓ,n J_n}. MSE: the
   * outputs; cross-entropy: {@code s · softmax(o)}.
   */
  public abstract DMatrixRMaj gaussNewtonTargets(DMatrixRMaj outputs, DMatrixRMaj targets);

  /**
   * Whether the noise model's precision is fixed by the loss (cross-entropy: {@code β = 1}) rather
   * than a free parameter fitted to the residuals (MSE).
   */
  public abstract boolean noisePrecisionIsFixed();

  /**
   * The noise precision {@code β} of the loss's noise model at the maximum of the likelihood,
   * given the mean loss over the samples (no regulariser) and the number of outputs {@code C}:
   * MSE {@code C / (2E)}, cross-entropy 1.
   *
   * @throws IllegalArgumentException for MSE when the mean loss is not positive and finite
   */
  public abstract double noisePrecision(double meanLoss, int outputs);

  /** {@code Σ_j y_j} of one target row: 1 for one-hot and probability targets. */
  private static double rowSum(double[] y, int from, int c) {
    double s = 0;
    for (int j = 0; j < c; j++) {
      s += y[from + j];
    }
    return s;
  }

  private static void checkShapes(DMatrixRMaj outputs, DMatrixRMaj targets) {
    if (outputs.numRows != targets.numRows || outputs.numCols != targets.numCols) {
      throw new IllegalArgumentException(
          "outputs are " + outputs.numRows + "x" + outputs.numCols + " but targets are "
              + targets.numRows + "x" + targets.numCols);
    }
  }
}
