package org.obd.saliency;

import org.obd.core.Model;

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

  @Override
  public double[] scores(SaliencyContext context) {
    return saliency.scores(context);
  }

  @Override
  public Model delete(SaliencyContext context, int[] indices) {
    return saliency.delete(context, indices);
  }

  @Override
  public boolean predictsObjectiveChange() {
    return saliency.predictsObjectiveChange();
  }

  /** The name and the options, e.g. {@code obd{hessian=exact, gradient-term=false}}. */
  @Override
  public String toString() {
    return name + OptionsMapper.toMap(options);
  }
}
