package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * {@code exact} and {@code ggn}: per-sample backpropagation of a factorisation of the Hessian,
 * after BackPACK's DiagHessian and DiagGGN.
 *
 * <p>Per sample, the Hessian of the loss with respect to a layer's output is kept as a signed sum
 * of outer products {@code Σ_r s_r u_r u_rᵀ}: at the network output the loss Hessian
 * ({@link Loss#hessianFactor}), each factor scaled by {@code √scale}. Through an activation every
 * factor row is multiplied by {@code f'(a)}; for {@code exact} the activation's own second-order
 * term {@code diag(f''(a) ⊙ ∂E/∂x)} (the "residual") joins as one more row per unit, {@code √|r_j|
 * e_j} with sign {@code sign r_j}. Each layer's parameter diagonal is {@code Σ_r s_r (J_θᵀ u_r)²};
 * its rows propagate to the layer below by the input transpose. Without residuals this is the exact
 * generalised Gauss–Newton diagonal; with them, the exact Hessian diagonal. A layer's own residual
 * is diagonal in its pre-activations and is added directly, {@code L_Wᵀ(x²)·r}.
 *
 * <p>Cost: about {@code C} (outputs) gradients for {@code ggn}, more for {@code exact} below
 * nonlinear layers (one row per unit of each); chunks are sized so that samples × factor rows stay
 * within {@link #ROW_BUDGET}.
 */
final class FactorDiagonal extends BackpropDiagonal {

  /** The declaration of {@code exact}. */
  static final Descriptor<NoOptions, HessianDiagonal> EXACT =
      Descriptor.of(
          "exact",
          "exact Hessian diagonal by per-sample backpropagation of Hessian factors, residuals"
              + " included",
          "Dangel, Kunstner & Hennig (2020), BackPACK: Packing more into Backprop (DiagHessian)",
          NoOptions.INSTANCE,
          o -> new FactorDiagonal(true));

  /** The declaration of {@code ggn}. */
  static final Descriptor<NoOptions, HessianDiagonal> GGN =
      Descriptor.of(
          "ggn",
          "exact diagonal of the generalised Gauss-Newton matrix (cost ~ outputs x a gradient at"
              + " most)",
          "Schraudolph (2002), Fast Curvature Matrix-Vector Products; Dangel, Kunstner & Hennig"
              + " (2020), BackPACK (DiagGGN)",
          NoOptions.INSTANCE,
          o -> new FactorDiagonal(false));

  /** Upper bound on factor rows held at once by one workspace (rows = samples × factors). */
  static final int ROW_BUDGET = 2048;

  private final boolean residuals;

  private FactorDiagonal(boolean residuals) {
    this.residuals = residuals;
  }

  @Override
  public String name() {
    return residuals ? "exact" : "ggn";
  }

  @Override
  public Record options() {
    return NoOptions.INSTANCE;
  }

  @Override
  boolean needsBackward() {
    return residuals;
  }

  @Override
  int chunkRows(Network net, int batchSize) {
    return Math.max(1, Math.min(batchSize, ROW_BUDGET / factorsPerSample(net)));
  }

  /** Whether the pass adds a residual row block at a layer. */
  private boolean residualAt(Layer layer) {
    return residuals && !layer.activation().isPiecewiseLinear();
  }

  /** The most factor rows one sample needs anywhere in the pass. */
  int factorsPerSample(Network net) {
    int r = net.outputShape().size();
    int max = r;
    int lowest = lowestParameterLayer(net);
    for (int l = net.layers().size() - 1; l > lowest; l--) {
      Layer layer = net.layers().get(l);
      if (residualAt(layer)) {
        r += layer.outputShape().size();
      }
      max = Math.max(max, r);
    }
    return max;
  }

  /** Buffers per workspace, sized once for the workspace's rows. */
  private static final class Buffers {
    final DMatrixRMaj[] x2;
    final DMatrixRMaj d2a;
    DMatrixRMaj front;
    DMatrixRMaj back;
    double[] sign;
    double[] signNext;
    final int factorRows;

    Buffers(Workspace ws, int factorRows) {
      int width = maxWidth(ws.net);
      x2 = new DMatrixRMaj[ws.depth];
      for (int l = 0; l < ws.depth; l++) {
        x2[l] = new DMatrixRMaj(ws.maxRows, ws.layers.get(l).inputShape().size());
      }
      d2a = new DMatrixRMaj(ws.maxRows, width);
      this.factorRows = factorRows;
      front = new DMatrixRMaj(factorRows, width);
      back = new DMatrixRMaj(factorRows, width);
      sign = new double[factorRows];
      signNext = new double[factorRows];
    }

    void swap() {
      DMatrixRMaj t = front;
      front = back;
      back = t;
      double[] s = sign;
      sign = signNext;
      signNext = s;
    }
  }

  private Buffers buffers(Workspace ws, int factorRows) {
    Buffers b = (Buffers) ws.methodBuffers[FACTOR_SLOT];
    if (b == null || b.factorRows < factorRows) {
      b = new Buffers(ws, factorRows);
      ws.methodBuffers[FACTOR_SLOT] = b;
    }
    return b;
  }

  @Override
  void accumulate(Workspace ws) {
    Network net = ws.net;
    int perSample = factorsPerSample(net);
    int rows = ws.rows;
    Buffers b = buffers(ws, chunkRows(net, ws.maxRows) * perSample);
    int c = net.outputShape().size();
    b.front.reshape(rows * c, c, false);
    ws.call.loss.hessianFactor(ws.y, rows, ws.probs, Math.sqrt(ws.call.scale), b.front);
    Arrays.fill(b.sign, 0, rows * c, 1.0);
    int r = c;
    int lowest = lowestParameterLayer(net);
    for (int l = ws.depth - 1; l >= lowest; l--) {
      Layer layer = ws.layers.get(l);
      int width = layer.outputShape().size();
      // through the activation: every factor row times f'(a) of its sample
      double[] gd = b.front.data;
      double[] ad = ws.a[l].data;
      double[] xd = ws.x[l + 1].data;
      Activation f = layer.activation();
      if (f != Activation.IDENTITY) {
        for (int row = 0; row < rows * r; row++) {
          int sb = (row / r) * width;
          f.multiplyD1Row(ad, xd, sb, gd, row * width, width);
        }
      }
      if (layer.parameterCount() > 0) {
        layer.squaredRowGradientsAdd(b.front, r, b.sign, ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
      }
      boolean residual = residualAt(layer);
      if (residual) {
        residuals(ws, b, l);
        if (layer.parameterCount() > 0) {
          addOwnResidual(ws, b, l);
        }
      }
      if (l > lowest) {
        if (residual) {
          r = appendResidualRows(ws, b, l, r, width);
        }
        b.back.reshape(rows * r, layer.inputShape().size(), false);
        layer.linearTransposeInput(b.front, ws.weights(l), b.back, false, ws.work[l]);
        System.arraycopy(b.sign, 0, b.signNext, 0, rows * r);
        b.swap();
      }
    }
  }

  /** {@code b.d2a} becomes the residuals {@code r = f''(a) ⊙ ∂E/∂x} of layer {@code l}. */
  private static void residuals(Workspace ws, Buffers b, int l) {
    Layer layer = ws.layers.get(l);
    int width = layer.outputShape().size();
    b.d2a.reshape(ws.rows, width, false);
    layer.activation().d2Times(
        ws.a[l].data, ws.x[l + 1].data, ws.dx[l + 1].data, b.d2a.data, ws.rows * width, false);
  }

  /**
   * A layer's own residual {@code diag(r)}, {@code r = f''(a) ⊙ ∂E/∂x} (in {@code b.d2a}, {@link
   * #residuals}), is diagonal in the layer's pre-activations, so its share of the weight diagonal is
   * {@code Σ_connections r · x²} and of the bias diagonal {@code Σ r}: no factor rows needed.
   */
  private static void addOwnResidual(Workspace ws, Buffers b, int l) {
    Layer layer = ws.layers.get(l);
    if (ws.hw[l] != null) {
      squareInput(ws, l, b.x2[l]);
      layer.linearTransposeWeightAdd(b.d2a, b.x2[l], ws.hw[l], ws.work[l]);
    }
    if (ws.hb[l] != null) {
      layer.biasTransposeAdd(b.d2a, ws.hb[l]);
    }
  }

  /**
   * Re-lays the factor rows of each sample followed by one residual row per unit, {@code √|r_j|
   * e_j} with sign {@code sign r_j}, {@code r = f''(a) ⊙ ∂E/∂x} (in {@code b.d2a}, {@link
   * #residuals}); returns the new rows per sample.
   */
  private static int appendResidualRows(Workspace ws, Buffers b, int l, int r, int width) {
    int rows = ws.rows;
    int nr = r + width;
    DMatrixRMaj src = b.front;
    DMatrixRMaj dst = b.back;
    dst.reshape(rows * nr, width, false);
    Arrays.fill(dst.data, 0, rows * nr * width, 0.0);
    double[] residual = b.d2a.data;
    for (int n = 0; n < rows; n++) {
      System.arraycopy(src.data, n * r * width, dst.data, n * nr * width, r * width);
      System.arraycopy(b.sign, n * r, b.signNext, n * nr, r);
      for (int j = 0; j < width; j++) {
        double res = residual[n * width + j];
        int row = n * nr + r + j;
        dst.data[row * width + j] = Math.sqrt(Math.abs(res));
        b.signNext[row] = Math.signum(res);
      }
    }
    b.swap();
    return nr;
  }
}
