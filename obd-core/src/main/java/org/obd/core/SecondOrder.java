package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The backward passes of second-order information behind the Hessian-diagonal methods.
 *
 * <p><b>Factor pass</b> ({@code ggn}, {@code exact}), after BackPACK's DiagGGN and DiagHessian.
 * Per sample, the Hessian of the loss with respect to a layer's output is kept as a signed sum of
 * outer products {@code Σ_r s_r u_r u_rᵀ}: at the network output the loss Hessian
 * {@code H_ℓ = Σ_c u_c u_cᵀ} (mse: {@code u_c = e_c}; softmax-cross-entropy: {@code u_c = √(Σy·p_c)
 * (e_c − p)}), each scaled by {@code 1/√N}. Through an activation every factor row is multiplied
 * by {@code f'(a)}; the activation's own second-order term {@code diag(f''(a) ⊙ ∂E/∂x)} (the
 * "residual", kept only for {@code exact}) joins as one more row per unit, {@code √|r_j| e_j} with
 * sign {@code sign r_j}. Each layer's parameter diagonal is {@code Σ_r s_r (J_θᵀ u_r)²}, its rows
 * propagate to the layer below by the input transpose. Without residuals this is the exact
 * generalised Gauss–Newton diagonal; with them, the exact Hessian diagonal.
 *
 * <p><b>Becker–LeCun pass</b>: the paper's diagonal backpropagation, a vector per sample:
 * {@code ∂²E/∂a² = f'(a)² ∂²E/∂x² (+ f''(a) ∂E/∂x)}, {@code ∂²E/∂x_below² = L(·; W∘W)ᵀ ∂²E/∂a²},
 * {@code ∂²E/∂w² = Σ_connections ∂²E/∂a² · x²}, starting from the diagonal of the loss Hessian.
 *
 * <p>All passes run on the {@link Engine}: minibatches, shards on both cores, fixed-order sums.
 */
final class SecondOrder {

  /** Upper bound on factor rows held at once by one workspace (rows = samples × factors). */
  static final int ROW_BUDGET = 2048;

  private SecondOrder() {}

  /** Buffers per workspace, sized once. */
  static final class Buffers {
    final DMatrixRMaj[] w2;
    final DMatrixRMaj[] x2;
    final DMatrixRMaj d2a;
    DMatrixRMaj d2x;
    DMatrixRMaj d2xNext;
    DMatrixRMaj front;
    DMatrixRMaj back;
    double[] sign;
    double[] signNext;
    final int factorRows;

    Buffers(Workspace ws, int factorRows) {
      int depth = ws.depth;
      int maxWidth = ws.net.inputShape().size();
      for (Layer l : ws.layers) {
        maxWidth = Math.max(maxWidth, l.outputShape().size());
      }
      w2 = new DMatrixRMaj[depth];
      x2 = new DMatrixRMaj[depth];
      for (int l = 0; l < depth; l++) {
        if (ws.w[l] != null) {
          w2[l] = new DMatrixRMaj(ws.w[l].numRows, ws.w[l].numCols);
        }
        x2[l] = new DMatrixRMaj(ws.maxRows, ws.layers.get(l).inputShape().size());
      }
      d2a = new DMatrixRMaj(ws.maxRows, maxWidth);
      d2x = new DMatrixRMaj(ws.maxRows, maxWidth);
      d2xNext = new DMatrixRMaj(ws.maxRows, maxWidth);
      this.factorRows = factorRows;
      int rows = Math.max(1, factorRows);
      front = new DMatrixRMaj(rows, maxWidth);
      back = new DMatrixRMaj(rows, maxWidth);
      sign = new double[rows];
      signNext = new double[rows];
    }

    void swapD2() {
      DMatrixRMaj t = d2x;
      d2x = d2xNext;
      d2xNext = t;
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

  private static Buffers buffers(Workspace ws, int factorRows) {
    Buffers b = (Buffers) ws.secondOrder;
    if (b == null || b.factorRows < factorRows) {
      b = new Buffers(ws, factorRows);
      ws.secondOrder = b;
    }
    return b;
  }

  /** Index of the first layer with parameters (below it nothing needs backpropagation). */
  static int lowestParameterLayer(Network net) {
    for (int l = 0; l < net.layers().size(); l++) {
      if (net.layers().get(l).parameterCount() > 0) {
        return l;
      }
    }
    return net.layers().size();
  }

  /** Whether the factor pass adds a residual row block at layer {@code l}. */
  private static boolean residualAt(Layer layer, boolean residuals) {
    return residuals && !layer.activation().isPiecewiseLinear();
  }

  /** The most factor rows one sample needs anywhere in the factor pass. */
  static int factorsPerSample(Network net, boolean residuals) {
    int r = net.outputShape().size();
    int max = r;
    int lowest = lowestParameterLayer(net);
    for (int l = net.layers().size() - 1; l > lowest; l--) {
      Layer layer = net.layers().get(l);
      if (residualAt(layer, residuals)) {
        r += layer.outputShape().size();
      }
      max = Math.max(max, r);
    }
    return max;
  }

  /** Samples per minibatch of the factor pass, so that samples × factors stays in budget. */
  static int factorBatchSize(Network net, boolean residuals, int batchSize) {
    return Math.max(1, Math.min(batchSize, ROW_BUDGET / factorsPerSample(net, residuals)));
  }

  /** Squares the weights into the buffers (after the engine loaded {@code θ}). */
  private static void squareWeights(Workspace ws, Buffers b) {
    for (int l = 0; l < ws.depth; l++) {
      if (ws.w[l] != null) {
        double[] w = ws.w[l].data;
        double[] w2 = b.w2[l].data;
        for (int i = 0; i < w.length && i < w2.length; i++) {
          w2[i] = w[i] * w[i];
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Factor pass: ggn (residuals = false) and exact (residuals = true)

  static double[] factorDiagonal(
      Objective objective, double[] theta, Mask mask, Dataset data, boolean residuals) {
    Network net = objective.network();
    Loss loss = objective.loss();
    int perSample = factorsPerSample(net, residuals);
    int batch = factorBatchSize(net, residuals, objective.engine().batchSize());
    Engine engine = objective.engine(batch);
    double scale = 1.0 / data.size();
    double rootScale = Math.sqrt(scale);
    int lowest = lowestParameterLayer(net);
    double[] out = new double[net.parameterCount()];
    engine.run(
        data,
        theta,
        null,
        null,
        Engine.Result.CURVATURE,
        (ws, from) -> {
          Buffers b = buffers(ws, ws.maxRows * perSample);
          ws.forward();
          ws.lossGradient(loss, data, from, scale);
          if (residuals) {
            ws.backward(false);
          }
          int rows = ws.rows;
          int r = topFactor(ws, b, loss, data, from, rootScale);
          for (int l = ws.depth - 1; l >= lowest; l--) {
            Layer layer = ws.layers.get(l);
            int width = layer.outputShape().size();
            // through the activation: every factor row times f'(a) of its sample
            DMatrixRMaj g = b.front;
            double[] gd = g.data;
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
              layer.squaredRowGradientsAdd(
                  g, r, b.sign, ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
            }
            boolean residual = residualAt(layer, residuals);
            if (residual && layer.parameterCount() > 0) {
              addOwnResidual(ws, b, l, rows);
            }
            if (l > lowest) {
              if (residual) {
                r = appendResidualRows(ws, b, l, r, width, rows);
              }
              int inWidth = layer.inputShape().size();
              b.back.reshape(rows * r, inWidth, false);
              layer.linearTransposeInput(b.front, ws.w[l], b.back, false, ws.work[l]);
              System.arraycopy(b.sign, 0, b.signNext, 0, rows * r);
              b.swap();
            }
          }
        },
        out);
    mask.apply(out);
    return out;
  }

  /** Writes the loss Hessian's factor rows (C per sample) into {@code b.front}; returns C. */
  private static int topFactor(
      Workspace ws, Buffers b, Loss loss, Dataset data, int from, double rootScale) {
    int rows = ws.rows;
    int c = ws.net.outputShape().size();
    b.front.reshape(rows * c, c, false);
    double[] g = b.front.data;
    Arrays.fill(g, 0, rows * c * c, 0.0);
    Arrays.fill(b.sign, 0, rows * c, 1.0);
    if (loss == Loss.MSE) {
      for (int n = 0; n < rows; n++) {
        for (int j = 0; j < c; j++) {
          g[(n * c + j) * c + j] = rootScale;
        }
      }
      return c;
    }
    double[] p = ws.probs.data;
    double[] y = data.rawTargets().data;
    for (int n = 0; n < rows; n++) {
      double ySum = 0;
      for (int j = 0; j < c; j++) {
        ySum += y[(from + n) * c + j];
      }
      for (int j = 0; j < c; j++) {
        double pj = p[n * c + j];
        double k = rootScale * Math.sqrt(ySum * pj);
        int base = (n * c + j) * c;
        for (int i = 0; i < c; i++) {
          g[base + i] = -k * p[n * c + i];
        }
        g[base + j] += k;
      }
    }
    return c;
  }

  /**
   * A layer's own residual {@code diag(r)}, {@code r = f''(a) ⊙ ∂E/∂x}, is diagonal in the layer's
   * pre-activations, so its share of the weight diagonal is {@code Σ_connections r · x²} and of the
   * bias diagonal {@code Σ r}: no factor rows needed.
   */
  private static void addOwnResidual(Workspace ws, Buffers b, int l, int rows) {
    Layer layer = ws.layers.get(l);
    int width = layer.outputShape().size();
    Activation f = layer.activation();
    double[] ad = ws.a[l].data;
    double[] dxd = ws.dx[l + 1].data;
    b.d2a.reshape(rows, width, false);
    double[] res = b.d2a.data;
    for (int i = 0, n = rows * width; i < n; i++) {
      res[i] = f.d2(ad[i]) * dxd[i];
    }
    if (ws.hw[l] != null) {
      DMatrixRMaj x2 = b.x2[l];
      x2.reshape(rows, layer.inputShape().size(), false);
      double[] x = ws.x[l].data;
      for (int i = 0, n = x2.getNumElements(); i < n; i++) {
        x2.data[i] = x[i] * x[i];
      }
      layer.linearTransposeWeightAdd(b.d2a, x2, ws.hw[l], ws.work[l]);
    }
    if (ws.hb[l] != null) {
      layer.biasTransposeAdd(b.d2a, ws.hb[l]);
    }
  }

  /**
   * Re-lays the factor rows of each sample followed by one residual row per unit, {@code √|r_j|
   * e_j} with sign {@code sign r_j}, {@code r = f''(a) ⊙ ∂E/∂x}; returns the new rows per sample.
   */
  private static int appendResidualRows(
      Workspace ws, Buffers b, int l, int r, int width, int rows) {
    int nr = r + width;
    DMatrixRMaj src = b.front;
    DMatrixRMaj dst = b.back;
    dst.reshape(rows * nr, width, false);
    Arrays.fill(dst.data, 0, rows * nr * width, 0.0);
    Activation f = ws.layers.get(l).activation();
    double[] ad = ws.a[l].data;
    double[] dxd = ws.dx[l + 1].data;
    for (int n = 0; n < rows; n++) {
      System.arraycopy(src.data, n * r * width, dst.data, n * nr * width, r * width);
      System.arraycopy(b.sign, n * r, b.signNext, n * nr, r);
      for (int j = 0; j < width; j++) {
        double res = f.d2(ad[n * width + j]) * dxd[n * width + j];
        int row = n * nr + r + j;
        dst.data[row * width + j] = Math.sqrt(Math.abs(res));
        b.signNext[row] = Math.signum(res);
      }
    }
    b.swap();
    return nr;
  }

  // ---------------------------------------------------------------------------------------------
  // Becker–LeCun pass

  static double[] beckerLeCun(
      Objective objective, double[] theta, Mask mask, Dataset data, boolean full) {
    Network net = objective.network();
    Loss loss = objective.loss();
    double scale = 1.0 / data.size();
    int lowest = lowestParameterLayer(net);
    double[] out = new double[net.parameterCount()];
    objective
        .engine()
        .run(
            data,
            theta,
            null,
            null,
            Engine.Result.CURVATURE,
            new Engine.Task() {
              @Override
              public void startShard(Workspace ws) {
                squareWeights(ws, buffers(ws, 0));
              }

              @Override
              public void batch(Workspace ws, int from) {
                Buffers b = buffers(ws, 0);
                ws.forward();
                ws.lossGradient(loss, data, from, scale);
                if (full) {
                  ws.backward(false);
                }
                int rows = ws.rows;
                int c = net.outputShape().size();
                b.d2x.reshape(rows, c, false);
                lossDiagonal(ws, loss, data, from, scale, b.d2x);
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
                    for (int i = 0; i < n; i++) {
                      double d1 = f.d1(a[i]);
                      d2a[i] = d1 * d1 * d2[i];
                    }
                    if (full && !f.isPiecewiseLinear()) {
                      double[] dx = ws.dx[l + 1].data;
                      for (int i = 0; i < n; i++) {
                        d2a[i] += f.d2(a[i]) * dx[i];
                      }
                    }
                  }
                  if (ws.hw[l] != null) {
                    DMatrixRMaj x2 = b.x2[l];
                    x2.reshape(rows, layer.inputShape().size(), false);
                    double[] x = ws.x[l].data;
                    for (int i = 0, m = x2.getNumElements(); i < m; i++) {
                      x2.data[i] = x[i] * x[i];
                    }
                    layer.linearTransposeWeightAdd(b.d2a, x2, ws.hw[l], ws.work[l]);
                  }
                  if (ws.hb[l] != null) {
                    layer.biasTransposeAdd(b.d2a, ws.hb[l]);
                  }
                  if (l > lowest) {
                    b.d2xNext.reshape(rows, layer.inputShape().size(), false);
                    layer.squaredTransposeInput(b.d2a, b.w2[l], b.d2xNext, ws.work[l]);
                    b.swapD2();
                  }
                }
              }
            },
            out);
    mask.apply(out);
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Empirical Fisher

  static double[] fisher(Objective objective, double[] theta, Mask mask, Dataset data) {
    Network net = objective.network();
    Loss loss = objective.loss();
    double[] out = new double[net.parameterCount()];
    objective
        .engine()
        .run(
            data,
            theta,
            null,
            null,
            Engine.Result.CURVATURE,
            new Engine.Task() {
              @Override
              public void startShard(Workspace ws) {
                Arrays.fill(buffers(ws, ws.maxRows).sign, 1.0);
              }

              @Override
              public void batch(Workspace ws, int from) {
                Buffers b = buffers(ws, ws.maxRows);
                ws.forward();
                ws.lossGradient(loss, data, from, 1.0);
                ws.backward(false);
                for (int l = 0; l < ws.depth; l++) {
                  Layer layer = ws.layers.get(l);
                  if (layer.parameterCount() > 0) {
                    layer.squaredRowGradientsAdd(
                        ws.da[l], 1, b.sign, ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
                  }
                }
              }
            },
            out);
    double scale = 1.0 / data.size();
    for (int k = 0; k < out.length; k++) {
      out[k] *= scale;
    }
    mask.apply(out);
    return out;
  }

  /** Diagonal of the loss Hessian per row, times {@code scale}. */
  private static void lossDiagonal(
      Workspace ws, Loss loss, Dataset data, int from, double scale, DMatrixRMaj out) {
    int rows = ws.rows;
    int c = out.numCols;
    double[] o = out.data;
    if (loss == Loss.MSE) {
      Arrays.fill(o, 0, rows * c, scale);
      return;
    }
    double[] p = ws.probs.data;
    double[] y = data.rawTargets().data;
    for (int n = 0; n < rows; n++) {
      double ySum = 0;
      for (int j = 0; j < c; j++) {
        ySum += y[(from + n) * c + j];
      }
      for (int j = 0; j < c; j++) {
        double pj = p[n * c + j];
        o[n * c + j] = scale * ySum * pj * (1 - pj);
      }
    }
  }
}
