package org.obd.train.loop;

import java.util.List;
import org.obd.core.Model;

/**
 * The outcome of training: the model, whether and why training stopped, and where it ended.
 *
 * @param model the trained model (the best weights when patience was on, the last good ones after
 *     divergence); its mask is the start's
 * @param reason why training stopped
 * @param message one line saying so, naming the epoch and what to change when it went wrong
 * @param epochs epochs run
 * @param steps optimizer steps taken
 * @param trainObjective {@code E} over the training set at {@code model}
 * @param gradientNorm {@code ‖∇E‖₂} over the training set at {@code model}: how close to a
 *     minimum it is (OBD's extremal approximation assumes 0)
 * @param validationObjective {@code E} over the validation set at {@code model} (NaN without one)
 * @param history one record per epoch from epoch 0 (the start)
 */
public record TrainResult(
    Model model,
    StopReason reason,
    String message,
    int epochs,
    long steps,
    double trainObjective,
    double gradientNorm,
    double validationObjective,
    List<EpochRecord> history) {

  /** Copies the history. */
  public TrainResult {
    history = List.copyOf(history);
  }
}
