package org.obd.core;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The training objective {@code E(θ) = (1/N) Σ_n ℓ(f(x_n; θ), y_n)} of a {@link Network} and a
 * {@link Loss} over a {@link Dataset}, with its exact first and second derivatives by reverse-mode
 * differentiation:
 *
 * <ul>
 *   <li>{@link #gradient}: {@code ∇E}, one forward and one backward pass;
 *   <li>{@link #hessianVector}: the exact product {@code H v} by Pearlmutter's R-operator (a
 *       forward, backward, R-forward and R-backward pass, about 3 gradient costs);
 * </ul>
 *
 * <p>Masks: the derivatives are those of {@code E} as a function of the parameters the mask keeps.
 * Deleted entries of every returned vector are 0, and deleted entries of {@code v} are ignored.
 * Deleted entries of {@code θ} must be 0 (as in a {@link Model}).
 *
 * <p>Work is done in minibatches of {@code batchSize} rows, on both cores for large data sets, and
 * reduced in a fixed order: the same inputs give bit-identical results. An instance reuses its
 * work buffers across calls; calls on one instance are serialised.
 */
public final class Objective {

  /** Default rows per minibatch. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  private final Network network;
  private final Loss loss;
  private final Engine engine;

  /** An objective with the default minibatch size, using both cores on large data sets. */
  public Objective(Network network, Loss loss) {
    this(network, loss, DEFAULT_BATCH_SIZE, true);
  }

  /**
   * @param batchSize rows per minibatch (results agree across sizes up to rounding)
   * @param parallel whether large data sets may be processed on several threads (results are
   *     identical either way)
   */
  public Objective(Network network, Loss loss, int batchSize, boolean parallel) {
    this.network = network;
    this.loss = loss;
    this.engine = new Engine(network, batchSize, parallel);
  }

  /** The network. */
  public Network network() {
    return network;
  }

  /** The loss. */
  public Loss loss() {
    return loss;
  }

  Engine engine() {
    return engine;
  }

  private final java.util.Map<Integer, Engine> engines = new java.util.HashMap<>();

  /** An engine with another minibatch size (second-order passes), cached with its buffers. */
  synchronized Engine engine(int batchSize) {
    if (batchSize == engine.batchSize()) {
      return engine;
    }
    return engines.computeIfAbsent(
        batchSize, b -> new Engine(network, b, engine.isParallel()));
  }

  private void checkVector(String what, double[] v) {
    if (v.length != network.parameterCount()) {
      throw new IllegalArgumentException(
          what + " has " + v.length + " entries but the network has " + network.parameterCount()
              + " parameters");
    }
  }

  private static void checkNotEmpty(Dataset data) {
    if (data.size() == 0) {
      throw new IllegalArgumentException("the data set is empty; the objective needs samples");
    }
  }

  /** {@code E(θ)}. */
  public double value(double[] theta, Dataset data) {
    checkVector("parameter vector", theta);
    checkNotEmpty(data);
    double scale = 1.0 / data.size();
    return engine.run(
            data,
            theta,
            null,
            null,
            Engine.Result.NONE,
            (ws, from) -> {
              ws.forward();
              ws.accScalar += ws.lossGradient(loss, data, from, scale);
            },
            null)
        * scale;
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
    engine.run(
        data,
        theta,
        null,
        null,
        Engine.Result.NONE,
        (ws, from) -> {
          ws.forward();
          System.arraycopy(ws.x[ws.depth].data, 0, out.data, from * c, ws.rows * c);
        },
        null);
    return out;
  }

  /**
   * Writes {@code ∇E(θ)} into {@code gradient} (deleted entries 0) and returns {@code E(θ)}.
   */
  public double gradient(double[] theta, Mask mask, Dataset data, double[] gradient) {
    checkVector("parameter vector", theta);
    checkVector("gradient", gradient);
    checkNotEmpty(data);
    double scale = 1.0 / data.size();
    Arrays.fill(gradient, 0.0);
    double e =
        engine.run(
            data,
            theta,
            null,
            null,
            Engine.Result.GRADIENT,
            (ws, from) -> {
              ws.forward();
              ws.accScalar += ws.lossGradient(loss, data, from, scale);
              ws.backward();
            },
            gradient);
    mask.apply(gradient);
    return e * scale;
  }

  /** {@code ∇E} of a model (deleted entries 0). */
  public double[] gradient(Model model, Dataset data) {
    double[] g = new double[network.parameterCount()];
    gradient(model.parameters(), model.mask(), data, g);
    return g;
  }

  /**
   * Writes the exact Hessian-vector product {@code H(θ) v} into {@code out} (deleted entries 0;
   * deleted entries of {@code v} are ignored).
   */
  public void hessianVector(double[] theta, Mask mask, Dataset data, double[] v, double[] out) {
    checkVector("parameter vector", theta);
    checkVector("direction", v);
    checkVector("output", out);
    checkNotEmpty(data);
    double scale = 1.0 / data.size();
    Arrays.fill(out, 0.0);
    engine.run(
        data,
        theta,
        v,
        mask,
        Engine.Result.CURVATURE,
        (ws, from) -> {
          ws.forward();
          ws.lossGradient(loss, data, from, scale);
          ws.backward();
          ws.rForward();
          ws.rLoss(loss, data, from, scale);
          ws.rBackward();
        },
        out);
    mask.apply(out);
  }

  /** {@code H v} at a model. */
  public double[] hessianVector(Model model, Dataset data, double[] v) {
    double[] out = new double[network.parameterCount()];
    hessianVector(model.parameters(), model.mask(), data, v, out);
    return out;
  }

  /**
   * The exact Hessian diagonal {@code h_kk = (H e_k)_k}, one Hessian-vector product per kept
   * parameter (cost ≈ 3P gradients: for small networks). Deleted entries are 0.
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
