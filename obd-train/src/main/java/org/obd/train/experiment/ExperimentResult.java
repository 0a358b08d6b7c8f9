package org.obd.train.experiment;

import java.nio.file.Path;
import java.util.List;
import org.obd.train.data.DataSummary;
import org.obd.train.loop.PruneLoop;
import org.obd.train.loop.StepRecord;
import org.obd.train.loop.TrainResult;

/**
 * What an experiment produced.
 *
 * @param config the validated config, every default filled in (the run's provenance)
 * @param data what the data pipeline produced (sizes, classes, normalisation)
 * @param training the initial training: the trained network every sequence starts from
 * @param sequences the prune sequences, in run order (per strategy, without retraining first)
 * @param directory where the run's files are
 */
public record ExperimentResult(
    ExperimentConfig config,
    DataSummary data,
    TrainResult training,
    List<PruneLoop.Sequence> sequences,
    Path directory) {

  /** Copies the list. */
  public ExperimentResult {
    sequences = List.copyOf(sequences);
  }

  /** Every step record of every sequence, in run order. */
  public List<StepRecord> records() {
    return sequences.stream().flatMap(s -> s.records().stream()).toList();
  }
}
