package org.obd.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Objective;

/**
 * The engine's gradient {@code ∇E} against central differences of {@code E}, on dense and on
 * convolutional networks with every activation, both losses and random masks.
 *
 * <p>Tolerance: {@link Tolerances#FIRST_ORDER}, {@code |a − e| ≤ 1e-8 · max(1, |E|) + 1e-6 ·
 * max(|a|, |e|)}, and exactly 0 at deleted parameters. Tries that would difference across a relu
 * kink are discarded by {@link FiniteDifferences}.
 */
class GradientProperties {

  @Provide
  Arbitrary<Problem> denseProblems() {
    return ObdArbitraries.problems(ObdArbitraries.networks());
  }

  @Provide
  Arbitrary<Problem> convProblems() {
    return ObdArbitraries.problems(ObdArbitraries.convNetworks());
  }

  @Property(tries = 200, seed = "20250101")
  @StatisticsReport(onFailureOnly = true)
  void denseGradientMatchesCentralDifferences(@ForAll("denseProblems") Problem p) {
    checkGradient(p);
  }

  @Property(tries = 200, seed = "20250102")
  @StatisticsReport(onFailureOnly = true)
  void convGradientMatchesCentralDifferences(@ForAll("convProblems") Problem p) {
    checkGradient(p);
  }

  private static void checkGradient(Problem p) {
    Objective o = p.objective();
    FiniteDifferences.checkGradient(o, p.model(), p.data(), o.gradient(p.model(), p.data()));
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }
}
