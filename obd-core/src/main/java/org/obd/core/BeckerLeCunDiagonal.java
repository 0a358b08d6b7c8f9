package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code becker-lecun} and {@code becker-lecun-full}: the OBD paper's backpropagated diagonal
 * (Becker &amp; LeCun 1988; LeCun, Denker &amp; Solla 1989), one vector per sample:
 * {@code ∂²E/∂a² = f'(a)² ∂²E/∂x²} (plus {@code f''(a) ∂E/∂x} in the full form),
 * {@code ∂²E/∂x_below² = L(·; W∘W)ᵀ ∂²E/∂a²}, {@code ∂²E/∂w² = Σ_connections ∂²E/∂a² · x²},
 * starting from the diagonal of the loss Hessian ({@link Loss#hessianDiagonal}). It drops every
 * off-diagonal term of the Hessian with respect to the units. The Levenberg–Marquardt form (without
 * {@code f''}) is never negative. Cost: about one gradient.
 */
final class BeckerLeCunDiagonal extends BackpropDiagonal {

  /** The declaration of {@code becker-lecun}. */
  static final Descriptor<NoOptions, HessianDiagonal> DESCRIPTOR =
      Descriptor.of(
          "becker-lecun",
          "Becker-LeCun backpropagated diagonal, Levenberg-Marquardt form (cost ~1 gradient)",
          "Becker & LeCun (1988), Improving the Convergence of Back-Propagation Learning with"
              + " Second Order Methods; LeCun, Denker & Solla (1989), Optimal Brain Damage",
          NoOptions.INSTANCE,
          o -> new BeckerLeCunDiagonal(false));

  /** The declaration of {@code becker-lecun-full}. */
  static final Descriptor<NoOptions, HessianDiagonal> FULL =
      Descriptor.of(
          "becker-lecun-full",
          "Becker-LeCun backpropagated diagonal with the f'' term (cost ~1.5 gradients)",
          "Becker & LeCun (1988); LeCun, Denker & Solla (1989), Optimal Brain Damage, eq. (7)",
          NoOptions.INSTANCE,
          o -> new BeckerLeCunDiagonal(true));

  private final boolean full;

  private BeckerLeCunDiagonal(boolean full) {
    this.full = full;
  }

  @Override
  public String name() {
    return full ? "becker-lecun-full" : "becker-lecun";
  }

  @Override
  public Record options() {
    return NoOptions.INSTANCE;
  }

  @Override
  boolean needsBackward() {
    return full;
  }

  /** Buffers per workspace: squared weights, squared inputs, the backpropagated diagonals. */
  private static final class Buffers {
    final DMatrixRMaj[] w2;
    final DMatrixRMaj[] x2;
    final DMatrixRMaj d2a;
    DMatrixRMaj d2x;
    DMatrixRMaj d2xNext;

    Buffers(Workspace ws) {
      int width = maxWidth(ws.net);
      w2 = new DMatrixRMaj[ws.depth];
      x2 = new DMatrixRMaj[ws.depth];
      for (int l = 0; l < ws.depth; l++) {
        DMatrixRMaj w = ws.weights(l);
        if (w != null) {
          w2[l] = new DMatrixRMaj(w.numRows, w.numCols);
        }
        x2[l] = new DMatrixRMaj(1, 1); // grown where a layer squares its inputs into it
      }
      d2a = new DMatrixRMaj(ws.maxRows, width);
      d2x = new DMatrixRMaj(ws.maxRows, width);
      d2xNext = new DMatrixRMaj(ws.maxRows, width);
    }

    void swap() {
      DMatrixRMaj t = d2x;
      d2x = d2xNext;
      d2xNext = t;
    }
  }

  private static Buffers buffers(Workspace ws) {
    Buffers b = (Buffers) ws.methodBuffers[BECKER_LECUN_SLOT];
    if (b == null) {
      b = new Buffers(ws);
      ws.methodBuffers[BECKER_LECUN_SLOT] = b;
    }
    return b;
  }

  /** Squares the loaded weights once per shard. */
  @Override
  void startShard(Workspace ws) {
    Buffers b = buffers(ws);
    for (int l = 0; l < ws.depth; l++) {
      if (ws.weights(l) != null) {
        double[] w = ws.weights(l).data;
        double[] w2 = b.w2[l].data;
        for (int i = 0; i < w2.length; i++) {
          w2[i] = w[i] * w[i];
        }
      }
    }
  }

  @Override
  void accumulate(Workspace ws) {
    Buffers b = buffers(ws);
    int rows = ws.rows;
    int lowest = lowestParameterLayer(ws.net);
    b.d2x.reshape(rows, ws.net.outputShape().size(), false);
    ws.call.loss.hessianDiagonal(ws.y, rows, ws.probs, ws.call.scale, b.d2x);
    for (int l = ws.depth - 1; l >= lowest; l--) {
      Layer layer = ws.layers.get(l);
      int n = rows * layer.outputShape().size();
      b.d2a.reshape(rows, layer.outputShape().size(), false);
      double[] a = ws.a[l].data;
      double[] d2a = b.d2a.data;
      double[] d2 = b.d2x.data;
      Activation f = layer.activation();
      if (f == Activation.IDENTITY) {
        System.arraycopy(d2, 0, d2a, 0, n);
      } else {
        f.d1(a, ws.x[l + 1].data, d2a, n);
        for (int i = 0; i < n; i++) {
          double d1 = d2a[i];
          d2a[i] = d1 * d1 * d2[i];
        }
        if (full && !f.isPiecewiseLinear()) {
          f.d2Times(a, ws.x[l + 1].data, ws.dx[l + 1].data, d2a, n, true);
        }
      }
      if (ws.hw[l] != null) {
        layer.squaredInputTransposeWeightAdd(b.d2a, ws.x[l], b.x2[l], ws.hw[l], ws.work[l]);
      }
      if (ws.hb[l] != null) {
        layer.biasTransposeAdd(b.d2a, ws.hb[l]);
      }
      if (l > lowest) {
        b.d2xNext.reshape(rows, layer.inputShape().size(), false);
        layer.squaredTransposeInput(b.d2a, b.w2[l], b.d2xNext, ws.work[l]);
        b.swap();
      }
    }
  }
}
