package org.obd.train.optim;

/**
 * The objective of the current minibatch (or of the whole training set, for
 * {@linkplain Optimizer#fullBatch() full-batch} optimizers) as an optimizer sees it: {@code E(θ)}
 * is a MEAN over the batch's samples of the per-sample loss, plus any regulariser, in the units
 * of the loss (per sample). Gradients are in units of {@code E} per parameter unit, Hessian
 * diagonals in units of {@code E} per squared parameter unit.
 *
 * <p>The objective knows which parameters are deleted (the mask the trainer built it with): their
 * gradient and diagonal entries are written as 0. An instance describes one function: a trainer
 * that changes the data or the mask passes a new instance (full-batch optimizers may reuse values
 * computed by an earlier call on the same instance at the same {@code θ}). Implementations must
 * not keep references to the arrays they are given.
 */
public interface StepObjective {

  /** Number of parameters {@code P}; every array passed in has this length. */
  int parameterCount();

  /**
   * Writes {@code ∇E(θ)} into {@code gradient} (entries of deleted parameters 0) and returns
   * {@code E(θ)}.
   *
   * @param theta the parameters, not modified
   * @param gradient overwritten
   */
  double valueAndGradient(double[] theta, double[] gradient);

  /**
   * The same, plus the Hessian diagonal {@code ∂²E/∂θ_k²} by the method the optimizer names in
   * {@link Optimizer#diagonalMethod()}, from the same pass, into {@code diagonal} (deleted
   * entries 0).
   *
   * @param theta the parameters, not modified
   * @param gradient overwritten with {@code ∇E(θ)}
   * @param diagonal overwritten with the Hessian diagonal estimate
   * @return {@code E(θ)}
   */
  double valueGradientAndDiagonal(double[] theta, double[] gradient, double[] diagonal);
}
