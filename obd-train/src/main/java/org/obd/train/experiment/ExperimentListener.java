package org.obd.train.experiment;

import org.obd.core.Network;
import org.obd.train.data.DataSummary;
import org.obd.train.loop.EpochRecord;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;

/**
 * Progress of a running {@link Experiment}, for a progress display or a log. Every method defaults
 * to doing nothing. Calls come one at a time (each holds the listener's lock), the training's on
 * the thread that runs the experiment; prune sequences run {@code output.workers} at a time, each
 * on a thread of its own, so the calls of different sequences interleave (a {@link StepRecord}
 * names its sequence).
 */
public interface ExperimentListener {

  /** The data are loaded and the network is built; {@code resumed} when a checkpoint was found. */
  default void started(ExperimentConfig config, DataSummary data, Network network,
      boolean resumed) {}

  /** An epoch of the initial training (epoch 0 is the start). */
  default void trainingEpoch(EpochRecord record, int maxEpochs, double seconds) {}

  /** The initial training ended. */
  default void trained(TrainResult result) {}

  /** A prune sequence begins (or resumes); {@code strategy} is its label in the records. */
  default void sequenceStarted(String strategy, boolean retrained, int index, int count) {}

  /** An epoch of the retraining after step {@code step} of a sequence. */
  default void retrainingEpoch(int step, EpochRecord record, int maxEpochs, double seconds) {}

  /** A prune step was recorded (step 0: the unpruned network). */
  default void step(StepRecord record) {}

  /** A prune sequence ended. */
  default void sequenceFinished(String strategy, boolean retrained, PruneLoop.Stop stop) {}

  /** The experiment finished; its results are written. */
  default void finished(ExperimentResult result) {}

  /** A listener that does nothing. */
  ExperimentListener NONE = new ExperimentListener() {};
}
