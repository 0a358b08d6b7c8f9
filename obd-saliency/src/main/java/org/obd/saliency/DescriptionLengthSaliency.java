package org.obd.saliency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.obd.core.Descriptor;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;

/**
 * {@code description-length}: the change {@code ΔL_k}, in bits, of the length of a two-part code
 * for the training targets (parameters, then targets given the network) when parameter {@code k}
 * is deleted, from the diagonal Laplace approximation of the evidence (MacKay 1992; Hinton &amp;
 * van Camp 1993). {@code ΔL_k} is the log₂ Bayes factor of "{@code w_k} free, prior
 * {@code N(0, 1/α)}" against "{@code w_k = 0}": positive when the data pay for the parameter,
 * negative when deleting it shortens the description. The sign is the stopping rule
 * ({@link #shorteningDeletions}).
 *
 * <p>With {@code N} samples, {@code C} outputs and the trained weights {@code ŵ} taken as the
 * maximum of the likelihood:
 *
 * <ul>
 *   <li>noise precision {@code β}: 1 for {@code softmax-cross-entropy}; for {@code mse} the
 *       maximum-likelihood value {@code β = N·C / Σ r² = C / (2E)} (or option
 *       {@code noise-precision});
 *   <li>likelihood curvature {@code H̃_kk = N β h_kk}, clamped at 0 (a coordinate of negative
 *       curvature is not at a maximum; it is treated as undetermined by the data);
 *   <li>posterior mean {@code m_k = H̃_kk ŵ_k / (H̃_kk + α)};
 *   <li>prior precision {@code α} by MacKay's evidence fixed point over the remaining parameters,
 *       {@code α = γ / Σ m_k²}, {@code γ = Σ H̃_kk / (H̃_kk + α)} (or option
 *       {@code prior-precision});
 *   <li>{@code ΔL_k = [½ (H̃_kk + α) m_k² − ½ ln(1 + H̃_kk/α)] / ln 2} bits, which equals
 *       {@code [½ H̃_kk² ŵ_k² / (H̃_kk + α) − ½ ln(1 + H̃_kk/α)] / ln 2}.
 * </ul>
 *
 * <p>The derivation is in the README's description-length section. Each {@code ΔL_k} holds the
 * other parameters fixed; deleting several at once changes {@code α}, so re-score after each step.
 * Cost: one Hessian diagonal and one objective value (cached), plus O(P) per fixed-point
 * iteration.
 */
public final class DescriptionLengthSaliency implements Saliency {

  private static final double LN2 = Math.log(2.0);
  private static final int MAX_ITERATIONS = 100_000;
  private static final double TOLERANCE = 1e-13;

  /**
   * Options of {@code description-length}.
   *
   * @param hessian Hessian-diagonal method (as for {@code obd})
   * @param probes Rademacher probes of {@code hutchinson}
   * @param noisePrecision {@code β} for {@code mse}; {@code null} fits it from the residuals (not
   *     allowed with {@code softmax-cross-entropy}, whose {@code β} is 1)
   * @param priorPrecision {@code α}; {@code null} finds it by the evidence fixed point
   */
  public record Options(
      String hessian, int probes, Double noisePrecision, Double priorPrecision) {

    /** Validates each value, naming its key. */
    public Options {
      CurvatureMethods.check("hessian", hessian);
      CurvatureMethods.checkProbes(probes);
      positive("noise-precision", noisePrecision);
      positive("prior-precision", priorPrecision);
    }

    private static void positive(String key, Double v) {
      if (v != null && !(v > 0 && Double.isFinite(v))) {
        throw new IllegalArgumentException(
            "option '" + key + "' must be a positive finite number or absent, found " + v);
      }
    }
  }

  /**
   * The hyperparameters behind a set of scores.
   *
   * @param samples {@code N}
   * @param beta noise precision {@code β} (1 for cross-entropy)
   * @param alpha prior precision {@code α}; NaN when no remaining parameter has positive
   *     curvature and a non-zero value (then every score is 0: the data determine nothing)
   * @param gamma effective number of well-determined parameters {@code γ = Σ H̃/(H̃+α)}
   * @param iterations fixed-point iterations used (0 when {@code α} was given)
   */
  public record Evidence(int samples, double beta, double alpha, double gamma, int iterations) {}

  /** The declaration. */
  public static final Descriptor<Options, Saliency> DESCRIPTOR =
      Descriptor.of(
          "description-length",
          "ΔL_k in bits: code length added by deleting w_k (negative = deleting shortens it);"
              + " one Hessian diagonal",
          "MacKay (1992), A Practical Bayesian Framework for Backpropagation Networks; Hinton &"
              + " van Camp (1993), Keeping Neural Networks Simple by Minimizing the Description"
              + " Length of the Weights",
          new Options("becker-lecun", ObdSaliency.DEFAULT_PROBES, null, null),
          DescriptionLengthSaliency::new);

  private final Options options;

  /** The strategy with the given options. */
  public DescriptionLengthSaliency(Options options) {
    this.options = options;
  }

  private record Result(Evidence evidence, double[] bits) {}

  @Override
  public double[] scores(SaliencyContext context) {
    return compute(context).bits();
  }

  /** The noise and prior precisions the scores of this context use. */
  public Evidence evidence(SaliencyContext context) {
    return compute(context).evidence();
  }

  /**
   * The stopping rule: the remaining parameters whose deletion shortens the description
   * ({@code ΔL_k < 0}), by ascending {@code ΔL_k}, ties by index. Empty when no deletion pays.
   */
  public int[] shorteningDeletions(SaliencyContext context) {
    double[] bits = scores(context);
    Mask mask = context.model().mask();
    List<Integer> idx = new ArrayList<>();
    for (int k = 0; k < bits.length; k++) {
      if (!mask.isDeleted(k) && bits[k] < 0) {
        idx.add(k);
      }
    }
    idx.sort(Comparator.<Integer>comparingDouble(k -> bits[k]).thenComparingInt(k -> k));
    return idx.stream().mapToInt(Integer::intValue).toArray();
  }

  private Result compute(SaliencyContext context) {
    Model model = context.model();
    Mask mask = model.mask();
    int n = context.data().size();
    int c = context.network().outputShape().size();
    double beta = noisePrecision(context, n, c);
    double[] h = CurvatureMethods.diagonal(context, options.hessian(), options.probes());
    int p = h.length;
    double[] ht = new double[p];
    double[] w = new double[p];
    boolean anyCurvature = false;
    for (int k = 0; k < p; k++) {
      if (!mask.isDeleted(k)) {
        ht[k] = Math.max(0.0, n * beta * h[k]);
        w[k] = model.parameter(k);
        anyCurvature |= ht[k] > 0 && w[k] != 0;
      }
    }
    double[] bits = new double[p];
    if (!anyCurvature) {
      // No remaining parameter is determined by the data: every Bayes factor is 1.
      return new Result(new Evidence(n, beta, Double.NaN, 0.0, 0), bits);
    }
    double alpha;
    int iterations = 0;
    if (options.priorPrecision() != null) {
      alpha = options.priorPrecision();
    } else {
      double sumW2 = 0;
      int count = 0;
      for (int k = 0; k < p; k++) {
        if (ht[k] > 0) {
          sumW2 += w[k] * w[k];
          count++;
        }
      }
      alpha = count / sumW2;
      while (true) {
        iterations++;
        double gamma = 0;
        double sumM2 = 0;
        for (int k = 0; k < p; k++) {
          if (ht[k] > 0) {
            double m = ht[k] * w[k] / (ht[k] + alpha);
            gamma += ht[k] / (ht[k] + alpha);
            sumM2 += m * m;
          }
        }
        double next = gamma / sumM2;
        if (!(next < 1e200)) {
          throw new IllegalStateException(
              "description-length: the evidence has no finite maximum over the prior precision"
                  + " α (α grew past 1e200 after " + iterations + " iterations: the data do not"
                  + " determine the weights against a prior at 0); set option prior-precision");
        }
        boolean done = Math.abs(next - alpha) <= TOLERANCE * next;
        alpha = next;
        if (done) {
          break;
        }
        if (iterations >= MAX_ITERATIONS) {
          throw new IllegalStateException(
              "description-length: the evidence fixed point for α did not converge in "
                  + MAX_ITERATIONS + " iterations (last α = " + alpha + "); set option"
                  + " prior-precision");
        }
      }
    }
    double gamma = 0;
    for (int k = 0; k < p; k++) {
      if (ht[k] > 0) {
        double m = ht[k] * w[k] / (ht[k] + alpha);
        gamma += ht[k] / (ht[k] + alpha);
        bits[k] = (0.5 * (ht[k] + alpha) * m * m - 0.5 * Math.log1p(ht[k] / alpha)) / LN2;
      }
    }
    return new Result(new Evidence(n, beta, alpha, gamma, iterations), bits);
  }

  private double noisePrecision(SaliencyContext context, int n, int c) {
    Loss loss = context.objective().loss();
    if (options.noisePrecision() != null) {
      if (loss.noisePrecisionIsFixed()) {
        throw new IllegalArgumentException(
            "description-length: option 'noise-precision' applies to losses with a free noise"
                + " precision (mse); " + loss.configName() + " fixes β at "
                + loss.noisePrecision(1.0, c) + " (found " + options.noisePrecision() + ")");
      }
      return options.noisePrecision();
    }
    double e = loss.noisePrecisionIsFixed() ? 1.0 : context.curvature().meanLoss();
    if (!loss.noisePrecisionIsFixed() && !(e > 0)) {
      throw new IllegalArgumentException(
          "description-length: the residuals are zero (E = " + e + "), so the fitted noise"
              + " precision N·C/Σr² is infinite; set option noise-precision");
    }
    return loss.noisePrecision(e, c);
  }

  /** Stop when no deletion shortens the description: only negative {@code ΔL} is worth it. */
  @Override
  public double deletionThreshold() {
    return 0.0;
  }
}
