package org.obd.train.experiment;

import org.obd.train.config.Check;
import org.obd.train.config.Doc;

/**
 * The {@code output:} block of an experiment.
 *
 * @param directory where the run's files go (config, checkpoint, metrics, models); null: a fresh
 *     {@code runs/<name>-<yyyyMMdd-HHmmss>} under the working directory. A directory holding a checkpoint of the same
 *     config is resumed.
 * @param parallel whether large passes may use several threads (results are identical either way);
 *     while several prune sequences run at once ({@code workers}), each one's passes stay on its
 *     thread
 * @param workers how many prune sequences run at once, each on its own thread (results are
 *     identical either way); null: as many as there are processors
 */
public record OutputConfig(
    @Doc("where the run's files go; unset: a fresh `runs/<name>-<yyyyMMdd-HHmmss>`; a checkpoint"
            + " of the same config there is resumed")
        String directory,
    @Doc("whether large passes may use several threads (results are bit-identical either way);"
            + " while several prune sequences run at once, each one's passes stay on its thread")
        Boolean parallel,
    @Doc("how many prune sequences run at once, each on its own thread (results are bit-identical"
            + " either way); unset: as many as there are processors")
        Integer workers) {

  /** Fills defaults and checks {@code workers}. */
  public OutputConfig {
    parallel = parallel == null || parallel;
    workers = Check.positive("workers", workers);
  }

  /** The defaults. */
  public static OutputConfig defaults() {
    return new OutputConfig(null, null, null);
  }

  /** {@code workers}, or the number of processors when it is unset. */
  public int workersOrProcessors() {
    return workers != null ? workers : Runtime.getRuntime().availableProcessors();
  }
}
