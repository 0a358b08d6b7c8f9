package org.obd.train.experiment;

import org.obd.train.config.Doc;

/**
 * The {@code output:} block of an experiment.
 *
 * @param directory where the run's files go (config, checkpoint, metrics, models); null: a fresh
 *     {@code runs/<name>-<yyyyMMdd-HHmmss>} under the working directory. A directory holding a checkpoint of the same
 *     config is resumed.
 * @param parallel whether large passes may use several threads (results are identical either way)
 */
public record OutputConfig(
    @Doc("where the run's files go; unset: a fresh `runs/<name>-<yyyyMMdd-HHmmss>`; a checkpoint"
            + " of the same config there is resumed")
        String directory,
    @Doc("whether large passes may use several threads (results are bit-identical either way)")
        Boolean parallel) {

  /** Fills defaults. */
  public OutputConfig {
    parallel = parallel == null || parallel;
  }

  /** The defaults. */
  public static OutputConfig defaults() {
    return new OutputConfig(null, null);
  }
}
