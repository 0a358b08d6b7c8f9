package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@code exact} and {@code ggn}: per-sample backpropagation of a factorisation of the Hessian,
 * after BackPACK's DiagHessian and DiagGGN.
 *
 * <p>Per sample, the Hessian of the loss with respect to a layer's output is kept as a signed sum
 * of outer products {@code Σ_r s_r u_r u_rᵀ}: at the network output the loss Hessian
 * ({@link Loss#hessianFactor}: {@code C} rows for mse, {@code C − 1} for cross-entropy, whose
 * Hessian has that rank), each factor scaled by {@code √scale}. Through an activation every
 * factor row is multiplied by {@code f'(a)}; for {@code exact} the activation's own second-order
 * term {@code diag(f''(a) ⊙ ∂E/∂x)} (the "residual") joins as one more row per unit, {@code √|r_j|
 * e_j} with sign {@code sign r_j}. Each layer's parameter diagonal is {@code Σ_r s_r (J_θᵀ u_r)²};
 * its rows propagate to the layer below by the input transpose. Without residuals this is the exact
 * generalised Gauss–Newton diagonal; with them, the exact Hessian diagonal. A layer's own residual
 * is diagonal in its pre-activations and is added directly, {@code L_Wᵀ(x²)·r}.
 *
 * <p>Cost: about {@code K} (factor rows) gradients for {@code ggn}, more for {@code exact} below
 * nonlinear layers (one row per unit of each); chunks are sized so that samples × factor rows stay
 * within {@link #ROW_BUDGET}. Two shortcuts, equal to the rows to rounding: with one hidden layer
 * under a dense output no rows are formed at all ({@link #pullsBack}), and under a pooling the
 * rows stop one layer above the lowest convolution ({@link #viaUnitRows}).
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

  /**
   * What is made from the weights once per shard (the unit rows of {@link #squaredViaUnitRows},
   * the output weights' tables of {@link #pulledBack}) is made again for each shard's weights.
   */
  @Override
  void startShard(Workspace ws) {
    Buffers b = (Buffers) ws.methodBuffers[FACTOR_SLOT];
    if (b != null && b.unitRows != null) {
      b.unitRows.current = false;
    }
    if (b != null && b.throughWeights != null) {
      b.throughWeights.stale();
    }
  }

  @Override
  int chunkRows(Network net, int batchSize) {
    if (pullsBack(net)) {
      return batchSize; // no factor rows
    }
    return Math.max(1, Math.min(batchSize, ROW_BUDGET / factorsPerSample(net)));
  }

  /** Whether the pass adds a residual row block at a layer. */
  private boolean residualAt(Layer layer) {
    return residuals && !layer.activation().isPiecewiseLinear();
  }

  /**
   * The most factor rows one sample needs anywhere in the pass, counting {@code C} at the output
   * (at least {@link Loss#factorRows}, which the network does not know).
   */
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
    /** One sample's {@code f'} ({@link Activation#multiplyD1Rows}). */
    final double[] factors;
    /** Made on first use ({@link #pulledBack}): through the identity and the output weights. */
    DMatrixRMaj identity;
    Loss.Pullback throughIdentity;
    Loss.Pullback throughWeights;
    /** Made on first use ({@link #squaredViaUnitRows}). */
    UnitRows unitRows;

    Buffers(Workspace ws, int factorRows) {
      int width = rowWidth(ws.net);
      x2 = new DMatrixRMaj[ws.depth];
      for (int l = 0; l < ws.depth; l++) {
        x2[l] = new DMatrixRMaj(1, 1); // grown where a layer squares its inputs into it
      }
      d2a = new DMatrixRMaj(ws.maxRows, width);
      factors = new double[width];
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

  /**
   * The buffers of a workspace, shared by {@code exact} and {@code ggn}: room for at least {@link
   * #ROW_BUDGET} factor rows, so that the two (whose chunks hold about as many rows) make them once;
   * none for a pass without rows ({@link #pullsBack}).
   */
  private Buffers buffers(Workspace ws, int factorRows) {
    Buffers b = (Buffers) ws.methodBuffers[FACTOR_SLOT];
    if (b == null || b.factorRows < factorRows) {
      b = new Buffers(ws, factorRows == 0 ? 0 : Math.max(factorRows, ROW_BUDGET));
      ws.methodBuffers[FACTOR_SLOT] = b;
    }
    return b;
  }

  /**
   * The widest factor row: the rows live at the outputs of the lowest layer with parameters and
   * the layers above it, never at the network's input.
   */
  static int rowWidth(Network net) {
    int w = 1;
    for (int l = lowestParameterLayer(net); l < net.layers().size(); l++) {
      w = Math.max(w, net.layers().get(l).outputShape().size());
    }
    return w;
  }

  @Override
  void accumulate(Workspace ws) {
    Network net = ws.net;
    if (pullsBack(net)) {
      pulledBack(ws, buffers(ws, 0));
      return;
    }
    int perSample = factorsPerSample(net);
    int rows = ws.rows;
    Buffers b = buffers(ws, chunkRows(net, ws.maxRows) * perSample);
    int c = net.outputShape().size();
    int r = ws.call.loss.factorRows(c);
    b.front.reshape(rows * r, c, false);
    ws.call.loss.hessianFactor(ws.y, rows, ws.probs, Math.sqrt(ws.call.scale), b.front);
    Arrays.fill(b.sign, 0, rows * r, 1.0);
    int lowest = lowestParameterLayer(net);
    boolean squaresDone = false;
    for (int l = ws.depth - 1; l >= lowest; l--) {
      Layer layer = ws.layers.get(l);
      int width = layer.outputShape().size();
      if (l == lowest && layer instanceof Dense) {
        // the rows end here and a dense layer needs only their per-sample squares: f'² once per
        // unit instead of f' once per row and unit
        Dense dense = (Dense) layer;
        DMatrixRMaj q =
            squaresDone
                ? dense.sampleSquares(rows, ws.work[l])
                : dense.rowSquares(b.front, r, b.sign, ws.work[l]);
        layer.activation().multiplySquaredD1(
            ws.a[l].data, ws.x[l + 1].data, rows, q.data, width, b.factors);
        dense.sampleSquaresAdd(ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
      } else {
        // through the activation: every factor row times f'(a) of its sample
        layer.activation().multiplyD1Rows(
            ws.a[l].data, ws.x[l + 1].data, 0, rows, r, b.front.data, width, b.factors);
        if (layer.parameterCount() > 0) {
          layer.squaredRowGradientsAdd(
              b.front, r, b.sign, ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
        }
      }
      boolean residual = residualAt(layer);
      if (residual) {
        residuals(ws, b, l);
        if (layer.parameterCount() > 0) {
          addOwnResidual(ws, b, l);
        }
      }
      if (l > lowest) {
        int carried = r;
        if (residual) {
          r = appendResidualRows(ws, b, l, r, width);
        }
        if (l - 1 == lowest && viaUnitRows(net, lowest, r)) {
          squaredViaUnitRows(ws, b, l, r, carried);
          Layer low = ws.layers.get(lowest);
          if (residualAt(low)) {
            residuals(ws, b, lowest);
            addOwnResidual(ws, b, lowest);
          }
          return;
        }
        if (l - 1 == lowest && layer instanceof Dense && ws.layers.get(lowest) instanceof Dense) {
          squaresThroughDense(ws, b, l, r);
          squaresDone = true;
          continue;
        }
        b.back.reshape(rows * r, layer.inputShape().size(), false);
        layer.linearTransposeInput(b.front, ws.weights(l), b.back, false, ws.work[l]);
        System.arraycopy(b.sign, 0, b.signNext, 0, rows * r);
        b.swap();
      }
    }
  }

  /**
   * The rows of one product in {@link #squaresThroughDense}: their products, 300 wide on
   * 784-300-100-10, stay in the L2 cache until they are squared.
   */
  static final int SQUARE_BLOCK_ROWS = 128;

  /**
   * Carries the rows at dense layer {@code l}'s pre-activations ({@code r} per sample) through its
   * weights to the dense lowest layer {@code l − 1} below and sums their squares per sample into
   * that layer's {@link Dense#sampleSquares}, a few samples at a time: the rows there are needed
   * only squared, so none is kept. The products are the same bits as one product of all rows.
   */
  private static void squaresThroughDense(Workspace ws, Buffers b, int l, int r) {
    Dense low = (Dense) ws.layers.get(l - 1);
    DMatrixRMaj w = ws.weights(l);
    int width = w.numRows;
    int in = w.numCols;
    int rows = ws.rows;
    DMatrixRMaj q = low.sampleSquares(rows, ws.work[l - 1]);
    Arrays.fill(q.data, 0, rows * in, 0.0);
    int per = Math.max(1, SQUARE_BLOCK_ROWS / r);
    for (int first = 0; first < rows; first += per) {
      int n = Math.min(per, rows - first);
      int blockRows = n * r;
      Gemm.gemm(false, false, blockRows, in, width, b.front.data, first * r * width, width,
          w.data, 0, in, false, b.back.data, 0, in);
      Dense.addRowSquares(b.back.data, blockRows, r, b.sign, first * r, q.data, first * in, in);
    }
  }

  /**
   * Whether the pass needs no factor rows at all ({@link #pulledBack}): the network ends in two
   * dense layers, the output one with the identity activation (so no residual rows there), and
   * the lower one is the lowest with parameters.
   */
  static boolean pullsBack(Network net) {
    int depth = net.layers().size();
    return depth >= 2
        && net.layers().get(depth - 1) instanceof Dense
        && net.layers().get(depth - 1).activation() == Activation.IDENTITY
        && net.layers().get(depth - 2) instanceof Dense
        && lowestParameterLayer(net) == depth - 2;
  }

  /**
   * The pass for one hidden layer under a dense output ({@link #pullsBack}). A dense layer's
   * squared row gradients need only each sample's {@code q = Σ_r s_r u_r²}: at the output that is
   * the loss Hessian's diagonal (pulled back through the identity, which keeps the digits of
   * {@code p(1 − p)} near {@code p = 1}), and below it {@code f'² ⊙ diag(Wᵀ H_ℓ W)} ({@link
   * Loss#pulledBackHessianDiagonal}), each then one product with the squared inputs; the hidden
   * layer's own residual joins as always. No factor row is formed: on such networks the rows'
   * elementwise work (forming, {@code f'}, squaring, {@code C} rows per unit and sample) took most
   * of the pass. Equal to the row-by-row pass to rounding.
   */
  private void pulledBack(Workspace ws, Buffers b) {
    int l = ws.depth - 1;
    int low = l - 1;
    Dense top = (Dense) ws.layers.get(l);
    Dense lower = (Dense) ws.layers.get(low);
    int rows = ws.rows;
    int width = lower.outputShape().size();
    Loss loss = ws.call.loss;
    int c = ws.net.outputShape().size();
    if (b.identity == null) {
      b.identity = CommonOps_DDRM.identity(c);
      b.throughIdentity = new Loss.Pullback(ws.maxRows, c, c);
      b.throughWeights = new Loss.Pullback(ws.maxRows, c, width);
    }
    // the output layer's: the loss Hessian's diagonal, pulled back through the identity
    DMatrixRMaj qTop = top.sampleSquares(rows, ws.work[l]);
    loss.pulledBackHessianDiagonal(
        ws.y, rows, ws.probs, ws.call.scale, b.identity, null, qTop, b.throughIdentity);
    top.sampleSquaresAdd(ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
    // f' of the hidden layer (relu: 0 where the unit is off, as its rows would be masked)
    Activation f = lower.activation();
    double[] f1 = null;
    if (f != Activation.IDENTITY) {
      f1 = b.d2a.data;
      double[] a = ws.a[low].data;
      if (f == Activation.RELU) {
        for (int i = 0, n = rows * width; i < n; i++) {
          f1[i] = a[i] > 0 ? 1.0 : 0.0;
        }
      } else {
        f.d1Factors(a, ws.x[low + 1].data, 0, f1, rows * width);
      }
    }
    DMatrixRMaj q = lower.sampleSquares(rows, ws.work[low]);
    loss.pulledBackHessianDiagonal(
        ws.y, rows, ws.probs, ws.call.scale, ws.weights(l), f1, q, b.throughWeights);
    lower.sampleSquaresAdd(ws.x[low], ws.hw[low], ws.hb[low], ws.work[low]);
    if (residualAt(lower)) {
      residuals(ws, b, low);
      addOwnResidual(ws, b, low);
    }
  }

  /**
   * Whether the rows at the pre-activations of the layer above the lowest ({@code r} per sample)
   * reach the lowest layer's squared row gradients more cheaply through that layer's unit rows
   * ({@link #squaredViaUnitRows}): the lowest layer forms row gradients (shared weights) and the
   * rows outnumber the units at least twice.
   */
  static boolean viaUnitRows(Network net, int lowest, int r) {
    Layer low = net.layers().get(lowest);
    return low.formsRowGradients()
        && r >= 2 * net.layers().get(lowest + 1).outputShape().size();
  }

  /** Buffers of {@link #squaredViaUnitRows}, made when a network first takes that path. */
  private static final class UnitRows {
    /** The identity, {@code width × width}. */
    final DMatrixRMaj unit;
    /** The unit rows through the layer above ({@code width × lowWidth}). */
    final DMatrixRMaj unitT;
    /** The same times one sample's {@code f'} of the lowest layer. */
    final DMatrixRMaj d;
    /** Their parameter gradients, {@code width × P}. */
    final double[] m;
    /** The parameter gradients of a run of dense rows, {@code rows × P}. */
    final double[] grads;
    /** A sparse row's parameter gradient. */
    final double[] row;
    /** The positions of the unit rows' non-zeros, row {@code j}'s from {@code ptr[j]}. */
    final int[] ptr;
    int[] idx;
    /** Where each unit row's weight gradient is non-zero: from {@code lo[j]} to {@code hi[j]-1}. */
    final int[] lo;
    final int[] hi;
    /** Whether {@link #unitT}, {@link #ptr} and {@link #idx} hold this shard's (see startShard). */
    boolean current;
    /** Blocks of unit rows ({@link #unitBlocks}): first row, end row, weight range; 4 each. */
    final int[] blocks;

    UnitRows(int width, int lowWidth, int p, int rows) {
      unit = new DMatrixRMaj(width, width);
      for (int i = 0; i < width; i++) {
        unit.data[i * width + i] = 1.0;
      }
      unitT = new DMatrixRMaj(width, lowWidth);
      d = new DMatrixRMaj(width, lowWidth);
      m = new double[width * p];
      grads = new double[rows * p];
      row = new double[p];
      ptr = new int[width + 1];
      idx = new int[Math.max(16, 4 * width)];
      lo = new int[width];
      hi = new int[width];
      blocks = new int[4 * width];
    }
  }

  /**
   * The lowest layer's squared row gradients for the rows at the pre-activations of the layer
   * above it ({@code l}, {@code r} rows per sample in {@code b.front}), without carrying the rows
   * down: a row {@code u} reaches the lowest layer as {@code (uᵀ T) ⊙ f'}, {@code T} the layer
   * above's input transpose, and its parameter gradient is linear in that, so it is {@code Σ_j u_j
   * m_j} with {@code m_j} the parameter gradient of unit row {@code j} carried down the same way.
   * Per sample: the {@code width} unit rows' gradients ({@code M}, width × P), then the rows'
   * gradients {@code U M}, squared and added with their signs. Where rows outnumber units this does
   * less work than carrying every row down to the wider lowest layer (LeNet's first convolution
   * under its pooling: 376 rows of 144 units against 576 outputs). Equal to that to rounding.
   *
   * <p>The rows carried from above (the first {@code carried} of each sample) are multiplied
   * block by block ({@link #unitBlocks}): under a pooling {@code M} is block-diagonal, one block of
   * units per channel reaching only that channel's kernel, so each block is one product of all
   * rows with its units. That does the work of the rows' non-zeros and more, but as products: a
   * sparse row's non-zeros one at a time in plain loops took most of the pass. Layer {@code l}'s
   * own residual rows (from {@code carried} on) are one-hot: {@code u_j m_j}.
   */
  private static void squaredViaUnitRows(Workspace ws, Buffers b, int l, int r, int carried) {
    int low = l - 1;
    Layer up = ws.layers.get(l);
    Layer lower = ws.layers.get(low);
    int width = up.outputShape().size();
    int lowWidth = lower.outputShape().size();
    int p = lower.parameterCount();
    int kn = lower.weightCount();
    UnitRows u = b.unitRows;
    if (u == null || u.grads.length < r * p) {
      u = new UnitRows(width, lowWidth, p, r);
      b.unitRows = u;
    }
    double[] ut = u.unitT.data;
    if (!u.current) {
      // the unit rows through the layer above and where they are non-zero: the same for every
      // sample of the shard (its weights are fixed)
      up.linearTransposeInput(u.unit, ws.weights(l), u.unitT, false, ws.work[l]);
      int count = 0;
      for (int j = 0; j < width; j++) {
        u.ptr[j] = count;
        for (int i = j * lowWidth, end = i + lowWidth; i < end; i++) {
          if (ut[i] != 0.0) {
            if (count == u.idx.length) {
              u.idx = Arrays.copyOf(u.idx, Math.min(width * lowWidth, 2 * count));
            }
            u.idx[count++] = i - j * lowWidth;
          }
        }
      }
      u.ptr[width] = count;
      System.arraycopy(ut, 0, u.d.data, 0, width * lowWidth);
      u.current = true;
    }
    Activation f = lower.activation();
    double[] hw = ws.hw[low].data;
    double[] hb = ws.hb[low] == null ? null : ws.hb[low].data;
    double[] gd = b.front.data;
    for (int n = 0; n < ws.rows; n++) {
      // the unit rows through the lowest layer's activation at sample n: their non-zeros times f'
      if (f.isPiecewiseLinear()) {
        System.arraycopy(ut, 0, u.d.data, 0, width * lowWidth);
        f.multiplyD1Rows(
            ws.a[low].data, ws.x[low + 1].data, n, 1, width, u.d.data, lowWidth, b.factors);
      } else {
        f.d1Factors(ws.a[low].data, ws.x[low + 1].data, n * lowWidth, b.factors, lowWidth);
        for (int j = 0; j < width; j++) {
          for (int t = u.ptr[j], e = j * lowWidth; t < u.ptr[j + 1]; t++) {
            int i = u.idx[t];
            u.d.data[e + i] = ut[e + i] * b.factors[i];
          }
        }
      }
      lower.rowGradients(u.d, width, u.ptr, u.idx, ws.x[low], n, u.m, ws.work[low]);
      // where each unit row's weight gradient is non-zero (one channel's kernel under a pooling)
      for (int j = 0; j < width; j++) {
        int lo = 0;
        int hi = kn;
        while (lo < hi && u.m[j * p + lo] == 0.0) {
          lo++;
        }
        while (hi > lo && u.m[j * p + hi - 1] == 0.0) {
          hi--;
        }
        u.lo[j] = lo;
        u.hi[j] = hi;
      }
      // the rows carried from above: Σ_j u_j m_j as products over blocks of consecutive unit rows
      // whose gradients share their non-zero range (one channel's kernel under a pooling)
      Arrays.fill(u.grads, 0, carried * p, 0.0);
      int blocks = unitBlocks(u, width, kn);
      for (int k = 0; k < blocks; k++) {
        int j0 = u.blocks[4 * k];
        int units = u.blocks[4 * k + 1] - j0;
        int lo = u.blocks[4 * k + 2];
        int hi = u.blocks[4 * k + 3];
        if (hi > lo) {
          Gemm.gemm(false, false, carried, hi - lo, units, gd, n * r * width + j0, width,
              u.m, j0 * p + lo, p, true, u.grads, lo, p);
        }
        if (p > kn) {
          Gemm.gemm(false, false, carried, p - kn, units, gd, n * r * width + j0, width,
              u.m, j0 * p + kn, p, true, u.grads, kn, p);
        }
      }
      for (int i = 0; i < carried; i++) {
        double sign = b.sign[n * r + i];
        if (sign != 0) {
          addSquares(sign, u.grads, i * p, 0, kn, kn, p, hw, hb);
        }
      }
      // this layer's own residual rows, one-hot: u_j m_j
      for (int i = carried; i < r; i++) {
        int row = n * r + i;
        int j = i - carried;
        double v = gd[row * width + j];
        if (b.sign[row] == 0 || v == 0.0) {
          continue;
        }
        double[] g = u.row;
        int m0 = j * p;
        for (int q = u.lo[j], end = u.hi[j]; q < end; q++) {
          g[q] = v * u.m[m0 + q];
        }
        for (int q = kn; q < p; q++) {
          g[q] = v * u.m[m0 + q];
        }
        addSquares(b.sign[row], g, 0, u.lo[j], Math.max(u.lo[j], u.hi[j]), kn, p, hw, hb);
      }
    }
  }

  /**
   * Cuts the unit rows into blocks of consecutive rows whose weight gradients' non-zero ranges
   * ({@code lo..hi}) overlap, into {@code u.blocks} (first row, end row, the block's range); returns
   * their number. Under a pooling each channel's units make one block; where every unit row
   * reaches every weight, there is one.
   */
  private static int unitBlocks(UnitRows u, int width, int kn) {
    int count = 0;
    int j = 0;
    while (j < width) {
      int start = j;
      int lo = kn;
      int hi = 0;
      for (; j < width; j++) {
        int a = u.lo[j];
        int e = u.hi[j];
        if (e <= a) {
          continue; // no weight gradient: joins any block
        }
        if (hi > lo && (a >= hi || e <= lo)) {
          break; // disjoint from the block: starts the next
        }
        lo = Math.min(lo, a);
        hi = Math.max(hi, e);
      }
      u.blocks[4 * count] = start;
      u.blocks[4 * count + 1] = j;
      u.blocks[4 * count + 2] = lo;
      u.blocks[4 * count + 3] = hi;
      count++;
    }
    return count;
  }

  /**
   * {@code hw[q] += s·g[q]²} for the weights {@code from .. to-1} of the gradient at {@code
   * g[g0 ..]} ({@code kn} weights, then the biases up to {@code p}), and the same for every bias
   * (the weights outside that range are zero).
   */
  private static void addSquares(
      double s, double[] g, int g0, int from, int to, int kn, int p, double[] hw, double[] hb) {
    for (int q = from; q < to; q++) {
      double v = g[g0 + q];
      hw[q] += s * v * v;
    }
    for (int q = kn; q < p; q++) {
      double v = g[g0 + q];
      hb[q - kn] += s * v * v;
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
      layer.squaredInputTransposeWeightAdd(b.d2a, ws.x[l], b.x2[l], ws.hw[l], ws.work[l]);
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
    double[] residual = b.d2a.data;
    for (int n = 0; n < rows; n++) {
      System.arraycopy(src.data, n * r * width, dst.data, n * nr * width, r * width);
      int block = (n * nr + r) * width;
      Arrays.fill(dst.data, block, block + width * width, 0.0);
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
