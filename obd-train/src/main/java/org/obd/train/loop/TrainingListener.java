package org.obd.train.loop;

/**
 * Receives what a {@link Trainer} does, as it does it: one call per epoch, and the state to save
 * at each checkpoint. Both default to doing nothing. Called on the training thread.
 */
public interface TrainingListener {

  /** After each epoch (and once for epoch 0, the start), with the seconds spent so far. */
  default void epoch(EpochRecord record, int maxEpochs, double seconds) {}

  /** Every {@code checkpoint-every} epochs: the state to save to resume from there. */
  default void checkpoint(TrainerState state) {}

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
