package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * A 2-D convolution with kernels shared across positions: {@code a(o, i, j) = b(o) + Σ_{c,u,v}
 * W[o][c][u][v] · x(c, i·stride + u, j·stride + v)}, valid padding (no positions outside the
 * input). Weight shape {@code [outChannels][inChannels][kh][kw]}, bias {@code [outChannels]}.
 *
 * <p>Implemented by unfolding each sample into a {@code (inChannels·kh·kw) × positions} matrix
 * (im2col), a block of samples side by side, so that the forward product and both transposes are
 * one large {@link Gemm} product per block (rows of a gradient that are mostly zeros, as the
 * factor rows of the second-order passes, take sparse paths instead).
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

  /**
   * Most doubles an unfolded block (or its output maps) may hold: the batched products unfold as
   * many samples at once as fit (at least one), 256 KiB per buffer, so that a block's unfolding
   * stays in a core's L2 cache between the product that writes it and the fold that reads it (2 MiB
   * buffers made the digits study's gradient 1.2× slower). The results do not depend on it.
   */
  static final int BLOCK_DOUBLES = 1 << 15;

  /** Doubles of the weight gradients of dense factor rows formed by one product (256 KiB). */
  static final int RUN_DOUBLES = 1 << 15;

  /**
   * Scratch space: the unfolded inputs of a block of samples ({@code K × S} with {@code S =
   * samples·positions}, sample by sample along the columns; or {@code S × K}, transposed, for the
   * weight gradient), their gradient, the block's output
   * maps and their gradients ({@code outChannels × S}), and the row gradients and one sample's
   * transposed unfolding for the squared pass.
   */
  private static final class Work {
    /** Samples unfolded at once. */
    final int block;
    final double[] cols;
    final double[] colsGrad;
    final double[] map;
    final double[] mapGrad;
    /**
     * Weight gradients of factor rows in the squared pass ({@code outChannels × K} each): a run of
     * dense rows, or one sparse row at its start.
     */
    final double[] rowGrads;
    final DMatrixRMaj colsT;
    /** The dense rows of a block (see {@link #linearTransposeInput}). */
    final int[] rows;
    /** The non-zeros of a sparse factor row (see {@link #squaredRowGradientsAdd}). */
    final int[] nonZeros;
    /** A sparse factor row's bias gradient, one per output channel. */
    final double[] biasGrad;

    Work(int k, int positions, int outChannels, int maxRows) {
      block =
          Math.max(1, Math.min(maxRows, BLOCK_DOUBLES / (Math.max(k, outChannels) * positions)));
      int s = block * positions;
      rowGrads = new double[Math.max(1, RUN_DOUBLES / (outChannels * k)) * outChannels * k];
      colsT = new DMatrixRMaj(positions, k);
      cols = new double[k * s];
      colsGrad = new double[k * s];
      map = new double[outChannels * s];
      mapGrad = new double[outChannels * s];
      rows = new int[block];
      nonZeros = sparseIndexBuffer(outChannels * positions);
      biasGrad = new double[outChannels];
    }
  }

  @Override
  Object newWork(int maxRows) {
    Shape o = outputShape();
    return new Work(inChannels() * kh * kw, o.height() * o.width(), outChannels, maxRows);
  }

  /**
   * Unfolds row {@code r} of {@code x} into columns {@code col .. col+positions-1} of {@code cols}
   * (K rows of stride {@code stride}).
   */
  private void im2col(DMatrixRMaj x, int r, double[] cd, int col, int ld) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int w = in.width();
    int oh = o.height();
    int ow = o.width();
    int base = r * in.size();
    double[] xd = x.data;
    int k = 0;
    for (int c = 0; c < in.channels(); c++) {
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++, k++) {
          int dst = k * ld + col;
          for (int i = 0; i < oh; i++) {
            int src = base + (c * h + i * stride + u) * w + v;
            if (stride == 1) {
              System.arraycopy(xd, src, cd, dst, ow);
              dst += ow;
            } else {
              for (int j = 0; j < ow; j++) {
                cd[dst++] = xd[src + j * stride];
              }
            }
          }
        }
      }
    }
  }

  /**
   * Unfolds row {@code r} of {@code x} transposed: position {@code p}'s receptive field (the K
   * values in {@link #im2col}'s row order) into row {@code row + p} of {@code rows} (row stride K),
   * so that products summing over positions read it untransposed.
   */
  private void im2colT(DMatrixRMaj x, int r, double[] rows, int row) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int w = in.width();
    int oh = o.height();
    int ow = o.width();
    int k = in.channels() * kh * kw;
    int base = r * in.size();
    double[] xd = x.data;
    int dst = row * k;
    for (int i = 0; i < oh; i++) {
      for (int j = 0; j < ow; j++) {
        for (int c = 0; c < in.channels(); c++) {
          for (int u = 0; u < kh; u++) {
            int src = base + (c * h + i * stride + u) * w + j * stride;
            for (int v = 0; v < kw; v++) {
              rows[dst++] = xd[src + v];
            }
          }
        }
      }
    }
  }

  /**
   * Folds columns {@code col .. col+positions-1} of {@code cols} (K rows of stride {@code ld})
   * back, adding into row {@code r} of {@code gx}.
   */
  private void col2imAdd(double[] cd, int col, int ld, DMatrixRMaj gx, int r) {
    Shape in = inputShape();
    Shape o = outputShape();
    int h = in.height();
    int w = in.width();
    int oh = o.height();
    int ow = o.width();
    int base = r * in.size();
    double[] gd = gx.data;
    int k = 0;
    for (int c = 0; c < in.channels(); c++) {
      for (int u = 0; u < kh; u++) {
        for (int v = 0; v < kw; v++, k++) {
          int src = k * ld + col;
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
   * Copies row {@code r} of {@code g} (maps channel by channel) into columns {@code col ..} of
   * {@code mg} ({@code outChannels} rows of stride {@code ld}).
   */
  private void gatherMaps(double[] gd, int r, double[] mg, int col, int ld) {
    int outSize = outputShape().size();
    int positions = outSize / outChannels;
    for (int o = 0; o < outChannels; o++) {
      System.arraycopy(gd, r * outSize + o * positions, mg, o * ld + col, positions);
    }
  }

  /**
   * Blocks of samples at a time: their unfolded inputs side by side ({@code K × samples·positions})
   * and one product {@code W · cols}, the maps then copied to their rows. Each output is the same
   * chain over {@code K} as one sample's product would give.
   */
  @Override
  void linear(DMatrixRMaj x, DMatrixRMaj w, DMatrixRMaj out, boolean add, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    int positions = outSize / outChannels;
    int k = w.numCols;
    for (int r0 = 0; r0 < x.numRows; r0 += wk.block) {
      int n = Math.min(wk.block, x.numRows - r0);
      int s = n * positions;
      for (int b = 0; b < n; b++) {
        im2col(x, r0 + b, wk.cols, b * positions, s);
      }
      Gemm.gemm(false, false, outChannels, s, k, w.data, 0, k, wk.cols, 0, s, false, wk.map, 0,
          s);
      double[] od = out.data;
      for (int b = 0; b < n; b++) {
        int base = (r0 + b) * outSize;
        for (int o = 0; o < outChannels; o++) {
          int src = o * s + b * positions;
          int dst = base + o * positions;
          if (add) {
            for (int p = 0; p < positions; p++) {
              od[dst + p] += wk.map[src + p];
            }
          } else {
            System.arraycopy(wk.map, src, od, dst, positions);
          }
        }
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
    int dense = 0;
    int limit = wk.nonZeros.length - 1;
    for (int r = 0; r < g.numRows; r++) {
      int base = r * outSize;
      int nz = nonZeroIndices(g.data, base, outSize, limit, wk.nonZeros);
      if (nz >= 0) {
        // each non-zero output (o, i, j) spreads W[o] over its receptive field
        int xb = r * in.size();
        for (int t = 0; t < nz; t++) {
          int op = wk.nonZeros[t];
          double v = g.data[base + op];
          int o = op / positions;
          int p = op - o * positions;
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
        continue;
      }
      wk.rows[dense++] = r;
      if (dense == wk.block) {
        transposeInputDense(g, w, gx, wk, dense);
        dense = 0;
      }
    }
    if (dense > 0) {
      transposeInputDense(g, w, gx, wk, dense);
    }
  }

  /**
   * The dense rows {@code wk.rows[0 .. n-1]} of {@code g}: their maps side by side, one product
   * {@code Wᵀ · maps}, each sample's columns folded back into its row of {@code gx}.
   */
  private void transposeInputDense(
      DMatrixRMaj g, DMatrixRMaj w, DMatrixRMaj gx, Work wk, int n) {
    int positions = outputShape().size() / outChannels;
    int k = w.numCols;
    int s = n * positions;
    for (int b = 0; b < n; b++) {
      gatherMaps(g.data, wk.rows[b], wk.mapGrad, b * positions, s);
    }
    Gemm.gemm(true, false, k, s, outChannels, w.data, 0, k, wk.mapGrad, 0, s, false,
        wk.colsGrad, 0, s);
    for (int b = 0; b < n; b++) {
      col2imAdd(wk.colsGrad, b * positions, s, gx, wk.rows[b]);
    }
  }

  /**
   * Shared kernels: row r's weight gradient sums over positions, so it is formed explicitly (a
   * product with the sample's unfolded input) and squared. Consecutive dense rows of a sample are
   * one product: their maps lie one under the other in {@code g} ({@code rows·outChannels ×
   * positions}), so {@code G_rows · colsT} gives all their weight gradients at once, each element
   * the same chain of fused multiply-adds as a product per row. Mostly-zero rows (factor rows that
   * started one-hot a layer or two above) take a sparse loop. Squares are added row by row in
   * order, as before.
   */
  @Override
  void squaredRowGradientsAdd(
      DMatrixRMaj g, int perSample, double[] sign, DMatrixRMaj x, DMatrixRMaj sqW,
      DMatrixRMaj sqB, Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    int positions = outSize / outChannels;
    int k = inChannels() * kh * kw;
    int kn = outChannels * k;
    int maxRun = wk.rowGrads.length / kn;
    int limit = wk.nonZeros.length - 1;
    double[] gd = g.data;
    int loaded = -1;
    int run = 0; // dense rows r - run .. r - 1 of sample `loaded` wait for their product
    for (int r = 0; r <= g.numRows; r++) {
      int n = r < g.numRows ? r / perSample : -1;
      boolean dense = false;
      boolean skip = true;
      int nz = 0;
      if (n >= 0 && sign[r] != 0) {
        skip = false;
        nz = nonZeroIndices(gd, r * outSize, outSize, limit, wk.nonZeros);
        dense = nz < 0;
      }
      if (run > 0 && (!dense || n != loaded || run == maxRun)) {
        squaredRun(gd, r - run, run, outSize, positions, k, sign, sqW, sqB, wk);
        run = 0;
      }
      if (skip) {
        continue;
      }
      if (n != loaded) {
        im2colT(x, n, wk.colsT.data, 0);
        loaded = n;
      }
      if (dense) {
        run++;
        continue;
      }
      // the row's gradient in the run's buffer (any run was flushed above)
      double[] rg = wk.rowGrads;
      double[] bg = wk.biasGrad;
      sparseRowGradient(
          gd, r * outSize, wk.nonZeros, 0, nz, positions, k, wk.colsT.data, rg, 0, bg, 0);
      addWeightSquares(sign[r], rg, 0, kn, sqW);
      double s = sign[r];
      for (int o = 0; o < outChannels; o++) {
        sqB.data[o] += s * bg[o] * bg[o];
      }
    }
  }

  /**
   * A sparse row's weight gradient, {@code W[o] ← Σ_p g[o][p] · (unfolded input at position p)}
   * into {@code rg[rgOff ..]} ({@code outChannels × k}), and its bias gradient {@code Σ_p g[o][p]}
   * into {@code bg[bgOff ..]}, over its {@code nz} non-zeros at the positions {@code idx[from ..]}
   * only; {@code cols} holds the sample's unfolding ({@link #im2colT}).
   */
  private void sparseRowGradient(
      double[] gd, int base, int[] idx, int from, int nz, int positions, int k, double[] cols,
      double[] rg, int rgOff, double[] bg, int bgOff) {
    java.util.Arrays.fill(rg, rgOff, rgOff + outChannels * k, 0.0);
    java.util.Arrays.fill(bg, bgOff, bgOff + outChannels, 0.0);
    for (int t = from; t < from + nz; t++) {
      int i = idx[t];
      int o = i / positions;
      double v = gd[base + i];
      bg[bgOff + o] += v;
      int src = (i - o * positions) * k;
      int dst = rgOff + o * k;
      for (int q = 0; q < k; q++) {
        rg[dst + q] += v * cols[src + q];
      }
    }
  }

  @Override
  boolean formsRowGradients() {
    return true;
  }

  /**
   * Row by row: rows with few non-zeros over them, the others by a product with the sample's
   * unfolding (as {@link #squaredRowGradientsAdd} forms them).
   */
  @Override
  void rowGradients(
      DMatrixRMaj g, int count, int[] ptr, int[] idx, DMatrixRMaj x, int n, double[] out,
      Object work) {
    Work wk = (Work) work;
    int outSize = outputShape().size();
    int positions = outSize / outChannels;
    int k = inChannels() * kh * kw;
    int kn = outChannels * k;
    int width = kn + outChannels;
    int limit = wk.nonZeros.length - 1;
    double[] gd = g.data;
    im2colT(x, n, wk.colsT.data, 0);
    for (int r = 0; r < count; r++) {
      int o0 = r * width;
      int nz = ptr[r + 1] - ptr[r];
      if (nz <= limit) {
        sparseRowGradient(gd, r * outSize, idx, ptr[r], nz, positions, k, wk.colsT.data, out, o0,
            out, o0 + kn);
        continue;
      }
      Gemm.gemm(false, false, outChannels, k, positions, gd, r * outSize, positions,
          wk.colsT.data, 0, k, false, out, o0, k);
      for (int o = 0; o < outChannels; o++) {
        out[o0 + kn + o] = biasGradient(gd, r * outSize + o * positions, positions);
      }
    }
  }

  /** Dense rows {@code r0 .. r0+count-1} of one sample (its unfolding in {@code colsT}). */
  private void squaredRun(
      double[] gd, int r0, int count, int outSize, int positions, int k, double[] sign,
      DMatrixRMaj sqW, DMatrixRMaj sqB, Work wk) {
    Gemm.gemm(false, false, count * outChannels, k, positions, gd, r0 * outSize, positions,
        wk.colsT.data, 0, k, false, wk.rowGrads, 0, k);
    int kn = outChannels * k;
    for (int i = 0; i < count; i++) {
      addSquares(gd, r0 + i, sign[r0 + i], wk.rowGrads, i * kn, outSize, positions, k, sqW, sqB);
    }
  }

  /**
   * A dense row's bias gradient for one channel: its map {@code gd[base .. base+positions-1]}
   * summed in order.
   */
  private static double biasGradient(double[] gd, int base, int positions) {
    double b = 0;
    for (int p = 0; p < positions; p++) {
      b += gd[base + p];
    }
    return b;
  }

  /** {@code sqW += s·rg²} for the weight gradient at {@code rg[from .. from+kn-1]}. */
  private static void addWeightSquares(double s, double[] rg, int from, int kn, DMatrixRMaj sqW) {
    double[] w = sqW.data;
    for (int i = 0; i < kn; i++) {
      double v = rg[from + i];
      w[i] += s * v * v;
    }
  }

  /** {@code sqW += s·rg²} for row {@code r}'s weight gradient at {@code rg[from ..]}, and its bias. */
  private void addSquares(
      double[] gd, int r, double s, double[] rg, int from, int outSize, int positions, int k,
      DMatrixRMaj sqW, DMatrixRMaj sqB) {
    addWeightSquares(s, rg, from, outChannels * k, sqW);
    for (int o = 0; o < outChannels; o++) {
      double b = biasGradient(gd, r * outSize + o * positions, positions);
      sqB.data[o] += s * b * b;
    }
  }

  /**
   * Blocks of samples at a time: maps' gradients side by side and inputs unfolded transposed (a
   * row per position, {@link #im2colT}), and one product {@code gW += maps · colsT} summing over
   * the block's samples and positions in order (the chain the samples' products one after the other
   * would give). With few output channels the kernel reads {@code colsT} in place, unpacked.
   */
  @Override
  void linearTransposeWeightAdd(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj gw, Object work) {
    Work wk = (Work) work;
    int positions = outputShape().size() / outChannels;
    int k = gw.numCols;
    for (int r0 = 0; r0 < g.numRows; r0 += wk.block) {
      int n = Math.min(wk.block, g.numRows - r0);
      int s = n * positions;
      for (int b = 0; b < n; b++) {
        im2colT(x, r0 + b, wk.cols, b * positions);
        gatherMaps(g.data, r0 + b, wk.mapGrad, b * positions, s);
      }
      Gemm.gemm(false, false, outChannels, k, s, wk.mapGrad, 0, s, wk.cols, 0, k, true, gw.data,
          0, k);
    }
  }

  @Override
  public String toString() {
    return type() + " " + inputShape() + "->" + outputShape() + " kernel " + kh + "x" + kw
        + " stride " + stride + " " + activation().configName();
  }
}
