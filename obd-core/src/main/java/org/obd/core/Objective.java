package org.obd.core;

import org.ejml.data.DMatrixRMaj;

/**
 * The training objective {@code E(θ) = (1/N) Σ_n ℓ(f(x_n; θ), y_n) + ½λ‖w‖²} of a {@link Network}
 * and a {@link Loss} over a data set, with an optional {@link L2} term, and its exact first and
 * second derivatives by reverse-mode differentiation:
 *
 * <ul>
 *   <li>{@link #gradient}: {@code ∇E}, one forward and one backward pass;
 *   <li>{@link #hessianVector}: the exact product {@code H v} by Pearlmutter's R-operator (a
 *       forward, backward, R-forward and R-backward pass, about 3 gradient costs);
 *   <li>{@link #evaluate}: the value, the gradient and a Hessian diagonal from one forward and
 *       backward pass, on a whole data set or a {@link Batch}.
 * </ul>
 *
 * <p>Every pass runs over the rows of a {@link Batch} (a whole data set is {@link Batch#all}) and
 * reduces as a {@link Reduction} says: {@code MEAN} is {@code E} itself, {@code SUM} the sum of the
 * per-sample losses alone (no regulariser), so that sums over disjoint shards add up to the sum
 * over the whole. The methods taking a {@link Dataset} compute {@code E} (the mean) over it.
 *
 * <p>Masks: the derivatives are those of {@code E} as a function of the parameters the mask keeps.
 * Deleted entries of every returned vector are 0, and deleted entries of {@code v} are ignored.
 * Deleted entries of {@code θ} must be 0 (as in a {@link Model}).
 *
 * <p>Work is done in chunks of at most {@code batchSize} rows, on both cores for passes of 1,024
 * rows or more that have enough work to pay for a second thread (16 million multiply-adds in the
 * forward pass; system property {@code obd.parallel.work}), and reduced in a fixed order: the same inputs give bit-identical results whatever
 * the number of threads. An instance reuses its work buffers across calls (the methods writing into
 * caller-owned arrays allocate nothing for a pass under 1,024 rows); calls on one instance are
 * serialised.
 */
public final class Objective {

  /** Default rows per chunk. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  private final Network network;
  private final Loss loss;
  private final L2 l2;
  private final Engine engine;

  /** The value, gradient and Hessian-vector product passes, and raw outputs. */
  private static final Engine.Task PASS =
      new Engine.Task() {
        @Override
        public void startShard(Workspace ws) {
          if (ws.call.method != null) {
            ws.call.method.startShard(ws);
          }
        }

        @Override
        public void batch(Workspace ws) {
          Engine.Call call = ws.call;
          ws.forward();
          if (call.outputs != null) {
            int c = ws.net.outputShape().size();
            System.arraycopy(ws.x[ws.depth].data, 0, call.outputs, ws.offset * c, ws.rows * c);
            return;
          }
          ws.accValue += ws.lossGradient(call.loss);
          if (call.backward) {
            ws.backward(call.gradient);
          }
          if (call.product) {
            ws.rForward();
            ws.rLoss(call.loss);
            ws.rBackward();
          }
          if (call.method != null) {
            call.method.accumulate(ws);
          }
        }
      };

  /** An objective without regulariser, default chunk size, both cores on large passes. */
  public Objective(Network network, Loss loss) {
    this(network, loss, L2.NONE, DEFAULT_BATCH_SIZE, true);
  }

  /**
   * An objective without regulariser.
   *
   * @param batchSize rows per chunk (results agree across sizes up to rounding)
   * @param parallel whether large passes may run on several threads (results are identical
   *     either way)
   */
  public Objective(Network network, Loss loss, int batchSize, boolean parallel) {
    this(network, loss, L2.NONE, batchSize, parallel);
  }

  /**
   * An objective with an L2 term.
   *
   * @param l2 the regulariser ({@link L2#NONE} for none)
   * @param batchSize rows per chunk (results agree across sizes up to rounding)
   * @param parallel whether large passes may run on several threads (results are identical
   *     either way)
   */
  public Objective(Network network, Loss loss, L2 l2, int batchSize, boolean parallel) {
    this.network = network;
    this.loss = loss;
    this.l2 = l2;
    this.engine = new Engine(network, batchSize, parallel);
  }

  /** The same objective with another regulariser (new work buffers). */
  public Objective withL2(L2 other) {
    return new Objective(network, loss, other, engine.batchSize(), engine.isParallel());
  }

  /** The network. */
  public Network network() {
    return network;
  }

  /** The loss. */
  public Loss loss() {
    return loss;
  }

  /** The regulariser ({@link L2#NONE} when there is none). */
  public L2 l2() {
    return l2;
  }

  /** Rows per chunk. */
  public int batchSize() {
    return engine.batchSize();
  }

  /** The engine, for tests of its workspaces. */
  Engine engine() {
    return engine;
  }

  /** Whether large passes may run on several threads. */
  public boolean isParallel() {
    return engine.isParallel();
  }

  /**
   * The number of threads a gradient pass over {@code rows} rows runs on: 1 for passes under
   * 1,024 rows, for passes with little work (see the class comment) or without parallelism, else up
   * to the number of shards (at most 8) spread over the calling thread and the common fork-join
   * pool. The result does not depend on it.
   */
  public int threads(int rows) {
    return engine.threads(rows, engine.batchSize());
  }

  /** The engine's call settings, cleared, with this objective's loss (inside the engine's lock). */
  private Engine.Call newCall() {
    Engine.Call call = engine.call();
    call.clear();
    call.loss = loss;
    return call;
  }

  private void checkVector(String what, double[] v) {
    if (v.length != network.parameterCount()) {
      throw new IllegalArgumentException(
          what + " has " + v.length + " entries but the network has " + network.parameterCount()
              + " parameters");
    }
  }

  private static void checkNotEmpty(Batch batch) {
    if (batch.size() == 0) {
      throw new IllegalArgumentException("the data set is empty; the objective needs samples");
    }
  }

  /**
   * The value, and optionally the gradient and a Hessian diagonal, over the rows of {@code batch},
   * from one forward and one backward pass: {@code E} for {@link Reduction#MEAN}, the plain sum of
   * the losses for {@link Reduction#SUM}.
   *
   * <p>A method that is one backward pass (every built-in but {@code hutchinson}) is accumulated in
   * the same pass, in chunks no larger than it allows; any other method is computed after it, by
   * its own passes. With {@code gradient} and the method's diagonal written into caller-owned
   * arrays, a pass of fewer than 1,024 rows allocates nothing.
   *
   * @param theta parameters (deleted entries 0)
   * @param gradient receives the gradient (deleted entries 0), or null
   * @param method the Hessian-diagonal method, or null
   * @param seed seed of a stochastic method (ignored by the others)
   * @param diagonal receives the diagonal (deleted entries 0); null exactly when {@code method} is
   * @return the value
   */
  public double evaluate(
      double[] theta,
      Mask mask,
      Batch batch,
      Reduction reduction,
      double[] gradient,
      HessianDiagonal method,
      long seed,
      double[] diagonal) {
    checkVector("parameter vector", theta);
    checkNotEmpty(batch);
    if (gradient != null) {
      checkVector("gradient", gradient); // overwritten by the pass
    }
    if ((method == null) != (diagonal == null)) {
      throw new IllegalArgumentException("give a diagonal array exactly when giving a method");
    }
    BackpropDiagonal fused = method instanceof BackpropDiagonal b ? b : null;
    if (diagonal != null) {
      checkVector("diagonal", diagonal); // overwritten by the pass or by the method's result
    }
    double scale = reduction == Reduction.MEAN ? 1.0 / batch.size() : 1.0;
    double value;
    synchronized (engine) {
      Engine.Call call = newCall();
      call.scale = scale;
      call.gradient = gradient != null;
      call.method = fused;
      call.backward = gradient != null || (fused != null && fused.needsBackward());
      int chunk =
          fused == null ? engine.batchSize() : fused.chunkRows(network, engine.batchSize());
      value =
          engine.run(
              batch.data(), batch.index(), batch.from(), batch.size(), chunk, theta, null, mask,
              PASS, gradient, fused == null ? null : diagonal)
              * scale;
    }
    if (method != null && fused == null) {
      double[] d = method.compute(this, theta, mask, batch, reduction, seed);
      System.arraycopy(d, 0, diagonal, 0, diagonal.length);
    }
    if (reduction == Reduction.MEAN) {
      value += l2.value(theta, network);
      if (gradient != null) {
        l2.addScaled(theta, network, gradient);
      }
      if (fused != null) {
        l2.addDiagonal(network, diagonal);
      }
    }
    if (gradient != null) {
      mask.apply(gradient);
    }
    if (diagonal != null) {
      mask.apply(diagonal);
    }
    return value;
  }

  /** The value over the rows of a batch, reduced as {@code reduction} says. */
  public double value(double[] theta, Batch batch, Reduction reduction) {
    checkVector("parameter vector", theta);
    checkNotEmpty(batch);
    double scale = reduction == Reduction.MEAN ? 1.0 / batch.size() : 1.0;
    double value;
    synchronized (engine) {
      Engine.Call call = newCall();
      call.scale = scale;
      value =
          engine.run(
              batch.data(), batch.index(), batch.from(), batch.size(), engine.batchSize(), theta,
              null, null, PASS, null, null)
              * scale;
    }
    return reduction == Reduction.MEAN ? value + l2.value(theta, network) : value;
  }

  /** {@code E(θ)} over a data set. */
  public double value(double[] theta, Dataset data) {
    return value(theta, Batch.all(data), Reduction.MEAN);
  }

  /** {@code E} of a model. */
  public double value(Model model, Dataset data) {
    return value(model.parameters(), data);
  }

  /**
   * The network's outputs {@code f(x_n; θ)} for every sample (an {@code N × C} matrix, row
   * {@code n} for sample {@code n}): raw outputs, before the loss (logits for
   * softmax-cross-entropy).
   */
  public DMatrixRMaj outputs(double[] theta, Dataset data) {
    checkVector("parameter vector", theta);
    int c = network.outputShape().size();
    DMatrixRMaj out = new DMatrixRMaj(data.size(), c);
    if (data.size() == 0) {
      return out;
    }
    synchronized (engine) {
      Engine.Call call = newCall();
      call.outputs = out.data;
      engine.run(
          data, null, 0, data.size(), engine.batchSize(), theta, null, null, PASS, null, null);
    }
    return out;
  }

  /**
   * Writes the gradient over the rows of {@code batch} into {@code gradient} (deleted entries 0)
   * and returns the value, both reduced as {@code reduction} says.
   */
  public double gradient(
      double[] theta, Mask mask, Batch batch, Reduction reduction, double[] gradient) {
    return evaluate(theta, mask, batch, reduction, gradient, null, 0L, null);
  }

  /**
   * Writes {@code ∇E(θ)} into {@code gradient} (deleted entries 0) and returns {@code E(θ)}.
   */
  public double gradient(double[] theta, Mask mask, Dataset data, double[] gradient) {
    checkVector("gradient", gradient);
    return gradient(theta, mask, Batch.all(data), Reduction.MEAN, gradient);
  }

  /** {@code ∇E} of a model (deleted entries 0). */
  public double[] gradient(Model model, Dataset data) {
    double[] g = new double[network.parameterCount()];
    gradient(model.parameters(), model.mask(), data, g);
    return g;
  }

  /**
   * Writes the exact Hessian-vector product over the rows of {@code batch} into {@code out}
   * (deleted entries 0; deleted entries of {@code v} are ignored), reduced as {@code reduction}
   * says.
   */
  public void hessianVector(
      double[] theta, Mask mask, Batch batch, Reduction reduction, double[] v, double[] out) {
    checkVector("parameter vector", theta);
    checkVector("direction", v);
    checkVector("output", out);
    checkNotEmpty(batch);
    double scale = reduction == Reduction.MEAN ? 1.0 / batch.size() : 1.0;
    synchronized (engine) { // the pass overwrites out
      Engine.Call call = newCall();
      call.scale = scale;
      call.backward = true;
      call.product = true;
      engine.run(
          batch.data(), batch.index(), batch.from(), batch.size(), engine.batchSize(), theta, v,
          mask, PASS, null, out);
    }
    if (reduction == Reduction.MEAN) {
      l2.addScaled(v, network, out);
    }
    mask.apply(out);
  }

  /**
   * Writes the exact Hessian-vector product {@code H(θ) v} of {@code E} into {@code out} (deleted
   * entries 0; deleted entries of {@code v} are ignored).
   */
  public void hessianVector(double[] theta, Mask mask, Dataset data, double[] v, double[] out) {
    checkVector("output", out);
    hessianVector(theta, mask, Batch.all(data), Reduction.MEAN, v, out);
  }

  /** {@code H v} at a model. */
  public double[] hessianVector(Model model, Dataset data, double[] v) {
    double[] out = new double[network.parameterCount()];
    hessianVector(model.parameters(), model.mask(), data, v, out);
    return out;
  }

  /**
   * The generalised Gauss–Newton matrix of {@code E} over the remaining parameters: {@code (1/N)
   * Σ_n J_nᵀ H_ℓ,n J_n} plus the regulariser's Hessian, with {@code J_n} the Jacobian of sample
   * {@code n}'s network output and {@code H_ℓ,n} the Hessian of its loss with respect to that
   * output. Row and column {@code i} belong to the {@code i}-th remaining parameter in ascending
   * order; the matrix is symmetric and positive semi-definite. It equals the exact Hessian at
   * targets equal to the network's own outputs (where every residual term vanishes), but is built
   * from per-sample Jacobians in about the cost of (outputs) gradients plus {@code N·C·m'²}
   * multiply-adds, {@code m'} the parameters one output's factor touches, instead of {@code m}
   * Hessian-vector products. Memory: {@code m²} doubles plus a chunk Jacobian.
   */
  public DMatrixRMaj gaussNewtonMatrix(double[] theta, Mask mask, Dataset data) {
    checkVector("parameter vector", theta);
    if (data.size() == 0) {
      throw new IllegalArgumentException("the data set is empty; the objective needs samples");
    }
    int p = network.parameterCount();
    int[] remaining = new int[mask.remaining()];
    for (int k = 0, i = 0; k < p; k++) {
      if (!mask.isDeleted(k)) {
        remaining[i++] = k;
      }
    }
    GaussNewtonMatrix method = new GaussNewtonMatrix(remaining, p);
    synchronized (engine) {
      Engine.Call call = newCall();
      call.scale = 1.0 / data.size();
      call.method = method;
      call.serial = true;
      engine.run(data, null, 0, data.size(), method.chunkRows(network, engine.batchSize()), theta,
          null, mask, PASS, null, null);
    }
    DMatrixRMaj g = method.matrix();
    int m = remaining.length;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < i; j++) {
        double a = 0.5 * (g.unsafe_get(i, j) + g.unsafe_get(j, i));
        g.unsafe_set(i, j, a);
        g.unsafe_set(j, i, a);
      }
    }
    double[] l2Diagonal = new double[p];
    l2.addDiagonal(network, l2Diagonal);
    for (int i = 0; i < m; i++) {
      g.unsafe_set(i, i, g.unsafe_get(i, i) + l2Diagonal[remaining[i]]);
    }
    return g;
  }

  /**
   * The exact Hessian diagonal {@code h_kk = (H e_k)_k}, one Hessian-vector product per kept
   * parameter (cost ≈ 3P gradients: for small networks; the reference the {@code exact} method is
   * tested against). Deleted entries are 0.
   */
  public double[] hessianDiagonalByProducts(double[] theta, Mask mask, Dataset data) {
    int p = network.parameterCount();
    double[] diag = new double[p];
    double[] e = new double[p];
    double[] hv = new double[p];
    for (int k = 0; k < p; k++) {
      if (mask.isDeleted(k)) {
        continue;
      }
      e[k] = 1.0;
      hessianVector(theta, mask, data, e, hv);
      diag[k] = hv[k];
      e[k] = 0.0;
    }
    return diag;
  }
}
