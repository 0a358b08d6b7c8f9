package org.obd.saliency;

import org.obd.core.Descriptor;
import org.obd.core.Model;

/**
 * {@code obd}: Optimal Brain Damage (LeCun, Denker &amp; Solla 1989).
 *
 * <p>Score {@code s_k = ½ h_kk w_k²}, where {@code h_kk = ∂²E/∂w_k²} is the Hessian diagonal of
 * the mean training objective by the method named in option {@code hessian}. It is the rise of
 * {@code E} predicted by the quadratic model when {@code w_k} alone is set to 0 and nothing is
 * retrained, assuming the network is at a minimum (gradient 0) and ignoring the off-diagonal terms
 * (which matter only when several parameters are deleted together). Units: those of {@code E}
 * (loss per sample).
 *
 * <p>With option {@code gradient-term} the first-order term of the same expansion is added:
 * {@code s_k = −g_k w_k + ½ h_kk w_k²}, the predicted change of {@code E} by deleting {@code w_k}
 * for a network that is not at an exact minimum (Pedersen, Hansen &amp; Larsen 1996). It may be
 * negative: deleting such a parameter is predicted to lower {@code E}.
 *
 * <p>Cost: one Hessian diagonal (≈1 gradient for {@code becker-lecun}, ≈3P for {@code exact}),
 * plus one gradient with {@code gradient-term}; both come from the context's cache.
 */
public final class ObdSaliency implements Saliency {

  /**
   * Options of {@code obd}.
   *
   * @param hessian Hessian-diagonal method, one of {@code exact, ggn, becker-lecun,
   *     becker-lecun-full, hutchinson, fisher} (or any method obd-core registers)
   * @param gradientTerm whether to add {@code −g_k w_k} (key {@code gradient-term})
   * @param probes Rademacher probes of {@code hutchinson} (ignored by the other methods)
   */
  public record Options(String hessian, boolean gradientTerm, int probes) {

    /** Validates the method name and probe count, naming the key. */
    public Options {
      CurvatureMethods.check("hessian", hessian);
      CurvatureMethods.checkProbes(probes);
    }
  }

  /** Default {@code probes}. */
  public static final int DEFAULT_PROBES = 16;

  /** The declaration: name, summary, citation, default options. */
  public static final Descriptor<Options, Saliency> DESCRIPTOR =
      Descriptor.of(
          "obd",
          "½ h_kk w_k² (+ −g_k w_k): predicted rise of E when w_k alone is deleted; one Hessian"
              + " diagonal",
          "LeCun, Denker & Solla (1989), Optimal Brain Damage; gradient term: Pedersen, Hansen &"
              + " Larsen (1996)",
          new Options("becker-lecun", false, DEFAULT_PROBES),
          ObdSaliency::new);

  private final Options options;

  /** The strategy with the given options. */
  public ObdSaliency(Options options) {
    this.options = options;
  }

  @Override
  public double[] scores(SaliencyContext context) {
    Model model = context.model();
    double[] h = CurvatureMethods.diagonal(context, options.hessian(), options.probes());
    double[] g = options.gradientTerm() ? context.curvature().gradient() : null;
    double[] s = new double[h.length];
    for (int k = 0; k < s.length; k++) {
      if (model.mask().isDeleted(k)) {
        continue;
      }
      double w = model.parameter(k);
      s[k] = 0.5 * h[k] * w * w;
      if (g != null) {
        s[k] -= g[k] * w;
      }
    }
    return s;
  }

  @Override
  public boolean predictsObjectiveChange() {
    return true;
  }
}
