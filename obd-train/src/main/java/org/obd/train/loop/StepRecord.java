package org.obd.train.loop;

/**
 * One step of a prune sequence: what was deleted, what it was predicted to cost and what it cost,
 * the diagnostics of OBD's assumptions at scoring time, and the network's performance after the
 * step. Step 0 describes the unpruned, trained network (nothing deleted; {@code predictedDelta}
 * and {@code actualDelta} NaN). Every field but {@code seconds} is a deterministic function of the
 * config and seed.
 *
 * @param strategy the strategy's config name
 * @param retrained whether this is the sequence with retraining after each step
 * @param step the step number, 0 for the unpruned network
 * @param deleted parameters deleted by this step
 * @param remaining parameters left after the step's deletion
 * @param fractionDeleted deleted parameters over all parameters, after the step
 * @param objectiveBefore the training objective {@code E} before the step's deletion
 * @param predictedDelta the change of {@code E} the strategy predicted for the deletion (NaN when
 *     it predicts none)
 * @param actualDelta {@code E} right after the deletion (before any retraining) minus
 *     {@code objectiveBefore}
 * @param gradientNorm {@code ‖∇E‖₂} at scoring time (OBD assumes a minimum: 0)
 * @param negativeCurvature how many remaining parameters have {@code h_kk < 0} at scoring time, by
 *     the diagnostic method (OBD assumes none)
 * @param negativeCurvatureShare that count over the remaining parameters
 * @param trainObjective {@code E} over the training set after the step (after retraining in the
 *     retraining sequence)
 * @param trainAccuracy the share of training samples whose largest output is their target's class
 *     (NaN for real-valued targets)
 * @param validationObjective the same on the validation set (NaN when it is empty)
 * @param validationAccuracy the same on the validation set
 * @param testObjective the same on the test set (NaN when it is empty)
 * @param testAccuracy the same on the test set
 * @param retrainStop why retraining stopped ({@code ""} without retraining)
 * @param seconds wall time of the step, scoring to measurement (not deterministic)
 */
public record StepRecord(
    String strategy,
    boolean retrained,
    int step,
    int deleted,
    int remaining,
    double fractionDeleted,
    double objectiveBefore,
    double predictedDelta,
    double actualDelta,
    double gradientNorm,
    int negativeCurvature,
    double negativeCurvatureShare,
    double trainObjective,
    double trainAccuracy,
    double validationObjective,
    double validationAccuracy,
    double testObjective,
    double testAccuracy,
    String retrainStop,
    double seconds) {

  /** The same record with {@code seconds} set to 0, for comparing runs bit for bit. */
  public StepRecord withoutTime() {
    return new StepRecord(
        strategy, retrained, step, deleted, remaining, fractionDeleted, objectiveBefore,
        predictedDelta, actualDelta, gradientNorm, negativeCurvature, negativeCurvatureShare,
        trainObjective, trainAccuracy, validationObjective, validationAccuracy, testObjective,
        testAccuracy, retrainStop, 0.0);
  }
}
