package org.obd.spark;

import java.io.Serializable;

/**
 * What the task of one run ships back to the driver.
 *
 * @param name the run's name
 * @param metricsCsv the run's {@code metrics.csv} text
 * @param seconds the run's wall time in the task
 * @param attempt Spark's attempt number of the task that ran it (0 for the first)
 */
public record RunOutcome(String name, String metricsCsv, double seconds, int attempt)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
