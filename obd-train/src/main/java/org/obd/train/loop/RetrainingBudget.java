package org.obd.train.loop;

import org.obd.core.ConfigNames;

/**
 * How many epochs the retraining after a pruning step may run (key {@code
 * pruning.retraining-budget}).
 *
 * <p>{@link #STEP}: every step retrains for {@code retraining.epochs}, however much it deleted.
 * {@link #DELETIONS}: a step retrains in proportion to the share of the remaining parameters it
 * deleted, {@code retraining.epochs} being the budget of the first full step (deleting {@code s₁}
 * of the trained network's {@code n₁} eligible parameters): a step deleting {@code d} of {@code n}
 * retrains for {@code ceil(epochs × (d / n) / (s₁ / n₁))} epochs, at least 1. A step of a fixed
 * count retrains longer as the network shrinks (a tenth of 2,414 weights: {@code epochs}; the same
 * count out of 483 left: 5 × {@code epochs}), a step of a fixed fraction of what remains always
 * for {@code epochs}, and a strategy's step of a few weights ({@code description-length}'s) for a
 * few.
 */
public enum RetrainingBudget {
  /** {@code retraining.epochs} after every step. */
  STEP,
  /** In proportion to the share of the remaining parameters the step deleted. */
  DELETIONS;

  /** The config name: {@code step} or {@code deletions}. */
  public String configName() {
    return ConfigNames.of(this);
  }

  /**
   * The most epochs of the retraining after a step.
   *
   * @param epochs {@code retraining.epochs}
   * @param deleted the parameters the step deleted, at least 1
   * @param eligible the eligible parameters before the step, at least {@code deleted}
   * @param firstShare the share of the trained network's eligible parameters that a full first
   *     step deletes, in (0, 1]
   */
  public int epochs(int epochs, int deleted, int eligible, double firstShare) {
    if (this == STEP) {
      return epochs;
    }
    double e = Math.ceil(epochs * ((double) deleted / eligible) / firstShare - 1e-9);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, e));
  }

  @Override
  public String toString() {
    return configName();
  }
}
