package org.obd.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Objective;

/**
 * The engine's exact Hessian-vector product (Pearlmutter's R-operator) against central
 * differences of the gradient, and the symmetry of the Hessian it represents.
 *
 * <p>Tolerances: against finite differences {@link Tolerances#FIRST_ORDER}, {@code |a − e| ≤
 * 1e-8 · max(1, |E|) · max(1, max_k |v_k|) + 1e-6 · max(|a|, |e|)} and exactly 0 at deleted
 * parameters; symmetry {@code uᵀ(Hv) = vᵀ(Hu)} within {@link Tolerances#ROUNDING}, {@code 1e-12 ·
 * S + 1e-10 · max(|uᵀHv|, |vᵀHu|)}, where {@code S = Σ_k |u_k (Hv)_k| + |v_k (Hu)_k|} bounds the
 * rounding of the two dot products.
 */
class HessianVectorProperties {

  @Provide
  Arbitrary<Directed> directed() {
    return Directed.arbitrary();
  }

  @Property(tries = 200, seed = "20250201")
  @StatisticsReport(onFailureOnly = true)
  void hessianVectorMatchesDifferencesOfGradient(
      @ForAll("directed") Directed w) {
    Problem p = w.problem();
    Objective o = p.objective();
    double[] hv = o.hessianVector(p.model(), p.data(), w.v());
    FiniteDifferences.checkHessianVector(o, p.model(), p.data(), w.v(), hv);
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  @Property(tries = 200, seed = "20250202")
  void hessianIsSymmetric(@ForAll("directed") Directed w) {
    Problem p = w.problem();
    Objective o = p.objective();
    double[] hv = o.hessianVector(p.model(), p.data(), w.v());
    double[] hu = o.hessianVector(p.model(), p.data(), w.u());
    double uHv = 0;
    double vHu = 0;
    double scale = 0;
    for (int k = 0; k < hv.length; k++) {
      uHv += w.u()[k] * hv[k];
      vHu += w.v()[k] * hu[k];
      scale += Math.abs(w.u()[k] * hv[k]) + Math.abs(w.v()[k] * hu[k]);
    }
    Tolerances.ROUNDING.scaledAbsolute(scale).assertClose("uᵀ(Hv) against vᵀ(Hu)", uHv, vHu);
  }
}
