package org.obd.core;

/**
 * The L2 regulariser (weight decay) {@code R(θ) = ½ λ Σ_k θ_k²} of an {@link Objective}, over the
 * weights, and over the biases too when {@code biases} is set. It is part of the objective when
 * configured: its value, gradient {@code λθ_k}, Hessian diagonal {@code λ} and Hessian-vector
 * product {@code λv_k} are in every {@link Reduction#MEAN} result, so every saliency sees it.
 * Deleted parameters contribute nothing.
 *
 * @param lambda {@code λ ≥ 0}, in units of {@code E} per squared parameter unit; 0 turns it off
 * @param biases whether biases are regularised as well as weights
 */
public record L2(double lambda, boolean biases) {

  /** No regulariser. */
  public static final L2 NONE = new L2(0.0, false);

  /** Validates {@code λ}. */
  public L2 {
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException(
          "l2 must be a finite number 0 or greater, found " + lambda);
    }
  }

  /** {@code λ} on the weights only. */
  public static L2 weights(double lambda) {
    return new L2(lambda, false);
  }

  /** Whether the term is present ({@code λ > 0}). */
  public boolean active() {
    return lambda > 0;
  }

  private boolean covers(ParameterBlock b) {
    return biases || !b.bias();
  }

  /** {@code ½ λ Σ θ_k²} over the covered parameters. */
  public double value(double[] theta, Network network) {
    if (!active()) {
      return 0.0;
    }
    double s = 0;
    for (ParameterBlock b : network.blocks()) {
      if (covers(b)) {
        for (int k = b.offset(), end = b.end(); k < end; k++) {
          s += theta[k] * theta[k];
        }
      }
    }
    return 0.5 * lambda * s;
  }

  /**
   * Adds {@code scale · λ x_k} to {@code out[k]} for the covered parameters: the gradient for
   * {@code x = θ} and the Hessian-vector product for {@code x = v} (the caller masks).
   */
  public void addScaled(double[] x, Network network, double[] out) {
    if (!active()) {
      return;
    }
    for (ParameterBlock b : network.blocks()) {
      if (covers(b)) {
        for (int k = b.offset(), end = b.end(); k < end; k++) {
          out[k] += lambda * x[k];
        }
      }
    }
  }

  /** Adds {@code λ} to the covered entries of a Hessian diagonal (the caller masks). */
  public void addDiagonal(Network network, double[] diagonal) {
    if (!active()) {
      return;
    }
    for (ParameterBlock b : network.blocks()) {
      if (covers(b)) {
        for (int k = b.offset(), end = b.end(); k < end; k++) {
          diagonal[k] += lambda;
        }
      }
    }
  }
}
