package org.obd.saliency;

import java.util.OptionalDouble;
import org.obd.core.Model;

/**
 * The saliency SPI: a measure of how much each parameter matters, used to decide which
 * parameters to delete.
 *
 * <p>Conventions every implementation follows (the obd-testkit contract test checks them):
 *
 * <ul>
 *   <li>{@link #scores} returns one score per parameter, indexed like the network's parameter
 *       vector ({@link org.obd.core.Network}'s order). <b>Lower means delete first.</b> Scores of parameters that remain are
 *       finite; scores of parameters the mask already deletes are ignored by the pruner (built-ins
 *       report 0 there) and must not be NaN.
 *   <li>Scores are a deterministic function of the context: the same model, data and seed give
 *       bit-identical scores. Randomness comes only from {@link SaliencyContext#seed()}.
 *   <li>Neither method modifies the context's model, network, objective or data (they are
 *       immutable or treated so); curvature is obtained from {@link SaliencyContext#curvature()},
 *       which caches it for the other strategies and steps sharing the context.
 *   <li>{@link #delete} returns a new model whose mask additionally deletes exactly the given
 *       indices (those parameters become 0). The default only masks; a strategy that compensates
 *       (Optimal Brain Surgeon) also adjusts the parameters that remain.
 * </ul>
 *
 * <p>A strategy is declared by a {@link org.obd.core.Descriptor} and registered under its config
 * name with {@link SaliencyBinder}.
 */
public interface Saliency {

  /**
   * One score per parameter ({@code network().parameterCount()} entries); lower = delete first.
   * The units depend on the strategy (see its Javadoc).
   */
  double[] scores(SaliencyContext context);

  /**
   * Deletes the given parameters from the context's model and returns the new model. The default
   * sets them to 0 and marks them deleted, leaving every other parameter as it is.
   *
   * @param indices parameters to delete, not yet deleted, each in {@code 0..P-1}; the order is the
   *     order of deletion (the pruner passes them by ascending score)
   */
  default Model delete(SaliencyContext context, int[] indices) {
    Model m = context.model();
    return m.withMask(m.mask().delete(indices));
  }

  /**
   * Whether a score is a prediction of the change of the objective {@code E} (in the objective's
   * units) caused by deleting that parameter alone, so that the sum of the deleted scores is a
   * predicted {@code ΔE}. False by default.
   */
  default boolean predictsObjectiveChange() {
    return false;
  }

  /**
   * The predicted change of {@code E} when {@link #delete} deletes {@code indices} together, in
   * units of {@code E}, or empty when the strategy does not predict it. By default the sum of the
   * deleted parameters' scores when {@link #predictsObjectiveChange()} (for {@code obd} it ignores
   * the cross terms between them); a strategy with a better joint prediction overrides it
   * ({@code obs}: the rise of its quadratic model after the compensating update).
   *
   * @param indices the parameters deleted, in order of deletion
   * @param scores this strategy's scores of the context's model (one per parameter)
   */
  default OptionalDouble predictedChange(SaliencyContext context, int[] indices, double[] scores) {
    if (!predictsObjectiveChange()) {
      return OptionalDouble.empty();
    }
    double sum = 0;
    for (int k : indices) {
      sum += scores[k];
    }
    return OptionalDouble.of(sum);
  }

  /**
   * The strategy's own stopping rule: only parameters scoring strictly below this value are worth
   * deleting by the strategy's own measure. The pruner deletes no parameter scoring at or above
   * it, and the prune loop stops when none is left below it. {@code +∞} by default (no rule of its
   * own); {@code description-length} returns 0 (stop when no deletion shortens the description).
   */
  default double deletionThreshold() {
    return Double.POSITIVE_INFINITY;
  }
}
