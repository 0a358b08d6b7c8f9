package org.obd.saliency;

import java.util.Map;
import org.obd.core.Descriptor;
import org.obd.core.Model;
import org.obd.core.NonFiniteException;

/**
 * A strategy built from a config: its name, the validated options it was built with (the
 * provenance of its scores) and the strategy itself, to which it delegates.
 *
 * @param name the config name
 * @param options the validated options record
 * @param saliency the strategy
 */
public record ConfiguredStrategy(String name, Record options, Saliency saliency)
    implements Saliency {

  /** Why a score is not finite. */
  public static final String NOT_FINITE =
      "the score overflows the double range (or the strategy divided 0 by 0)";

  /**
   * The strategy a declaration builds from an options block.
   *
   * @throws org.obd.core.OptionsException naming the strategy, the key and what was expected
   */
  public static ConfiguredStrategy of(Descriptor<?, Saliency> descriptor, Map<String, ?> options) {
    Record o = descriptor.options(options);
    return new ConfiguredStrategy(descriptor.name(), o, descriptor.createFrom(o));
  }

  /**
   * The strategy's scores, checked: a score of a remaining parameter that is NaN or infinite (it
   * overflowed, e.g. {@code ½ h w²} of a huge weight) is an error, not a rank.
   *
   * @throws NonFiniteException naming the strategy and the parameter
   */
  @Override
  public double[] scores(SaliencyContext context) {
    double[] s = saliency.scores(context);
    if (s != null && s.length == context.network().parameterCount()) {
      NonFiniteException.check(
          "the score by strategy '" + name + "'", s, true, NOT_FINITE, context.model());
    }
    return s;
  }

  @Override
  public Model delete(SaliencyContext context, int[] indices) {
    return saliency.delete(context, indices);
  }

  @Override
  public boolean predictsObjectiveChange() {
    return saliency.predictsObjectiveChange();
  }

  @Override
  public double deletionThreshold() {
    return saliency.deletionThreshold();
  }

  /** The name and the options, e.g. {@code obd{hessian=exact, gradient-term=false}}. */
  @Override
  public String toString() {
    return name + Descriptor.optionsMap(options);
  }
}
