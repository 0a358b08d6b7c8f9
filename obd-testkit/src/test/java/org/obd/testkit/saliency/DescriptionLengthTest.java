package org.obd.testkit.saliency;

import org.obd.testkit.Tolerances;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.DescriptionLengthSaliency;
import org.obd.saliency.SaliencyContext;

/**
 * {@code description-length} against exact Bayesian evidence. For a linear model with Gaussian
 * noise and a Gaussian prior the evidence is Gaussian and computable exactly; with orthogonal
 * inputs the posterior factorises, so the diagonal Laplace approximation is exact and
 * {@code ΔL_k · ln 2} must equal {@code ln Z(all free) − ln Z(w_k = 0)}.
 */
class DescriptionLengthTest {

  private static DescriptionLengthSaliency strategy(Map<String, Object> options) {
    return (DescriptionLengthSaliency)
        ConfiguredStrategy.of(DescriptionLengthSaliency.DESCRIPTOR, options).saliency();
  }

  /** {@code ln N(y; 0, I/β + A Aᵀ/α)} with {@code A} the inputs and a ones column, minus {@code drop}. */
  private static double logEvidence(LinearProblem p, double alpha, double beta, int drop) {
    int n = p.y.length;
    int d = p.x[0].length;
    DMatrixRMaj a = new DMatrixRMaj(n, drop < 0 ? d + 1 : d);
    for (int i = 0; i < n; i++) {
      for (int k = 0, c = 0; k <= d; k++) {
        if (k != drop) {
          a.set(i, c++, k < d ? p.x[i][k] : 1.0);
        }
      }
    }
    DMatrixRMaj cov = new DMatrixRMaj(n, n);
    CommonOps_DDRM.multTransB(1.0 / alpha, a, a, cov);
    for (int i = 0; i < n; i++) {
      cov.add(i, i, 1.0 / beta);
    }
    DMatrixRMaj y = new DMatrixRMaj(n, 1, true, p.y);
    DMatrixRMaj sol = new DMatrixRMaj(n, 1);
    CommonOps_DDRM.solve(cov, y, sol);
    double quad = CommonOps_DDRM.dot(y, sol);
    return -0.5 * (n * Math.log(2 * Math.PI) + Math.log(CommonOps_DDRM.det(cov)) + quad);
  }

  @Test
  void bitsAreTheExactLogBayesFactorOfALinearGaussianModel() {
    LinearProblem p = LinearProblem.orthogonal(21);
    double alpha = 0.7;
    double beta = 9.0;
    double[] bits =
        strategy(Map.of("hessian", "exact", "prior-precision", alpha, "noise-precision", beta))
            .scores(p.context());
    double full = logEvidence(p, alpha, beta, -1);
    for (int k = 0; k < bits.length; k++) {
      double exact = (full - logEvidence(p, alpha, beta, k)) / Math.log(2);
      new Tolerances(1e-12, 1e-9).assertClose("ΔL of parameter " + k + " in bits", exact, bits[k]);
    }
  }

  @Test
  void evidenceFixedPointHoldsAndNoisePrecisionIsFittedFromResiduals() {
    LinearProblem p = LinearProblem.correlated(22);
    SaliencyContext c = p.context();
    DescriptionLengthSaliency dl = strategy(Map.of("hessian", "exact"));
    DescriptionLengthSaliency.Evidence ev = dl.evidence(c);
    int n = p.y.length;
    double e = p.value(p.model);
    new Tolerances(0, 1e-12).assertClose("β = N·C/Σr² = C/(2E)", 1.0 / (2 * e), ev.beta());
    double[] h = c.curvature().diagonal("exact");
    double gamma = 0;
    double sumM2 = 0;
    for (int k = 0; k < h.length; k++) {
      double ht = n * ev.beta() * h[k];
      double m = ht * p.model.parameter(k) / (ht + ev.alpha());
      gamma += ht / (ht + ev.alpha());
      sumM2 += m * m;
    }
    new Tolerances(0, 1e-12).assertClose("γ = Σ H̃/(H̃+α)", gamma, ev.gamma());
    new Tolerances(0, 1e-10).assertClose("α = γ/Σm² at the fixed point", gamma / sumM2, ev.alpha());
    assertTrue(ev.iterations() > 1, "α was iterated");
  }

  @Test
  void negativeBitsAreTheStoppingRule() {
    // y depends strongly on inputs 0 and 1 and only faintly on input 2 (coefficient 0.05)
    LinearProblem p = LinearProblem.orthogonal(23);
    SaliencyContext c = p.context();
    DescriptionLengthSaliency dl = strategy(Map.of("hessian", "exact"));
    double[] bits = dl.scores(c);
    int[] shorter = dl.shorteningDeletions(c);
    assertArrayEquals(new int[] {2}, shorter, "only the faint input pays for deletion");
    assertTrue(bits[2] < 0 && bits[0] > 0 && bits[1] > 0 && bits[3] > 0);
    Model pruned = p.model.withMask(p.model.mask().delete(2));
    assertEquals(0, dl.shorteningDeletions(c.withModel(pruned)).length, "then nothing more pays");
  }

  @Test
  void negativeCurvatureIsClampedToAnUndeterminedParameter() {
    ContractFixture f = ContractFixture.all().get(0);
    double[] far = f.model().parameters();
    java.util.Random r = new java.util.Random(25);
    for (int k = 0; k < far.length; k++) {
      far[k] += 1.5 * r.nextGaussian();
    }
    SaliencyContext c =
        SaliencyContext.of(new Model(f.model().network(), far), f.loss(), f.data(), 1L);
    double[] h = c.curvature().diagonal("exact");
    double[] bits =
        strategy(Map.of("hessian", "exact", "prior-precision", 1.0)).scores(c);
    int negative = 0;
    for (int k = 0; k < h.length; k++) {
      if (h[k] < 0) {
        negative++;
        assertEquals(0.0, bits[k], 0.0, "h_kk < 0: H̃ clamped to 0, Bayes factor 1, parameter " + k);
      } else if (h[k] > 0 && far[k] != 0) {
        assertTrue(bits[k] != 0.0, "parameter " + k);
      }
    }
    assertTrue(negative > 0, "this point has directions of negative curvature");
  }

  @Test
  void unusableSettingsAreExplained() {
    // dyadic inputs, parameters and targets: the fit is exact in floating point, E = 0
    LinearProblem p = LinearProblem.orthogonal(24);
    double[] theta = {1, 2, 0.5, 0.25};
    double[][] t = new double[p.x.length][1];
    for (int n = 0; n < p.x.length; n++) {
      t[n][0] = theta[3] + theta[0] * p.x[n][0] + theta[1] * p.x[n][1] + theta[2] * p.x[n][2];
    }
    SaliencyContext zero =
        SaliencyContext.of(new Model(p.net, theta), Loss.MSE, org.obd.core.Dataset.of(p.x, t), 1L);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> strategy(Map.of("hessian", "exact")).scores(zero));
    assertEquals(
        "description-length: the residuals are zero (E = 0.0), so the fitted noise precision"
            + " N·C/Σr² is infinite; set option noise-precision",
        e.getMessage());
    ContractFixture ce = ContractFixture.all().get(2);
    e = assertThrows(
        IllegalArgumentException.class,
        () -> strategy(Map.of("hessian", "exact", "noise-precision", 2.0)).scores(ce.context()));
    assertEquals(
        "description-length: option 'noise-precision' applies to losses with a free noise"
            + " precision (mse); softmax-cross-entropy fixes β at 1.0 (found 2.0)",
        e.getMessage());
  }
}
