package org.obd.train.loop;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.obd.train.optim.OptimizerState;

/**
 * Everything training needs to continue exactly where it stood after an epoch: the parameters, the
 * optimizer's state, the counters, the best weights kept for patience, and the history so far.
 * Restoring it and training on gives bit for bit what uninterrupted training would have given
 * (each epoch's shuffle is derived from the seed and the epoch number, so no random state is
 * needed). Immutable: arrays are copied in and out.
 *
 * @param epoch epochs completed (0 before the first)
 * @param steps optimizer steps taken
 * @param parameters the parameters after {@code epoch} epochs
 * @param optimizer the optimizer's state after them
 * @param best the parameters with the lowest validation objective so far (patience), or null
 * @param bestValidation that objective (NaN without patience)
 * @param bestEpoch the epoch of {@code best} (-1 without patience)
 * @param history one record per epoch, from epoch 0 (the start)
 */
public record TrainerState(
    int epoch,
    long steps,
    double[] parameters,
    OptimizerState optimizer,
    double[] best,
    double bestValidation,
    int bestEpoch,
    List<EpochRecord> history) {

  /** Copies the arrays and the list. */
  public TrainerState {
    parameters = parameters.clone();
    best = best == null ? null : best.clone();
    Objects.requireNonNull(optimizer, "optimizer state");
    history = List.copyOf(history);
  }

  @Override
  public double[] parameters() {
    return parameters.clone();
  }

  @Override
  public double[] best() {
    return best == null ? null : best.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainerState s
        && s.epoch == epoch
        && s.steps == steps
        && Arrays.equals(s.parameters, parameters)
        && s.optimizer.equals(optimizer)
        && Arrays.equals(s.best, best)
        && Double.compare(s.bestValidation, bestValidation) == 0
        && s.bestEpoch == bestEpoch
        && s.history.equals(history);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, steps, Arrays.hashCode(parameters), bestEpoch);
  }

  @Override
  public String toString() {
    return "TrainerState[epoch " + epoch + ", " + steps + " steps, " + optimizer.optimizer() + "]";
  }
}
