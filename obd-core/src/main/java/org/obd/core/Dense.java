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

  /** From this many rows on, {@link #linear} transposes W first (see there). */
  private static final int TRANSPOSE_ROWS = 8;

  /**
   * {@code out = x Wᵀ}. For a batch, W is first transposed into the work buffer ({@code O·I}
   * copies against {@code B·O·I} multiply-adds) so that EJML's row-axpy product, which the JIT
   * vectorises, replaces the dot-product form of {@code multTransB} (about 40% faster at
   * 256×256×100).
   */
  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    if (x.numRows >= TRANSPOSE_ROWS) {
      DMatrixRMaj wt = ((Work) work).wt;
      CommonOps_DDRM.transpose(w, wt);
      if (add) {
        CommonOps_DDRM.multAdd(x, wt, out);
      } else {
        CommonOps_DDRM.mult(x, wt, out);
      }
    } else if (add) {
      CommonOps_DDRM.multAddTransB(x, w, out);
    } else {
      CommonOps_DDRM.multTransB(x, w, out);
    }
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    if (add) {
      CommonOps_DDRM.multAdd(g, w, gx);
    } else {
      CommonOps_DDRM.mult(g, w, gx);
    }
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    CommonOps_DDRM.multAddTransA(g, x, gw);
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
