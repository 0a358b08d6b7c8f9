package org.obd.spark;

import java.io.Serializable;

/**
 * Runs one experiment of a sweep where Spark schedules it. {@link Sweep#EXPERIMENT} is the one the
 * {@code obd sweep} command uses; tests wrap it (e.g. to fail a first attempt).
 */
@FunctionalInterface
public interface RunTask extends Serializable {

  /** Runs {@code run} into its directory and returns its metrics. */
  RunOutcome run(SweepRun run) throws Exception;
}
