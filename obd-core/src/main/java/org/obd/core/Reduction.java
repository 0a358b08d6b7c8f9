package org.obd.core;

/**
 * How a pass reduces per-sample losses over its rows.
 *
 * <ul>
 *   <li>{@link #SUM}: {@code Σ_n ℓ_n} and its derivatives — the additive part only, without any
 *       regulariser, so that the sums over disjoint shards (or Spark partitions) of a data set add
 *       up to the sum over the whole;
 *   <li>{@link #MEAN}: the objective {@code E = (1/n) Σ_n ℓ_n + ½λ‖w‖²} and its derivatives, that
 *       is a SUM divided once by the number of rows, plus the {@link L2} term when the objective
 *       has one.
 * </ul>
 */
public enum Reduction {
  /** The sum of the per-sample losses, no regulariser. */
  SUM,
  /** The mean of the per-sample losses plus the regulariser: the objective E. */
  MEAN
}
