package org.obd.testkit;

import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;

/**
 * One generated test problem: a network, a loss, a model of that network (parameters and a mask;
 * deleted parameters are 0) and a data set that fits the network and suits the loss.
 *
 * @param network the architecture
 * @param loss the per-sample loss
 * @param model parameters and mask of {@code network}
 * @param data samples whose inputs fit the network and whose targets suit the loss (one-hot for
 *     {@code softmax-cross-entropy}, real for {@code mse})
 */
public record Problem(Network network, Loss loss, Model model, Dataset data) {

  /** Validates that the model is of the network and that the data fit it. */
  public Problem {
    if (!model.network().equals(network)) {
      throw new IllegalArgumentException(
          "problem.model is of network " + model.network() + " but problem.network is " + network);
    }
    data.checkFits(network);
  }

  /**
   * A fresh single-threaded objective of this problem's network and loss with minibatches of
   * {@code batchSize} rows.
   *
   * @param batchSize rows per minibatch, at least 1
   */
  public Objective objective(int batchSize) {
    return new Objective(network, loss, batchSize, false);
  }

  /** A fresh single-threaded objective with {@link Objective#DEFAULT_BATCH_SIZE}. */
  public Objective objective() {
    return objective(Objective.DEFAULT_BATCH_SIZE);
  }

  /** Number of parameters of the network. */
  public int parameterCount() {
    return network.parameterCount();
  }

  /** A one-line description for failure reports: network, loss, samples and mask. */
  @Override
  public String toString() {
    return "Problem[" + network + "; loss " + loss.configName() + "; " + data.size()
        + " samples; " + model.mask() + "]";
  }
}
