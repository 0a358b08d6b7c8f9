package org.obd.saliency;

import org.obd.core.Descriptor;
import org.obd.core.Model;
import org.obd.core.NoOptions;

/**
 * {@code taylor}: {@code s_k = |g_k w_k|}, the magnitude of the first-order Taylor term of the
 * change of {@code E} when {@code w_k} is set to 0 (units: those of {@code E}). At an exact
 * minimum every score is 0 up to rounding, so it is meant for networks away from one (e.g. during
 * training). Cost: one gradient, from the context's cache.
 */
public final class TaylorSaliency implements Saliency {

  /** The declaration. */
  public static final Descriptor<NoOptions, Saliency> DESCRIPTOR =
      Descriptor.of(
          "taylor",
          "|g_k w_k|: first-order Taylor estimate of the change of E; one gradient",
          "Mozer & Smolensky (1989), Skeletonization; Molchanov et al. (2017), Pruning"
              + " Convolutional Neural Networks for Resource Efficient Inference",
          NoOptions.INSTANCE,
          o -> new TaylorSaliency());

  @Override
  public double[] scores(SaliencyContext context) {
    Model m = context.model();
    double[] g = context.curvature().gradient();
    double[] s = new double[g.length];
    for (int k = 0; k < s.length; k++) {
      s[k] = m.mask().isDeleted(k) ? 0.0 : Math.abs(g[k] * m.parameter(k));
    }
    return s;
  }
}
