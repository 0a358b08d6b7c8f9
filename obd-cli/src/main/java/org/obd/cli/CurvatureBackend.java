package org.obd.cli;

import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;

/**
 * How {@code obd curvature --master URL} computes its sums away from this JVM: obd-spark supplies
 * the data-parallel implementation (this module knows no Spark), and the {@code ./obd} launcher
 * runs obd-spark for {@code obd curvature --master}. Without {@code --master}, {@code obd
 * curvature} computes on this machine through obd-core's {@code Curvature}.
 */
public interface CurvatureBackend {

  /**
   * The objective and the requested vector.
   *
   * @param objective {@code E} at the model
   * @param values the gradient or the Hessian diagonal, one entry per parameter
   */
  record Result(double objective, double[] values) {}

  /**
   * Computes {@code E} and the gradient ({@code method} null) or a Hessian diagonal over {@code
   * data}, equal to the single-machine result to rounding.
   *
   * @param master where to compute (a Spark master URL)
   * @param partitions how many parts to split the data into (0: the backend's default)
   * @param method a Hessian-diagonal method name, or null for the gradient
   * @param probes probes of a stochastic method
   * @param seed seed of a stochastic method
   * @throws IllegalArgumentException for a master URL that cannot be used, naming it
   */
  Result compute(String master, int partitions, Model model, Dataset data, Loss loss,
      int batchSize, String method, int probes, long seed);
}
