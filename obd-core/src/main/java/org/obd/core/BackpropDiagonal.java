package org.obd.core;

/**
 * A Hessian-diagonal method that is one backward pass built from the layers' products: it adds,
 * chunk by chunk, its share of the diagonal into the workspace's curvature accumulators after the
 * engine has run the forward pass, the loss (value, gradient, {@code probs}) and, when
 * {@link #needsBackward()}, the backward pass. So it can share those passes with the objective and
 * its gradient ({@link Objective#evaluate}).
 */
abstract class BackpropDiagonal implements HessianDiagonal {

  /** Slots of {@link Workspace#methodBuffers}, one per kind of buffers. */
  static final int FACTOR_SLOT = 0;

  static final int BECKER_LECUN_SLOT = 1;

  static final int FISHER_SLOT = 2;

  static final int SLOTS = 3;

  /** Whether the pass needs {@code ∂E/∂x} and {@code ∂E/∂a} of every layer. */
  abstract boolean needsBackward();

  /** Rows per chunk at most, for a network (the factor passes hold several rows per sample). */
  int chunkRows(Network network, int batchSize) {
    return batchSize;
  }

  /** Called once per shard before its first chunk, after the accumulators are zeroed. */
  void startShard(Workspace ws) {}

  /** Adds the loaded chunk's share of the diagonal into {@code ws.hw, ws.hb}. */
  abstract void accumulate(Workspace ws);

  @Override
  public double[] compute(
      Objective objective, double[] theta, Mask mask, Batch batch, Reduction reduction,
      long seed) {
    double[] out = new double[objective.network().parameterCount()];
    objective.evaluate(theta, mask, batch, reduction, null, this, seed, out);
    return out;
  }

  @Override
  public String toString() {
    return name() + Descriptor.optionsMap(options());
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

  /** The largest output width of any layer, or the input width. */
  static int maxWidth(Network net) {
    int w = net.inputShape().size();
    for (Layer l : net.layers()) {
      w = Math.max(w, l.outputShape().size());
    }
    return w;
  }
}
