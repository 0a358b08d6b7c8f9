package org.obd.train.loop;

import org.obd.train.config.Check;
import org.obd.train.config.Doc;

/**
 * How a network is trained (the {@code training:} block of an experiment, and its
 * {@code pruning.retraining:} block): the optimizer, the minibatch size and when to stop. Training
 * stops at the first of: {@code epochs} epochs, a gradient norm below {@code gradient-tolerance},
 * {@code patience} epochs without a better validation objective (the best weights are then
 * restored), no progress of a full-batch optimizer, or divergence.
 *
 * @param optimizer the optimizer and its options
 * @param batchSize rows per minibatch; full-batch optimizers ({@code lbfgs}) use the whole set
 * @param epochs the most epochs (passes over the training set; one iteration for a full-batch
 *     optimizer)
 * @param gradientTolerance stop when {@code ‖∇E‖₂} over the training set falls below it; null: off
 * @param patience stop after this many epochs without a lower validation objective and restore
 *     the best weights; null: off
 * @param checkpointEvery write a checkpoint every this many epochs
 */
public record TrainingConfig(
    @Doc("the optimizer: `name` and `options` (see `obd strategies`)") Choice optimizer,
    @Doc("rows per minibatch (full-batch optimizers such as `lbfgs` use the whole set)")
        Integer batchSize,
    @Doc("the most epochs (passes over the training set; one iteration of a full-batch optimizer)")
        Integer epochs,
    @Doc("stop when the gradient norm of the training objective falls below this; unset: off")
        Double gradientTolerance,
    @Doc("stop after this many epochs without a lower validation objective, restoring the best"
            + " weights; unset: off")
        Integer patience,
    @Doc("write a checkpoint every this many epochs") Integer checkpointEvery) {

  /** Default optimizer. */
  public static final String DEFAULT_OPTIMIZER = "sgd";

  /** Default minibatch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  /** Default most epochs. */
  public static final int DEFAULT_EPOCHS = 30;

  /** Default checkpoint interval in epochs. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 5;

  /** Fills defaults and checks ranges, naming the key. */
  public TrainingConfig {
    optimizer = optimizer == null ? Choice.of(DEFAULT_OPTIMIZER) : optimizer;
    batchSize = Check.positive("batch-size", batchSize == null ? DEFAULT_BATCH_SIZE : batchSize);
    epochs = Check.nonNegative("epochs", epochs == null ? DEFAULT_EPOCHS : epochs);
    gradientTolerance = Check.positive("gradient-tolerance", gradientTolerance);
    patience = Check.positive("patience", patience);
    checkpointEvery =
        Check.positive(
            "checkpoint-every", checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkpointEvery);
  }

  /** The defaults. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(null, null, null, null, null, null);
  }

  /** The same with another most number of epochs. */
  public TrainingConfig withEpochs(int n) {
    return new TrainingConfig(optimizer, batchSize, n, gradientTolerance, patience, checkpointEvery);
  }
}
