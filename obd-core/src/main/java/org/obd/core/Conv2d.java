package org.obd.core;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A 2-D convolution with kernels shared across positions: {@code a(o, i, j) = b(o) + Σ_{c,u,v}
 * W[o][c][u][v] · x(c, i·stride + u, j·stride + v)}, valid padding (no positions outside the
 * input). Weight shape {@code [outChannels][inChannels][kh][kw]}, bias {@code [outChannels]}.
 *
 * <p>Implemented by unfolding each sample into a {@code (inChannels·kh·kw) × positions} matrix
 * (im2col) so that every product is one EJML matrix product per sample.
 */
public final class Conv2d extends Layer {

  private final int outChannels;
  private final int kh;
  private final int kw;
  private final int stride;

  /**
   * @param input shape of the incoming values (channels × height × width)
   * @param outChannels number of feature maps produced, at least 1
   * @param kh kernel height, between 1 and the input height
   * @param kw kernel width, between 1 and the input width
   * @param stride step between kernel positions, at least 1
   * @param activation activation applied to the sums
   */
  public Conv2d(Shape input, int outChannels, int kh, int kw, int stride, Activation activation) {
    super(input, outShape(input, outChannels, kh, kw, stride), activation);
    this.outChannels = outChannels;
    this.kh = kh;
    this.kw = kw;
    this.stride = stride;
  }

  private static Shape outShape(Shape in, int outChannels, int kh, int kw, int stride) {
    if (outChannels < 1) {
      throw new IllegalArgumentException(
          "conv2d.outChannels must be 1 or greater, found " + outChannels);
    }
    if (stride < 1) {
      throw new IllegalArgumentException("conv2d.stride must be 1 or greater, found " + stride);
    }
    if (kh < 1 || kh > in.height() || kw < 1 || kw > in.width()) {
      throw new IllegalArgumentException(
          "conv2d kernel " + kh + "x" + kw + " must be at least 1x1 and fit the input " + in);
    }
    return new Shape(
        outChannels, (in.height() - kh) / stride + 1, (in.width() - kw) / stride + 1);
  }

  @Override
  public String type() {
    return "conv2d";
  }

  /** Number of input channels. */
  public int inChannels() {
    return inputShape().channels();
  }

  /** Number of output channels. */
  public int outChannels() {
    return outChannels;
  }

  /** Kernel height. */
  public int kernelHeight() {
    return kh;
  }

  /** Kernel width. */
  public int kernelWidth() {
    return kw;
  }

  /** Step between kernel positions. */
  public int stride() {
    return stride;
  }

  @Override
  public int[] weightShape() {
    return new int[] {outChannels, inChannels(), kh, kw};
  }

  @Override
  public int biasCount() {
    return outChannels;
  }

  @Override
  int weightRows() {
    return outChannels;
  }

  /** Scratch space: the unfolded input, its gradient, and one sample's output map. */
  private static final class Work {
    final DMatrixRMaj cols;
    final DMatrixRMaj colsGrad;
    final DMatrixRMaj map;
    final DMatrixRMaj mapGrad;
    final DMatrixRMaj rowGrad;
    final DMatrixRMaj colsT;

    Work(int k, int positions, int outChannels) {
      rowGrad = new DMatrixRMaj(outChannels, k);
      colsT = new DMatrixRMaj(positions, k);
      cols = new DMatrixRMaj(k, positions);
      colsGrad = new DMatrixRMaj(k, positions);
      map = new DMatrixRMaj(outChannels, positions);
      mapGrad = new DMatrixRMaj(outChannels, positions);
    }
  }

  @Override
  Object newWork(int maxRows) {
    Shape o = outputShape();
    return new Work(inChannels() * kh * kw, o.height() * o.width(), outChannels);
  }

  /** Unfolds row {@code r} of {@code x} into {@code cols} (K × positions). */
  private void im2col(DMatrixRMaj x, int r, DMatrixRMaj cols) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int w = in.width();
    int oh = o.height();
    int ow = o.width();
    int positions = oh * ow;
    int base = r * in.size();
    double[] xd = x.data;
    double[] cd = cols.data;
    int k = 0;
    for (int c = 0; c < in.channels(); c++) {
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++, k++) {
          int dst = k * positions;
          for (int i = 0; i < oh; i++) {
            int src = base + (c * h + i * stride + u) * w + v;
            for (int j = 0; j < ow; j++) {
              cd[dst++] = xd[src + j * stride];
            }
          }
        }
      }
    }
  }

  /** Folds {@code cols} (K × positions) back, adding into row {@code r} of {@code gx}. */
  private void col2imAdd(DMatrixRMaj cols, DMatrixRMaj gx, int r) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int w = in.width();
    int oh = o.height();
    int ow = o.width();
    int positions = oh * ow;
    int base = r * in.size();
    double[] gd = gx.data;
    double[] cd = cols.data;
    int k = 0;
    for (int c = 0; c < in.channels(); c++) {
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++, k++) {
          int src = k * positions;
          for (int i = 0; i < oh; i++) {
            int dst = base + (c * h + i * stride + u) * w + v;
            for (int j = 0; j < ow; j++) {
              gd[dst + j * stride] += cd[src++];
            }
          }
        }
      }
    }
  }

  /**
   * Rows with at most this fraction of non-zeros take the sparse paths: factor rows in the
   * second-order passes start one-hot and stay sparse for a layer or two.
   */
  private static final double SPARSE = 0.25;

  /** Number of non-zeros among {@code n} values of {@code d} from {@code from}. */
  private static int nonZeros(double[] d, int from, int n) {
    int nz = 0;
    for (int i = from, end = from + n; i < end; i++) {
      if (d[i] != 0.0) {
        nz++;
      }
    }
    return nz;
  }

  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    for (int r = 0; r < x.numRows; r++) {
      im2col(x, r, wk.cols);
      Gemm.mult(w, wk.cols, wk.map);
      int base = r * outSize;
      if (add) {
        for (int i = 0; i < outSize; i++) {
          out.data[base + i] += wk.map.data[i];
        }
      } else {
        System.arraycopy(wk.map.data, 0, out.data, base, outSize);
      }
    }
  }

  @Override
  void linearTransposeInput(DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, boolean add, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    int inSize = inputShape().size();
    if (!add) {
      java.util.Arrays.fill(gx.data, 0, g.numRows * inSize, 0.0);
    }
    Shape in = inputShape();
    int positions = outSize / outChannels;
    int ow = outputShape().width();
    int k = w.numCols;
    for (int r = 0; r < g.numRows; r++) {
      int base = r * outSize;
      if (nonZeros(g.data, base, outSize) <= SPARSE * outSize) {
        // each non-zero output (o, i, j) spreads W[o] over its receptive field
        int xb = r * in.size();
        for (int o = 0; o < outChannels; o++) {
          for (int p = 0; p < positions; p++) {
            double v = g.data[base + o * positions + p];
            if (v == 0.0) {
              continue;
            }
            int i = p / ow;
            int j = p % ow;
            int wi = o * k;
            for (int c = 0; c < in.channels(); c++) {
              for (int u = 0; u < kh; u++) {
                int row = xb + (c * in.height() + i * stride + u) * in.width() + j * stride;
                for (int q = 0; q < kw; q++) {
                  gx.data[row + q] += v * w.data[wi++];
                }
              }
            }
          }
        }
        continue;
      }
      System.arraycopy(g.data, base, wk.mapGrad.data, 0, outSize);
      Gemm.multTransA(w, wk.mapGrad, wk.colsGrad);
      col2imAdd(wk.colsGrad, gx, r);
    }
  }

  /**
   * Shared kernels: row r's weight gradient sums over positions, so it is formed explicitly (one
   * product with the sample's unfolded input) and squared.
   */
  @Override
  void squaredRowGradientsAdd(
      DMatrixRMaj g, int perSample, double[] sign, DMatrixRMaj x, DMatrixRMaj sqW,
      DMatrixRMaj sqB, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    int positions = outSize / outChannels;
    int loaded = -1;
    double[] rg = wk.rowGrad.data;
    int kn = wk.rowGrad.getNumElements();
    for (int r = 0; r < g.numRows; r++) {
      double s = sign[r];
      if (s == 0) {
        continue;
      }
      int n = r / perSample;
      if (n != loaded) {
        im2col(x, n, wk.cols);
        CommonOps_DDRM.transpose(wk.cols, wk.colsT);
        loaded = n;
      }
      System.arraycopy(g.data, r * outSize, wk.mapGrad.data, 0, outSize);
      if (nonZeros(g.data, r * outSize, outSize) <= SPARSE * outSize) {
        // row gradient of W[o] = Σ_p g[o][p] · (unfolded input at position p)
        java.util.Arrays.fill(rg, 0, kn, 0.0);
        int k = wk.colsT.numCols;
        for (int o = 0; o < outChannels; o++) {
          for (int p = 0; p < positions; p++) {
            double v = wk.mapGrad.data[o * positions + p];
            if (v == 0.0) {
              continue;
            }
            int src = p * k;
            int dst = o * k;
            for (int q = 0; q < k; q++) {
              rg[dst + q] += v * wk.colsT.data[src + q];
            }
          }
        }
      } else {
        Gemm.multTransB(wk.mapGrad, wk.cols, wk.rowGrad);
      }
      for (int i = 0; i < kn; i++) {
        sqW.data[i] += s * rg[i] * rg[i];
      }
      for (int o = 0; o < outChannels; o++) {
        double b = 0;
        for (int p = 0, base = o * positions; p < positions; p++) {
          b += wk.mapGrad.data[base + p];
        }
        sqB.data[o] += s * b * b;
      }
    }
  }

  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    for (int r = 0; r < g.numRows; r++) {
      im2col(x, r, wk.cols);
      System.arraycopy(g.data, r * outSize, wk.mapGrad.data, 0, outSize);
      Gemm.multAddTransB(wk.mapGrad, wk.cols, gw);
    }
  }

  @Override
  public String toString() {
    return type() + " " + inputShape() + "->" + outputShape() + " kernel " + kh + "x" + kw
        + " stride " + stride + " " + activation().configName();
  }
}
