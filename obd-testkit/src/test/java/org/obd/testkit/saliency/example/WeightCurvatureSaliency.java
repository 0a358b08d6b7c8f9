package org.obd.testkit.saliency.example;

import org.obd.core.Descriptor;
import org.obd.saliency.Saliency;
import org.obd.saliency.SaliencyContext;

/**
 * The worked example of a plug-in measure, {@code weight-curvature}:
 * {@code s_k = |w_k| √max(h_kk, 0)}, the parameter's magnitude in units of the curvature's length
 * scale ({@code √(2 · obd)}; units {@code √E}). Cost: one Hessian diagonal, shared through the
 * context's cache.
 */
public final class WeightCurvatureSaliency implements Saliency {

  /** @param hessian the Hessian-diagonal method */
  public record Options(String hessian) {}

  /** The one declaration: name, summary, citation, default options, factory. */
  public static final Descriptor<Options, Saliency> DESCRIPTOR = Descriptor.of(
      "weight-curvature", "|w_k|·√h_kk: magnitude scaled by curvature; one Hessian diagonal",
      "the obd plug-in recipe's worked example", new Options("exact"),
      WeightCurvatureSaliency::new);

  private final Options options;

  /** The measure with the given options. */
  public WeightCurvatureSaliency(Options options) {
    this.options = options;
  }

  @Override
  public double[] scores(SaliencyContext context) {
    double[] h = context.curvature().diagonal(options.hessian());
    double[] s = new double[h.length];
    for (int k = 0; k < s.length; k++) {
      s[k] = Math.abs(context.model().parameter(k)) * Math.sqrt(Math.max(h[k], 0));
    }
    return s;
  }
}
