package org.obd.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A fully connected layer {@code a = W x + b}, weight shape {@code [out][in]}, bias {@code [out]}.
 * Its input may be of any shape; it is read as a flat vector of {@code in} values.
 */
public final class Dense extends Layer {

  /**
   * @param in number of inputs (size of the previous layer's output)
   * @param out number of units
   * @param activation activation applied to {@code W x + b}
   */
  public Dense(int in, int out, Activation activation) {
    this(Shape.flat(in), out, activation);
  }

  Dense(Shape input, int out, Activation activation) {
    super(input, Shape.flat(positive("out", out)), activation);
  }

  private static int positive(String field, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("dense." + field + " must be 1 or greater, found " + n);
    }
    return n;
  }

  @Override
  public String type() {
    return "dense";
  }

  /** Number of inputs. */
  public int in() {
    return inputShape().size();
  }

  /** Number of units. */
  public int out() {
    return outputShape().size();
  }

  @Override
  public int[] weightShape() {
    return new int[] {out(), in()};
  }

  @Override
  public int biasCount() {
    return out();
  }

  @Override
  int weightRows() {
    return out();
  }

  /** Scratch for squared per-row gradients: per-sample sums and squared inputs. */
  private static final class Work {
    final DMatrixRMaj q;
    final DMatrixRMaj x2;
    final DMatrixRMaj qsum;
    final DMatrixRMaj wt;

    Work(int maxRows, int in, int out) {
      wt = new DMatrixRMaj(in, out);
      q = new DMatrixRMaj(maxRows, out);
      x2 = new DMatrixRMaj(maxRows, in);
      qsum = new DMatrixRMaj(1, out);
    }
  }

  @Override
  Object newWork(int maxRows) {
    return new Work(maxRows, in(), out());
  }

  /**
   * For a dense layer row r's weight gradient is the outer product {@code g_r x_nᵀ}, so {@code
   * Σ_r s_r (g_r x_nᵀ)²} = {@code Σ_n q_n (x_n²)ᵀ} with {@code q_n = Σ_{r∈n} s_r g_r²}: one product.
   */
  @Override
  void squaredRowGradientsAdd(
      DMatrixRMaj g, int perSample, double[] sign, DMatrixRMaj x, DMatrixRMaj sqW,
      DMatrixRMaj sqB, Object work) {
    Work wk = (Work) work;
    int out = out();
    int in = in();
    int samples = g.numRows / perSample;
    wk.q.reshape(samples, out, false);
    wk.x2.reshape(samples, in, false);
    double[] q = wk.q.data;
    double[] gd = g.data;
    java.util.Arrays.fill(q, 0, samples * out, 0.0);
    for (int r = 0; r < g.numRows; r++) {
      double s = sign[r];
      if (s == 0) {
        continue;
      }
      int qb = (r / perSample) * out;
      int gb = r * out;
      for (int i = 0; i < out; i++) {
        double v = gd[gb + i];
        q[qb + i] += s * v * v;
      }
    }
    double[] xd = x.data;
    double[] x2 = wk.x2.data;
    for (int i = 0, n = samples * in; i < n; i++) {
      x2[i] = xd[i] * xd[i];
    }
    CommonOps_DDRM.multAddTransA(wk.q, wk.x2, sqW);
    CommonOps_DDRM.sumCols(wk.q, wk.qsum);
    CommonOps_DDRM.addEquals(sqB, wk.qsum);
  }

  /**
   * From this many rows on the products are EJML's; below it (minibatches of a few samples, where
   * EJML's per-call checks and single-accumulator dot products dominate) they are the plain loops
   * of {@link #linearSmall}, {@link #transposeInputSmall} and {@link #transposeWeightAddSmall}.
   */
  private static final int SMALL_ROWS = 8;

  /**
   * {@code out (+)= x Wᵀ}. For a batch, W is first transposed into the work buffer ({@code O·I}
   * copies against {@code B·O·I} multiply-adds) so that EJML's row-axpy product, which the JIT
   * vectorises, replaces the dot-product form of {@code multTransB} (about 40% faster at
   * 256×256×100). Each output is summed over the inputs in order in every form.
   */
  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    if (x.numRows < SMALL_ROWS) {
      linearSmall(x, w, out, add);
    } else {
      DMatrixRMaj wt = ((Work) work).wt;
      CommonOps_DDRM.transpose(w, wt);
      if (add) {
        CommonOps_DDRM.multAdd(x, wt, out);
      } else {
        CommonOps_DDRM.mult(x, wt, out);
      }
    }
  }

  /**
   * {@code out (+)= x Wᵀ} for a few rows: each output a dot product summed over the inputs in
   * order from 0 (as EJML's {@code multTransB}), four outputs at a time so that their additions
   * overlap instead of waiting on one another.
   */
  static void linearSmall(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add) {
    int rows = x.numRows;
    int units = w.numRows;
    int in = w.numCols;
    if (!add) {
      out.reshape(rows, units, false);
    }
    double[] xd = x.data;
    double[] wd = w.data;
    double[] od = out.data;
    for (int r = 0; r < rows; r++) {
      int xb = r * in;
      int ob = r * units;
      int o = 0;
      for (; o + 4 <= units; o += 4) {
        int w0 = o * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        for (int i = 0; i < in; i++) {
          double xi = xd[xb + i];
          t0 += xi * wd[w0 + i];
          t1 += xi * wd[w1 + i];
          t2 += xi * wd[w2 + i];
          t3 += xi * wd[w3 + i];
        }
        if (add) {
          od[ob + o] += t0;
          od[ob + o + 1] += t1;
          od[ob + o + 2] += t2;
          od[ob + o + 3] += t3;
        } else {
          od[ob + o] = t0;
          od[ob + o + 1] = t1;
          od[ob + o + 2] = t2;
          od[ob + o + 3] = t3;
        }
      }
      for (; o < units; o++) {
        int w0 = o * in;
        double t = 0;
        for (int i = 0; i < in; i++) {
          t += xd[xb + i] * wd[w0 + i];
        }
        if (add) {
          od[ob + o] += t;
        } else {
          od[ob + o] = t;
        }
      }
    }
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    if (g.numRows < SMALL_ROWS) {
      transposeInputSmall(g, w, gx, add);
    } else if (add) {
      CommonOps_DDRM.multAdd(g, w, gx);
    } else {
      CommonOps_DDRM.mult(g, w, gx);
    }
  }

  /**
   * {@code gx (+)= g W} for a few rows, row by row as a sum of the rows of W scaled by {@code g}
   * (in unit order, the first assigned unless adding: EJML's {@code mult_reorder} order).
   */
  static void transposeInputSmall(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add) {
    int rows = g.numRows;
    int units = w.numRows;
    int in = w.numCols;
    if (!add) {
      gx.reshape(rows, in, false);
    }
    double[] gd = g.data;
    double[] wd = w.data;
    double[] xd = gx.data;
    for (int r = 0; r < rows; r++) {
      int gb = r * units;
      int xb = r * in;
      int o = 0;
      if (!add) {
        double s = gd[gb];
        for (int i = 0; i < in; i++) {
          xd[xb + i] = s * wd[i];
        }
        o = 1;
      }
      for (; o < units; o++) {
        double s = gd[gb + o];
        int wb = o * in;
        for (int i = 0; i < in; i++) {
          xd[xb + i] += s * wd[wb + i];
        }
      }
    }
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    if (g.numRows < SMALL_ROWS) {
      transposeWeightAddSmall(g, x, gw);
    } else {
      CommonOps_DDRM.multAddTransA(g, x, gw);
    }
  }

  /**
   * {@code gW += gᵀ x} for a few rows: each row's outer product added into {@code gW} in row order
   * (EJML's {@code multAddTransA_reorder} order).
   */
  static void transposeWeightAddSmall(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw) {
    int rows = g.numRows;
    int units = gw.numRows;
    int in = gw.numCols;
    double[] gd = g.data;
    double[] xd = x.data;
    double[] wd = gw.data;
    for (int o = 0; o < units; o++) {
      int wb = o * in;
      for (int r = 0; r < rows; r++) {
        double s = gd[r * units + o];
        int xb = r * in;
        for (int i = 0; i < in; i++) {
          wd[wb + i] += s * xd[xb + i];
        }
      }
    }
  }

  /** {@code gb += Σ_rows g}: each unit's rows summed from 0 in order, then added. */
  @Override
  void biasTransposeAdd(DMatrixRMaj g, DMatrixRMaj gb) {
    int rows = g.numRows;
    int units = g.numCols;
    double[] gd = g.data;
    double[] bd = gb.data;
    for (int c = 0; c < units; c++) {
      double s = 0;
      for (int r = 0; r < rows; r++) {
        s += gd[r * units + c];
      }
      bd[c] += s;
    }
  }

  @Override
  void addBias(DMatrixRMaj out, DMatrixRMaj b) {
    int rows = out.numRows;
    int cols = out.numCols;
    double[] od = out.data;
    double[] bd = b.data;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        od[base + c] += bd[c];
      }
    }
  }
}
