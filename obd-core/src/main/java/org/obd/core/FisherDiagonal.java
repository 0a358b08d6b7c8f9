package org.obd.core;

import java.util.Arrays;

/**
 * {@code fisher}: the empirical Fisher diagonal {@code (1/N) Σ_n (∂ℓ_n/∂θ_k)²} (for {@link
 * Reduction#SUM}: {@code Σ_n (∂ℓ_n/∂θ_k)²}), squaring each sample's gradient as the backward pass
 * produces it. Not a Hessian: a gradient-statistics baseline. Cost: about one to two gradients.
 */
final class FisherDiagonal extends BackpropDiagonal {

  /** The declaration of {@code fisher}. */
  static final Descriptor<NoOptions, HessianDiagonal> DESCRIPTOR =
      Descriptor.of(
          "fisher",
          "empirical Fisher diagonal (1/N) sum of squared per-sample gradients (cost ~1-2"
              + " gradients)",
          "Amari (1998), Natural Gradient Works Efficiently in Learning; Kunstner, Balles & Hennig"
              + " (2019), Limitations of the Empirical Fisher Approximation",
          NoOptions.INSTANCE,
          o -> new FisherDiagonal());

  private FisherDiagonal() {}

  @Override
  public String name() {
    return "fisher";
  }

  @Override
  public Record options() {
    return NoOptions.INSTANCE;
  }

  @Override
  boolean needsBackward() {
    return true;
  }

  /**
   * The backward pass leaves {@code scale · ∂ℓ_n/∂a} per row; squaring gives {@code scale²} times
   * the squared sample gradient, so each row is weighted by {@code 1/scale}.
   */
  @Override
  void startShard(Workspace ws) {
    double[] weight = weights(ws);
    Arrays.fill(weight, 1.0 / ws.call.scale);
  }

  private static double[] weights(Workspace ws) {
    double[] w = (double[]) ws.methodBuffers[FISHER_SLOT];
    if (w == null) {
      w = new double[ws.maxRows];
      ws.methodBuffers[FISHER_SLOT] = w;
    }
    return w;
  }

  @Override
  void accumulate(Workspace ws) {
    double[] weight = weights(ws);
    for (int l = 0; l < ws.depth; l++) {
      Layer layer = ws.layers.get(l);
      if (layer.parameterCount() > 0) {
        layer.squaredRowGradientsAdd(ws.da[l], 1, weight, ws.x[l], ws.hw[l], ws.hb[l], ws.work[l]);
      }
    }
  }
}
