package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The dense generalised Gauss–Newton matrix {@code G = Σ_n J_nᵀ H_ℓ,n J_n} (times the
 * reduction's scale) over the remaining parameters, built from per-sample Jacobians rather than
 * from {@code m} Hessian-vector products.
 *
 * <p>Per sample, the loss Hessian with respect to the network output is factored as {@code Σ_r
 * u_r u_rᵀ} ({@link Loss#hessianFactor}: {@code K = C} rows for mse, {@code C − 1} for
 * cross-entropy); each factor row is backpropagated as in {@link FactorDiagonal} without
 * residuals, and at each layer with parameters every row's own parameter gradient {@code g_ρ =
 * J_nᵀ u_r} restricted to that layer is written into row {@code ρ} of a chunk Jacobian {@code J}
 * (rows = samples × K, columns = remaining parameters). Then {@code G += Jᵀ J}, computed per factor
 * index {@code r} over only the columns that are non-zero for it: for mse below a dense output
 * layer, the rows of factor {@code r} touch only output unit {@code r}'s weights and the layers
 * below, so the products shrink by about the number of outputs.
 *
 * <p>The shards run one after another ({@link Engine.Call#serial}) and add into one matrix, in
 * chunk order: the result does not depend on the number of threads.
 */
final class GaussNewtonMatrix extends BackpropDiagonal {

  private final int[] position;
  private final int m;
  private final DMatrixRMaj g;

  private DMatrixRMaj front = new DMatrixRMaj(1, 1);
  private DMatrixRMaj back = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj jac = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj rowG = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj rowX = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj gw = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj sub = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj block = new DMatrixRMaj(1, 1);
  /** One sample's {@code f'} ({@link Activation#multiplyD1Rows}). */
  private double[] factors = new double[0];
  private double[] gb = new double[0];
  private int[] columns = new int[0];

  /**
   * An accumulator over the parameters {@code remaining} (ascending indices into the parameter
   * vector of a network with {@code parameterCount} parameters).
   */
  GaussNewtonMatrix(int[] remaining, int parameterCount) {
    this.m = remaining.length;
    this.position = new int[parameterCount];
    Arrays.fill(position, -1);
    for (int i = 0; i < m; i++) {
      position[remaining[i]] = i;
    }
    this.g = new DMatrixRMaj(m, m);
  }

  /** The matrix accumulated so far ({@code m × m}, not yet symmetrised). */
  DMatrixRMaj matrix() {
    return g;
  }

  @Override
  public String name() {
    return "ggn-matrix";
  }

  @Override
  public Record options() {
    return NoOptions.INSTANCE;
  }

  @Override
  boolean needsBackward() {
    return false;
  }

  @Override
  int chunkRows(Network net, int batchSize) {
    return Math.max(
        1, Math.min(batchSize, FactorDiagonal.ROW_BUDGET / net.outputShape().size()));
  }

  @Override
  void accumulate(Workspace ws) {
    Network net = ws.net;
    int rows = ws.rows;
    int c = net.outputShape().size();
    int k = ws.call.loss.factorRows(c);
    int factorRows = rows * k;
    front.reshape(factorRows, c, false);
    ws.call.loss.hessianFactor(ws.y, rows, ws.probs, Math.sqrt(ws.call.scale), front);
    jac.reshape(factorRows, m, false);
    Arrays.fill(jac.data, 0, factorRows * m, 0.0);
    int lowest = lowestParameterLayer(net);
    for (int l = ws.depth - 1; l >= lowest; l--) {
      Layer layer = ws.layers.get(l);
      int width = layer.outputShape().size();
      Activation f = layer.activation();
      if (factors.length < width) {
        factors = new double[width];
      }
      f.multiplyD1Rows(ws.a[l].data, ws.x[l + 1].data, 0, rows, k, front.data, width, factors);
      if (layer.parameterCount() > 0) {
        rowGradients(ws, l, k, factorRows);
      }
      if (l > lowest) {
        back.reshape(factorRows, layer.inputShape().size(), false);
        layer.linearTransposeInput(front, ws.weights(l), back, false, ws.work[l]);
        DMatrixRMaj t = front;
        front = back;
        back = t;
      }
    }
    addProducts(rows, k);
  }

  /** Writes each factor row's gradient of layer {@code l}'s parameters into its row of {@code J}. */
  private void rowGradients(Workspace ws, int l, int perSample, int factorRows) {
    Layer layer = ws.layers.get(l);
    int width = layer.outputShape().size();
    int in = layer.inputShape().size();
    int wOffset = ws.net.weightOffset(l);
    int bOffset = ws.net.biasOffset(l);
    int weights = layer.weightCount();
    int biases = layer.biasCount();
    rowG.reshape(1, width, false);
    rowX.reshape(1, in, false);
    if (weights > 0) {
      gw.reshape(layer.weightRows(), layer.weightCols(), false);
    }
    if (gb.length < biases) {
      gb = new double[biases];
    }
    double[] xd = ws.x[l].data;
    double[] jd = jac.data;
    for (int row = 0; row < factorRows; row++) {
      System.arraycopy(front.data, row * width, rowG.data, 0, width);
      int jb = row * m;
      if (weights > 0) {
        System.arraycopy(xd, (row / perSample) * in, rowX.data, 0, in);
        Arrays.fill(gw.data, 0, weights, 0.0);
        layer.linearTransposeWeightAdd(rowG, rowX, gw, ws.work[l]);
        for (int k = 0; k < weights; k++) {
          int col = position[wOffset + k];
          if (col >= 0) {
            jd[jb + col] = gw.data[k];
          }
        }
      }
      if (biases > 0) {
        layer.biasTranspose(rowG, gb, 0, true);
        for (int k = 0; k < biases; k++) {
          int col = position[bOffset + k];
          if (col >= 0) {
            jd[jb + col] = gb[k];
          }
        }
      }
    }
  }

  /**
   * {@code G += Jᵀ J}, factor index by factor index over the columns that index touches: the rows
   * {@code n·K + r} of one {@code r} ({@code K} rows per sample) are gathered into a dense block of
   * their non-zero columns.
   */
  private void addProducts(int rows, int perSample) {
    double[] jd = jac.data;
    if (columns.length < m) {
      columns = new int[m];
    }
    double[] gd = g.data;
    for (int r = 0; r < perSample; r++) {
      int nz = 0;
      for (int col = 0; col < m; col++) {
        for (int n = 0; n < rows; n++) {
          if (jd[(n * perSample + r) * m + col] != 0.0) {
            columns[nz++] = col;
            break;
          }
        }
      }
      if (nz == 0) {
        continue;
      }
      sub.reshape(rows, nz, false);
      double[] sd = sub.data;
      for (int n = 0; n < rows; n++) {
        int jb = (n * perSample + r) * m;
        int sb = n * nz;
        for (int i = 0; i < nz; i++) {
          sd[sb + i] = jd[jb + columns[i]];
        }
      }
      block.reshape(nz, nz, false);
      Gemm.multTransA(sub, sub, block);
      double[] bd = block.data;
      for (int i = 0; i < nz; i++) {
        int gr = columns[i] * m;
        int br = i * nz;
        for (int j = 0; j < nz; j++) {
          gd[gr + columns[j]] += bd[br + j];
        }
      }
    }
  }
}
