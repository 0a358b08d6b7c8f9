package org.obd.core;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Per-thread buffers for one network and at most {@code maxRows} rows per minibatch, and the
 * passes that use them: forward, backward (gradient), R-forward and R-backward (Pearlmutter's
 * exact Hessian-vector product). Nothing here allocates after construction.
 *
 * <p>Index conventions: {@code x[0]} is the input batch, {@code x[l+1] = f_l(a[l])} the output of
 * layer {@code l}; {@code dx[l] = ∂E/∂x[l]}, {@code da[l] = ∂E/∂a[l]}; {@code r*} are the
 * R-operator (directional derivative along {@code v}) counterparts.
 *
 * <p>Parameters: {@link #load} takes the pass's parameter vector without copying it. Layers that
 * have flat products for the pass's chunk size (dense layers, always) read their weights from it
 * in place and write their gradient straight into the pass's gradient target; the others use the
 * matrices {@code w, b} (copied from the vector on first use, {@link #weights}) and accumulate into
 * {@code gw, gb}, flushed at the end of the shard. Both routes sum in the same order, so they give
 * the same bits. The second-order passes still take a dense layer's weights as a matrix ({@link
 * #weights}), copied once per shard.
 */
final class Workspace {

  final Network net;
  final List<Layer> layers;
  final int depth;
  final int maxRows;
  int rows;

  private final DMatrixRMaj[] w;
  private final DMatrixRMaj[] b;
  /** The direction of a Hessian-vector product; null until one runs ({@link #loadDirection}). */
  DMatrixRMaj[] vw;
  DMatrixRMaj[] vb;
  final DMatrixRMaj[] gw;
  final DMatrixRMaj[] gb;
  final DMatrixRMaj[] hw;
  final DMatrixRMaj[] hb;

  final DMatrixRMaj[] x;
  final DMatrixRMaj[] a;
  final DMatrixRMaj[] dx;
  final DMatrixRMaj[] da;
  /** The R-operator's buffers, made with the direction's ({@link #loadDirection}). */
  DMatrixRMaj[] rx;
  DMatrixRMaj[] ra;
  DMatrixRMaj[] rdx;
  DMatrixRMaj[] rda;
  final DMatrixRMaj probs;
  /** The targets of the loaded rows (rows × outputs). */
  final DMatrixRMaj y;
  final Object[] work;

  /** The settings of the pass being run (owned by the engine, read by its tasks). */
  final Engine.Call call;

  /** Per-method buffers of the Hessian-diagonal passes, made on first use, by slot. */
  final Object[] methodBuffers = new Object[BackpropDiagonal.SLOTS];

  /** The running shard's sum of the loss. */
  double accValue;
  /** Index, within the pass's rows, of the first loaded row. */
  int offset;

  Workspace(Network net, int maxRows, Engine.Call call) {
    this.call = call;
    this.net = net;
    this.layers = net.layers();
    this.depth = layers.size();
    this.maxRows = maxRows;
    loaded = new boolean[depth];
    flat = new boolean[depth];
    w = new DMatrixRMaj[depth];
    b = new DMatrixRMaj[depth];
    gw = new DMatrixRMaj[depth];
    gb = new DMatrixRMaj[depth];
    hw = new DMatrixRMaj[depth];
    hb = new DMatrixRMaj[depth];
    x = new DMatrixRMaj[depth + 1];
    dx = new DMatrixRMaj[depth + 1];
    a = new DMatrixRMaj[depth];
    da = new DMatrixRMaj[depth];
    work = new Object[depth];
    x[0] = new DMatrixRMaj(maxRows, net.inputShape().size());
    dx[0] = new DMatrixRMaj(maxRows, net.inputShape().size());
    for (int l = 0; l < depth; l++) {
      Layer layer = layers.get(l);
      if (layer.weightCount() > 0) {
        w[l] = new DMatrixRMaj(layer.weightRows(), layer.weightCols());
        gw[l] = new DMatrixRMaj(layer.weightRows(), layer.weightCols());
        hw[l] = new DMatrixRMaj(layer.weightRows(), layer.weightCols());
      }
      if (layer.biasCount() > 0) {
        b[l] = new DMatrixRMaj(1, layer.biasCount());
        gb[l] = new DMatrixRMaj(1, layer.biasCount());
        hb[l] = new DMatrixRMaj(1, layer.biasCount());
      }
      int out = layer.outputShape().size();
      a[l] = new DMatrixRMaj(maxRows, out);
      da[l] = new DMatrixRMaj(maxRows, out);
      x[l + 1] = new DMatrixRMaj(maxRows, out);
      dx[l + 1] = new DMatrixRMaj(maxRows, out);
      work[l] = layer.newWork(maxRows);
    }
    probs = new DMatrixRMaj(maxRows, net.outputShape().size());
    y = new DMatrixRMaj(maxRows, net.outputShape().size());
  }

  /** The parameter vector of the pass in progress (read, never written), or null. */
  private double[] theta;

  /** Per layer: whether {@code w, b} hold the weights of {@link #theta}. */
  private final boolean[] loaded;

  /** Per layer: whether the pass in progress uses the layer's flat products ({@link #startPass}). */
  private final boolean[] flat;

  /** Where the flat layers' parameter gradient goes in the pass in progress, or null. */
  private double[] gradientTarget;

  /** Whether the next backward pass is the shard's first (it writes the flat gradient). */
  private boolean firstGradientChunk;

  /**
   * Takes the parameter vector of a pass. Nothing is copied yet: the flat products read it in
   * place, and {@link #weights}/{@link #biases} copy a layer's block on first use.
   */
  void load(double[] theta) {
    this.theta = theta;
    Arrays.fill(loaded, false);
  }

  /** The weight matrix of layer {@code l} (null without weights), loaded from the pass's vector. */
  DMatrixRMaj weights(int l) {
    if (!loaded[l]) {
      loadLayer(l);
    }
    return w[l];
  }

  /** The bias matrix of layer {@code l} (null without biases), loaded from the pass's vector. */
  DMatrixRMaj biases(int l) {
    if (!loaded[l]) {
      loadLayer(l);
    }
    return b[l];
  }

  private void loadLayer(int l) {
    if (w[l] != null) {
      System.arraycopy(theta, net.weightOffset(l), w[l].data, 0, w[l].getNumElements());
    }
    if (b[l] != null) {
      System.arraycopy(theta, net.biasOffset(l), b[l].data, 0, b[l].getNumElements());
    }
    loaded[l] = true;
  }

  /**
   * Starts a shard of a pass whose chunks have at most {@code chunkRows} rows: the layers that
   * {@link Layer#flatFor} such chunks read their parameters from the pass's vector in place and,
   * when {@code gradientTarget} is not null, write their parameter gradient straight into it (the
   * shard's first chunk writes, later ones add); the others go through their matrices.
   */
  void startPass(int chunkRows, double[] gradientTarget) {
    for (int l = 0; l < depth; l++) {
      Layer layer = layers.get(l);
      flat[l] = layer.weightCount() > 0 && layer.flatFor(chunkRows);
    }
    this.gradientTarget = gradientTarget;
    this.firstGradientChunk = true;
  }

  /** Ends a pass: forgets its vectors. */
  void endPass() {
    theta = null;
    gradientTarget = null;
  }

  /**
   * Makes the direction's and the R-operator's buffers, on the first Hessian-vector product: most
   * passes never run one, and these are as large as the rest of the workspace.
   */
  private void makeProductBuffers() {
    vw = new DMatrixRMaj[depth];
    vb = new DMatrixRMaj[depth];
    rx = new DMatrixRMaj[depth + 1];
    rdx = new DMatrixRMaj[depth + 1];
    ra = new DMatrixRMaj[depth];
    rda = new DMatrixRMaj[depth];
    int rows = x[0].numRows;
    rx[0] = new DMatrixRMaj(maxRows, net.inputShape().size());
    rdx[0] = new DMatrixRMaj(maxRows, net.inputShape().size());
    for (int l = 0; l < depth; l++) {
      Layer layer = layers.get(l);
      if (layer.weightCount() > 0) {
        vw[l] = new DMatrixRMaj(layer.weightRows(), layer.weightCols());
      }
      if (layer.biasCount() > 0) {
        vb[l] = new DMatrixRMaj(1, layer.biasCount());
      }
      int out = layer.outputShape().size();
      ra[l] = new DMatrixRMaj(maxRows, out);
      rda[l] = new DMatrixRMaj(maxRows, out);
      rx[l + 1] = new DMatrixRMaj(maxRows, out);
      rdx[l + 1] = new DMatrixRMaj(maxRows, out);
    }
    for (int l = 0; l <= depth; l++) {
      reshape(rx[l], rows);
      reshape(rdx[l], rows);
      if (l < depth) {
        reshape(ra[l], rows);
        reshape(rda[l], rows);
      }
    }
  }

  /** Copies a direction into {@code vw, vb}, zeroing the entries the mask deletes. */
  void loadDirection(double[] v, Mask mask) {
    if (vw == null) {
      makeProductBuffers();
    }
    for (int l = 0; l < depth; l++) {
      if (vw[l] != null) {
        int off = net.weightOffset(l);
        System.arraycopy(v, off, vw[l].data, 0, vw[l].getNumElements());
        zeroDeleted(vw[l].data, off, mask);
      }
      if (vb[l] != null) {
        int off = net.biasOffset(l);
        System.arraycopy(v, off, vb[l].data, 0, vb[l].getNumElements());
        zeroDeleted(vb[l].data, off, mask);
      }
    }
  }

  private static void zeroDeleted(double[] d, int offset, Mask mask) {
    for (int i = 0; i < d.length; i++) {
      if (mask.isDeleted(offset + i)) {
        d[i] = 0.0;
      }
    }
  }

  /** Whether {@code gw, gb} are all 0: after construction and after {@link #flushGradient}. */
  private boolean gradientClear = true;

  /** Whether {@code hw, hb} are all 0: after construction and after {@link #flushCurvature}. */
  private boolean curvatureClear = true;

  /**
   * Writes the gradient accumulators {@code gw, gb} into {@code out} in parameter order (the same
   * bits as adding them into zeros) and zeroes them, so that the next pass needs no zeroing. The
   * flat layers' gradient is in {@code out} already (it must be the pass's gradient target).
   */
  void flushGradient(double[] out) {
    assert gradientTarget == null || gradientTarget == out;
    for (int l = 0; l < depth; l++) {
      if (gradientTarget != null && flat[l]) {
        continue;
      }
      if (gw[l] != null) {
        moveOut(gw[l].data, out, net.weightOffset(l), gw[l].getNumElements());
      }
      if (gb[l] != null) {
        moveOut(gb[l].data, out, net.biasOffset(l), gb[l].getNumElements());
      }
    }
    gradientClear = true;
  }

  /** {@link #flushGradient} for the curvature accumulators {@code hw, hb}. */
  void flushCurvature(double[] out) {
    moveOut(hw, hb, out);
    curvatureClear = true;
  }

  private void moveOut(DMatrixRMaj[] wm, DMatrixRMaj[] bm, double[] out) {
    for (int l = 0; l < depth; l++) {
      if (wm[l] != null) {
        moveOut(wm[l].data, out, net.weightOffset(l), wm[l].getNumElements());
      }
      if (bm[l] != null) {
        moveOut(bm[l].data, out, net.biasOffset(l), bm[l].getNumElements());
      }
    }
  }

  /**
   * {@code dst[offset..] = src; src = 0}. A copy has the bits of {@code 0.0 + src}: sums
   * accumulated from {@code +0.0} are never {@code -0.0} (in round-to-nearest, {@code +0.0 +
   * -0.0} and {@code a + -a} are {@code +0.0}). Copy and fill are intrinsics (vectorised), unlike a
   * loop over two offsets.
   */
  private static void moveOut(double[] src, double[] dst, int offset, int n) {
    System.arraycopy(src, 0, dst, offset, n);
    Arrays.fill(src, 0, n, 0.0);
  }

  /**
   * Zeroes the loss sum, and the per-layer accumulators a pass will add into unless a flush left
   * them zero.
   */
  void resetAccumulators(boolean gradient, boolean curvature) {
    accValue = 0;
    if (gradient) {
      if (!gradientClear) {
        for (int l = 0; l < depth; l++) {
          zero(gw[l]);
          zero(gb[l]);
        }
      }
      gradientClear = false;
    }
    if (curvature) {
      if (!curvatureClear) {
        for (int l = 0; l < depth; l++) {
          zero(hw[l]);
          zero(hb[l]);
        }
      }
      curvatureClear = false;
    }
  }

  private static void zero(DMatrixRMaj m) {
    if (m != null) {
      Arrays.fill(m.data, 0, m.getNumElements(), 0.0);
    }
  }

  /**
   * Loads {@code rows} rows of the data set into {@code x[0]} and {@code y}: rows {@code
   * index[from..]} when {@code index} is given, else rows {@code from..} ({@code offset} is the
   * position of the first within the pass).
   */
  void setBatch(Dataset data, int[] index, int from, int rows, int offset) {
    if (rows > maxRows) {
      throw new IllegalArgumentException("batch of " + rows + " rows exceeds " + maxRows);
    }
    this.rows = rows;
    this.offset = offset;
    DMatrixRMaj in = data.rawInputs();
    DMatrixRMaj tg = data.rawTargets();
    boolean products = rx != null;
    for (int l = 0; l <= depth; l++) {
      reshape(x[l], rows);
      reshape(dx[l], rows);
      if (products) {
        reshape(rx[l], rows);
        reshape(rdx[l], rows);
      }
      if (l < depth) {
        reshape(a[l], rows);
        reshape(da[l], rows);
        if (products) {
          reshape(ra[l], rows);
          reshape(rda[l], rows);
        }
      }
    }
    reshape(probs, rows);
    reshape(y, rows);
    int d = in.numCols;
    int c = tg.numCols;
    if (index == null) {
      System.arraycopy(in.data, from * d, x[0].data, 0, rows * d);
      System.arraycopy(tg.data, from * c, y.data, 0, rows * c);
    } else {
      for (int r = 0; r < rows; r++) {
        int n = index[from + r];
        System.arraycopy(in.data, n * d, x[0].data, r * d, d);
        System.arraycopy(tg.data, n * c, y.data, r * c, c);
      }
    }
  }

  private static void reshape(DMatrixRMaj m, int rows) {
    m.reshape(rows, m.numCols, false);
  }

  /** Forward pass over the loaded batch: fills {@code a} and {@code x}. */
  void forward() {
    for (int l = 0; l < depth; l++) {
      Layer layer = layers.get(l);
      if (flat[l]) {
        layer.linearFlat(x[l], theta, net.weightOffset(l), a[l], work[l]);
        if (layer.biasCount() > 0) {
          layer.addBias(a[l], theta, net.biasOffset(l));
        }
      } else {
        layer.linear(x[l], weights(l), a[l], false, work[l]);
        if (b[l] != null) {
          layer.addBias(a[l], biases(l));
        }
      }
      layer.activation().forward(a[l].data, x[l + 1].data, a[l].getNumElements());
    }
  }

  /**
   * Sum of the loss over the loaded rows against their targets; writes {@code scale ∂ℓ/∂o} into
   * {@code dx[depth]} ({@code scale} of the pass).
   */
  double lossGradient(Loss loss) {
    return loss.valueAndGradient(x[depth], y, rows, dx[depth], call.scale, probs);
  }

  /**
   * Backward pass from {@code dx[depth]}: fills {@code da}, {@code dx[1..]} and adds the parameter
   * gradient into {@code gw, gb}.
   */
  void backward() {
    backward(true);
  }

  /**
   * Backward pass; adds the parameter gradient into {@code gw, gb} only when {@code parameters}
   * (second-order methods that need just {@code da}, {@code dx} skip that work).
   */
  void backward(boolean parameters) {
    for (int l = depth - 1; l >= 0; l--) {
      Layer layer = layers.get(l);
      layer.activation().multiplyD1(
          a[l].data, x[l + 1].data, dx[l + 1].data, da[l].data, a[l].getNumElements());
      if (parameters && flat[l] && gradientTarget != null) {
        layer.linearTransposeWeightFlat(
            da[l], x[l], gradientTarget, net.weightOffset(l), firstGradientChunk, work[l]);
        if (layer.biasCount() > 0) {
          layer.biasTranspose(da[l], gradientTarget, net.biasOffset(l), firstGradientChunk);
        }
      } else {
        if (parameters && gw[l] != null) {
          layer.linearTransposeWeightAdd(da[l], x[l], gw[l], work[l]);
        }
        if (parameters && gb[l] != null) {
          layer.biasTransposeAdd(da[l], gb[l]);
        }
      }
      if (l > 0) {
        if (flat[l]) {
          layer.linearTransposeInputFlat(da[l], theta, net.weightOffset(l), dx[l], work[l]);
        } else {
          layer.linearTransposeInput(da[l], weights(l), dx[l], false, work[l]);
        }
      }
    }
    if (parameters) {
      firstGradientChunk = false;
    }
  }

  /** R-forward pass along the loaded direction: fills {@code ra} and {@code rx} ({@code rx[0]=0}). */
  void rForward() {
    for (int l = 0; l < depth; l++) {
      Layer layer = layers.get(l);
      if (l == 0) {
        if (vw[0] != null) {
          layer.linear(x[0], vw[0], ra[0], false, work[0]);
        } else {
          Arrays.fill(ra[0].data, 0, ra[0].getNumElements(), 0.0);
        }
      } else {
        layer.linear(rx[l], weights(l), ra[l], false, work[l]);
        if (vw[l] != null) {
          layer.linear(x[l], vw[l], ra[l], true, work[l]);
        }
      }
      if (vb[l] != null) {
        layer.addBias(ra[l], vb[l]);
      }
      layer.activation().multiplyD1(
          a[l].data, x[l + 1].data, ra[l].data, rx[l + 1].data, ra[l].getNumElements());
    }
  }

  /** {@code rdx[depth] = scale · H_ℓ rx[depth]} (after {@link #lossGradient}). */
  void rLoss(Loss loss) {
    loss.hessianVector(y, rows, probs, rx[depth], rdx[depth], call.scale);
  }

  /** R-backward pass: adds the Hessian-vector product into {@code hw, hb}. */
  void rBackward() {
    for (int l = depth - 1; l >= 0; l--) {
      Layer layer = layers.get(l);
      Activation f = layer.activation();
      double[] ad = a[l].data;
      double[] rad = ra[l].data;
      double[] dxd = dx[l + 1].data;
      double[] rdxd = rdx[l + 1].data;
      double[] rdad = rda[l].data;
      int n = a[l].getNumElements();
      f.rBackward(ad, x[l + 1].data, rad, dxd, rdxd, rdad, n);
      if (hw[l] != null) {
        layer.linearTransposeWeightAdd(rda[l], x[l], hw[l], work[l]);
        if (l > 0) {
          layer.linearTransposeWeightAdd(da[l], rx[l], hw[l], work[l]);
        }
      }
      if (hb[l] != null) {
        layer.biasTransposeAdd(rda[l], hb[l]);
      }
      if (l > 0) {
        layer.linearTransposeInput(rda[l], weights(l), rdx[l], false, work[l]);
        if (vw[l] != null) {
          layer.linearTransposeInput(da[l], vw[l], rdx[l], true, work[l]);
        }
      }
    }
  }
}
