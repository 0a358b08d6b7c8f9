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

  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    if (add) {
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
