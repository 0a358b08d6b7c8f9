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

  /** Scratch for squared per-row gradients: per-sample sums. */
  private static final class Work {
    final DMatrixRMaj q;
    final DMatrixRMaj qsum;
    /** One row of a weight gradient (see {@link #outerProducts}). */
    final double[] row;

    Work(int maxRows, int in, int out) {
      row = new double[in];
      q = new DMatrixRMaj(maxRows, out);
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
    rowSquares(g, perSample, sign, work);
    sampleSquaresAdd(x, sqW, sqB, work);
  }

  /**
   * Fills {@link #sampleSquares} with {@code q_n = Σ_{r∈n} s_r g_r²} over the rows of {@code g}
   * ({@code perSample} per sample, signs {@code sign}) and returns it.
   */
  DMatrixRMaj rowSquares(DMatrixRMaj g, int perSample, double[] sign, Object work) {
    int out = out();
    int samples = g.numRows / perSample;
    DMatrixRMaj q = sampleSquares(samples, work);
    java.util.Arrays.fill(q.data, 0, samples * out, 0.0);
    addRowSquares(g.data, g.numRows, perSample, sign, 0, q.data, 0, out);
    return q;
  }

  /**
   * {@code q[qOff + (r / perSample)·out + i] += sign[signOff + r] · g[r·out + i]²} for the {@code
   * rows} rows {@code r} of {@code g} ({@code out} wide), in row order.
   */
  static void addRowSquares(
      double[] g, int rows, int perSample, double[] sign, int signOff, double[] q, int qOff,
      int out) {
    for (int r = 0; r < rows; r++) {
      double s = sign[signOff + r];
      if (s == 0) {
        continue;
      }
      int qb = qOff + (r / perSample) * out;
      int gb = r * out;
      for (int i = 0; i < out; i++) {
        double v = g[gb + i];
        q[qb + i] += s * v * v;
      }
    }
  }

  /**
   * The per-sample sums {@code q_n} of squared factor rows to be filled by the caller ({@code
   * samples × out}) for {@link #sampleSquaresAdd}: for a pass that has them without the rows.
   */
  DMatrixRMaj sampleSquares(int samples, Object work) {
    Work wk = (Work) work;
    wk.q.reshape(samples, out(), false);
    return wk.q;
  }

  /**
   * {@code sqW += Σ_n q_n (x_n²)ᵀ} and {@code sqB += Σ_n q_n}, {@code q} the matrix of {@link
   * #sampleSquares} as filled.
   */
  void sampleSquaresAdd(DMatrixRMaj x, DMatrixRMaj sqW, DMatrixRMaj sqB, Object work) {
    Work wk = (Work) work;
    Gemm.multAddTransASquaredB(wk.q, x, sqW);
    // column sums row by row (EJML's sumCols walks down each column: the same sums, strided)
    double[] q = wk.q.data;
    double[] sum = wk.qsum.data;
    int out = out();
    java.util.Arrays.fill(sum, 0, out, 0.0);
    for (int r = 0, n = wk.q.numRows; r < n; r++) {
      int base = r * out;
      for (int c = 0; c < out; c++) {
        sum[c] += q[base + c];
      }
    }
    CommonOps_DDRM.addEquals(sqB, wk.qsum);
  }


  /**
   * From this many rows on the products are {@link Gemm}'s; below it (minibatches of a few samples,
   * where packing the operands would cost more than it saves) they are plain loops. Both forms are
   * also flat ({@link #flatFor}): a pass reads the weights straight from the parameter vector and
   * writes the gradient straight into its output.
   */
  private static final int SMALL_ROWS = 8;

  /**
   * {@code out (+)= x Wᵀ}: each output summed over the inputs in order in every form ({@link
   * Gemm} packs W transposed itself).
   */
  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    if (x.numRows < SMALL_ROWS) {
      if (!add) {
        out.reshape(x.numRows, w.numRows, false);
      }
      dots(x, w.data, 0, w.numRows, w.numCols, out, add);
    } else {
      if (add) {
        Gemm.multAddTransB(x, w, out);
      } else {
        Gemm.multTransB(x, w, out);
      }
    }
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    if (g.numRows < SMALL_ROWS) {
      if (!add) {
        gx.reshape(g.numRows, w.numCols, false);
      }
      rowCombinations(g, w.data, 0, w.numRows, w.numCols, gx, add);
    } else if (add) {
      Gemm.multAdd(g, w, gx);
    } else {
      Gemm.mult(g, w, gx);
    }
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    if (g.numRows < SMALL_ROWS) {
      outerProducts(g, x, gw.data, 0, gw.numRows, gw.numCols, false, null);
    } else {
      Gemm.multAddTransA(g, x, gw);
    }
  }

  /** Squares the inputs as the product packs them ({@link Gemm#multAddTransASquaredB}). */
  @Override
  void squaredInputTransposeWeightAdd(
      DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj x2, DMatrixRMaj gw, Object work) {
    if (g.numRows < SMALL_ROWS) {
      super.squaredInputTransposeWeightAdd(g, x, x2, gw, work);
    } else {
      Gemm.multAddTransASquaredB(g, x, gw);
    }
  }

  /**
   * Always: the flat products are the matrix ones on the parameter vector in place, so a pass
   * copies no weights in and no gradient out (a minibatch step of 784-300-100-10 at 32 rows spent
   * an eighth of its time moving the gradient out of the layer matrices).
   */
  @Override
  boolean flatFor(int chunkRows) {
    return true;
  }

  @Override
  void linearFlat(DMatrixRMaj x, double[] theta, int offset, DMatrixRMaj out, Object work) {
    int rows = x.numRows;
    out.reshape(rows, out(), false);
    if (rows < SMALL_ROWS) {
      dots(x, theta, offset, out(), in(), out, false);
    } else {
      Gemm.gemm(false, true, rows, out(), in(), x.data, 0, in(), theta, offset, in(), false,
          out.data, 0, out());
    }
  }

  @Override
  void linearTransposeInputFlat(
      DMatrixRMaj g, double[] theta, int offset, DMatrixRMaj gx, Object work) {
    int rows = g.numRows;
    gx.reshape(rows, in(), false);
    if (rows < SMALL_ROWS) {
      rowCombinations(g, theta, offset, out(), in(), gx, false);
    } else {
      Gemm.gemm(false, false, rows, in(), out(), g.data, 0, out(), theta, offset, in(), false,
          gx.data, 0, in());
    }
  }

  /**
   * With {@code assign} the product starts from zero (the bits of adding it into a zeroed
   * accumulator), else it adds into {@code out}.
   */
  @Override
  void linearTransposeWeightFlat(
      DMatrixRMaj g, DMatrixRMaj x, double[] out, int offset, boolean assign, Object work) {
    if (g.numRows < SMALL_ROWS) {
      outerProducts(g, x, out, offset, out(), in(), assign, ((Work) work).row);
    } else {
      Gemm.gemm(true, false, out(), in(), g.numRows, g.data, 0, out(), x.data, 0, in(), !assign,
          out, offset, in());
    }
  }

  /**
   * {@code out (+)= x Wᵀ}, W ({@code units × in}) at {@code wd[wOff ..]}: each output a dot product
   * summed over the inputs in order from 0 with fused multiply-adds (the bits of {@link Gemm}'s
   * products, so that a pass's outputs do not depend on its chunk size), four outputs at a time so
   * that their additions overlap instead of waiting on one another.
   */
  private static void dots(
      DMatrixRMaj x, double[] wd, int wOff, int units, int in, DMatrixRMaj out, boolean add) {
    int rows = x.numRows;
    double[] xd = x.data;
    double[] od = out.data;
    for (int r = 0; r < rows; r++) {
      int xb = r * in;
      int ob = r * units;
      int o = 0;
      for (; o + 4 <= units; o += 4) {
        int w0 = wOff + o * in;
        int w1 = w0 + in;
        int w2 = w1 + in;
        int w3 = w2 + in;
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        for (int i = 0; i < in; i++) {
          double xi = xd[xb + i];
          t0 = Math.fma(xi, wd[w0 + i], t0);
          t1 = Math.fma(xi, wd[w1 + i], t1);
          t2 = Math.fma(xi, wd[w2 + i], t2);
          t3 = Math.fma(xi, wd[w3 + i], t3);
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
        int w0 = wOff + o * in;
        double t = 0;
        for (int i = 0; i < in; i++) {
          t = Math.fma(xd[xb + i], wd[w0 + i], t);
        }
        if (add) {
          od[ob + o] += t;
        } else {
          od[ob + o] = t;
        }
      }
    }
  }

  /**
   * {@code gx (+)= g W}, W ({@code units × in}) at {@code wd[wOff ..]}, row by row as a sum of the
   * rows of W scaled by {@code g}, in unit order with fused multiply-adds from zero unless adding
   * ({@link Gemm}'s bits).
   */
  private static void rowCombinations(
      DMatrixRMaj g, double[] wd, int wOff, int units, int in, DMatrixRMaj gx, boolean add) {
    int rows = g.numRows;
    double[] gd = g.data;
    double[] xd = gx.data;
    for (int r = 0; r < rows; r++) {
      int gb = r * units;
      int xb = r * in;
      int o = 0;
      if (!add) {
        double s = gd[gb];
        for (int i = 0; i < in; i++) {
          xd[xb + i] = Math.fma(s, wd[wOff + i], 0.0);
        }
        o = 1;
      }
      for (; o < units; o++) {
        double s = gd[gb + o];
        int wb = wOff + o * in;
        for (int i = 0; i < in; i++) {
          xd[xb + i] = Math.fma(s, wd[wb + i], xd[xb + i]);
        }
      }
    }
  }

  /**
   * {@code gW += gᵀ x}, gW ({@code units × in}) at {@code out[offset ..]}: each row's outer product
   * added in row order with fused multiply-adds ({@link Gemm}'s bits); with {@code assign} the
   * first row's is written as {@code fma(g, x, 0.0)} (the bits of adding it to zeros). The written rows are
   * computed into {@code row} ({@code in} long) and copied out: the JIT vectorises a loop whose
   * arrays share one index, and {@link System#arraycopy}, but not a loop over two offsets (about
   * twice as fast at 64 inputs).
   */
  private static void outerProducts(
      DMatrixRMaj g,
      DMatrixRMaj x,
      double[] out,
      int offset,
      int units,
      int in,
      boolean assign,
      double[] row) {
    int rows = g.numRows;
    double[] gd = g.data;
    double[] xd = x.data;
    for (int o = 0; o < units; o++) {
      int wb = offset + o * in;
      int r = 0;
      if (assign) {
        double s = gd[o];
        for (int i = 0; i < in; i++) {
          row[i] = Math.fma(s, xd[i], 0.0);
        }
        System.arraycopy(row, 0, out, wb, in);
        r = 1;
      }
      for (; r < rows; r++) {
        double s = gd[r * units + o];
        int xb = r * in;
        for (int i = 0; i < in; i++) {
          out[wb + i] = Math.fma(s, xd[xb + i], out[wb + i]);
        }
      }
    }
  }

  @Override
  void addBias(DMatrixRMaj out, double[] bias, int offset) {
    int rows = out.numRows;
    int cols = out.numCols;
    double[] od = out.data;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        od[base + c] += bias[offset + c];
      }
    }
  }

  /** Row by row, each unit's gradient added (the generic form with one position per bias). */
  @Override
  void biasTranspose(DMatrixRMaj g, double[] out, int offset, boolean assign) {
    int rows = g.numRows;
    int units = g.numCols;
    double[] gd = g.data;
    int r = 0;
    if (assign) {
      for (int c = 0; c < units; c++) {
        out[offset + c] = 0.0 + gd[c];
      }
      r = 1;
    }
    for (; r < rows; r++) {
      int base = r * units;
      for (int c = 0; c < units; c++) {
        out[offset + c] += gd[base + c];
      }
    }
  }
}
