package org.obd.saliency;

import org.obd.core.Descriptor;
import org.obd.core.Model;
import org.obd.core.NoOptions;

/**
 * {@code magnitude}: {@code s_k = |w_k|}, the baseline the OBD paper compares against (units:
 * those of the parameter). Cost: none beyond reading the parameters.
 */
public final class MagnitudeSaliency implements Saliency {

  /** The declaration. */
  public static final Descriptor<NoOptions, Saliency> DESCRIPTOR =
      Descriptor.of(
          "magnitude",
          "|w_k|: the smallest weights go first; no derivatives",
          "the magnitude baseline of LeCun, Denker & Solla (1989); Han et al. (2015), Learning both"
              + " Weights and Connections",
          NoOptions.INSTANCE,
          o -> new MagnitudeSaliency());

  @Override
  public double[] scores(SaliencyContext context) {
    Model m = context.model();
    double[] s = new double[context.network().parameterCount()];
    for (int k = 0; k < s.length; k++) {
      s[k] = Math.abs(m.parameter(k));
    }
    return s;
  }
}
