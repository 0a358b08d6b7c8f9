package org.obd.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Curvature;
import org.obd.core.HessianDiagonal;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * The exact Hessian diagonal — {@code HessianDiagonal.byName("exact")} through {@link Curvature},
 * and {@link Objective#hessianDiagonalByProducts} — against both finite-difference estimates.
 *
 * <p>Tolerances: against second differences of {@code E}, {@link Tolerances#SECOND_ORDER},
 * {@code |a − e| ≤ 1e-5 · max(1, |E|) + 1e-4 · max(|a|, |e|)}; against central differences of the
 * gradient, {@link Tolerances#FIRST_ORDER}, {@code 1e-8 · max(1, |E|) + 1e-6 · max(|a|, |e|)}; in
 * both cases exactly 0 at deleted parameters. The two routes to the exact diagonal (the per-sample
 * factor pass, and one Hessian-vector product per parameter) must agree up to rounding.
 */
class HessianDiagonalProperties {

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Property(tries = 200, seed = "20250301")
  @StatisticsReport(onFailureOnly = true)
  void exactDiagonalMatchesSecondDifferences(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    double[] exact = new Curvature(o, p.model(), p.data()).diagonal("exact");
    FiniteDifferences.checkHessianDiagonalFromValues(o, p.model(), p.data(), exact);
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  @Property(tries = 200, seed = "20250302")
  @StatisticsReport(onFailureOnly = true)
  void diagonalByProductsMatchesBothDifferences(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    double[] byProducts = o.hessianDiagonalByProducts(m.parameters(), m.mask(), p.data());
    FiniteDifferences.checkHessianDiagonal(o, m, p.data(), byProducts);
    FiniteDifferences.checkHessianDiagonalFromValues(o, m, p.data(), byProducts);
    double[] byName =
        HessianDiagonal.byName("exact").compute(o, m.parameters(), m.mask(), p.data(), 0L);
    // by name, exact is the per-sample factor pass: the same numbers summed in another order
    Tolerances.ROUNDING.assertClose(
        "exact diagonal by name against by products", byProducts, byName,
        p.network().parameterNames());
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }
}
