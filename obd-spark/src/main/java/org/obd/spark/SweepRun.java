package org.obd.spark;

import java.io.Serializable;

/**
 * What a sweep ships to the task that runs one experiment: the run's name, its resolved config as
 * YAML text (data paths absolute) and its run directory on the shared file system. Never Guice
 * objects: the task builds the experiment from the text, as {@code obd run} builds it from a file.
 *
 * @param name the run's name in the sweep
 * @param yaml the resolved config ({@code config.yaml} of the run)
 * @param directory the run directory, absolute
 */
public record SweepRun(String name, String yaml, String directory) implements Serializable {
  private static final long serialVersionUID = 1L;
}
