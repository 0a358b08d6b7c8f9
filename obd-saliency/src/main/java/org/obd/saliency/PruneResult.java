package org.obd.saliency;

import java.util.OptionalDouble;
import org.obd.core.Model;

/**
 * One pruning step.
 *
 * @param strategy the strategy's config name
 * @param model the model after the step: the new mask, and for a compensating strategy (obs) the
 *     updated parameters
 * @param deleted the parameters deleted, in order of deletion (ascending score, ties by index)
 * @param deletedScores their scores, same order
 * @param predictedChange the sum of the deleted scores when the strategy's scores predict the
 *     change of {@code E} ({@link Saliency#predictsObjectiveChange()}), in units of {@code E};
 *     empty otherwise. For {@code obd} it ignores cross terms between deleted parameters; for
 *     {@code obs} each term is a single-deletion prediction.
 */
public record PruneResult(
    String strategy, Model model, int[] deleted, double[] deletedScores,
    OptionalDouble predictedChange) {

  /** Copies the arrays. */
  public PruneResult {
    deleted = deleted.clone();
    deletedScores = deletedScores.clone();
  }

  @Override
  public int[] deleted() {
    return deleted.clone();
  }

  @Override
  public double[] deletedScores() {
    return deletedScores.clone();
  }
}
