package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * Average pooling (LeCun's subsampling without trainable coefficients): each output value is the
 * mean of a non-overlapping {@code size × size} window of one channel, stride {@code size}, valid
 * padding (rows and columns that do not fill a window are dropped). No parameters.
 */
public final class AvgPool extends Layer {

  private final int size;

  /**
   * @param input shape of the incoming values
   * @param size window extent and stride, at least 1 and at most the input's height and width
   * @param activation activation applied to the averages
   */
  public AvgPool(Shape input, int size, Activation activation) {
    super(input, outShape(input, size), activation);
    this.size = size;
  }

  private static Shape outShape(Shape in, int size) {
    if (size < 1 || size > in.height() || size > in.width()) {
      throw new IllegalArgumentException(
          "avgpool.size must be between 1 and the input's height and width " + in + ", found "
              + size);
    }
    return new Shape(in.channels(), in.height() / size, in.width() / size);
  }

  @Override
  public String type() {
    return "avgpool";
  }

  /** Window extent and stride. */
  public int size() {
    return size;
  }

  @Override
  public int[] weightShape() {
    return new int[0];
  }

  @Override
  public int biasCount() {
    return 0;
  }

  @Override
  int weightRows() {
    return 0;
  }

  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int wd = in.width();
    int oh = o.height();
    int ow = o.width();
    double scale = 1.0 / (size * size);
    int inSize = in.size();
    int outSize = o.size();
    for (int r = 0; r < x.numRows; r++) {
      int xb = r * inSize;
      int ob = r * outSize;
      for (int c = 0; c < in.channels(); c++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = 0;
            for (int u = 0; u < size; u++) {
              int row = xb + (c * h + i * size + u) * wd + j * size;
              for (int v = 0; v < size; v++) {
                s += x.data[row + v];
              }
            }
            int idx = ob + (c * oh + i) * ow + j;
            out.data[idx] = add ? out.data[idx] + s * scale : s * scale;
          }
        }
      }
    }
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int wd = in.width();
    int oh = o.height();
    int ow = o.width();
    double scale = 1.0 / (size * size);
    int inSize = in.size();
    int outSize = o.size();
    // windows that tile the input are written whole, zeros too (one pass instead of a fill and
    // then the non-zeros: the factor rows of the second-order passes are mostly zeros)
    boolean write = !add && h == oh * size && wd == ow * size;
    if (!add && !write) {
      java.util.Arrays.fill(gx.data, 0, g.numRows * inSize, 0.0);
    }
    for (int r = 0; r < g.numRows; r++) {
      int xb = r * inSize;
      int ob = r * outSize;
      for (int c = 0; c < in.channels(); c++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = g.data[ob + (c * oh + i) * ow + j] * scale;
            if (write) {
              double t = s + 0.0; // as 0 + s would be: -0 becomes +0
              for (int u = 0; u < size; u++) {
                int row = xb + (c * h + i * size + u) * wd + j * size;
                for (int v = 0; v < size; v++) {
                  gx.data[row + v] = t;
                }
              }
              continue;
            }
            if (s == 0.0) {
              continue;
            }
            for (int u = 0; u < size; u++) {
              int row = xb + (c * h + i * size + u) * wd + j * size;
              for (int v = 0; v < size; v++) {
                gx.data[row + v] += s;
              }
            }
          }
        }
      }
    }
  }

  @Override
  void squaredTransposeInput(DMatrixRMaj g, DMatrixRMaj w2, DMatrixRMaj gx, Object work) {
    linearTransposeInput(g, null, gx, false, work);
    double s = 1.0 / (size * size);
    int n = g.numRows * inputShape().size();
    for (int i = 0; i < n; i++) {
      gx.data[i] *= s;
    }
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    // no weights
  }

  @Override
  public String toString() {
    return type() + " " + inputShape() + "->" + outputShape() + " size " + size + " "
        + activation().configName();
  }
}
