package org.obd.testkit;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.core.Curvature;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * A property that cannot fail is a defect: the checkers of {@link FiniteDifferences} must reject
 * derivatives that are slightly wrong. Each property breaks a correct analytic vector in one way
 * and requires an {@link AssertionError} whose message names the failing parameter.
 *
 * <ul>
 *   <li>a gradient with its largest entry off by {@code 1e-4} relative (the default
 *       {@link Tolerances#FIRST_ORDER} allows {@code 1e-6} relative, so such an entry must fail
 *       whenever it exceeds the absolute floor by far: tries with {@code |g_k| < 1e-2 · max(1,
 *       |E|)} are discarded);
 *   <li>a Hessian-vector product with the wrong sign (tries whose product is below {@code 1e-4}
 *       are discarded);
 *   <li>an exact diagonal with its largest entry off by {@code 1e-4} relative, checked against
 *       differences of the gradient (tries whose largest entry is below {@code 1e-2 · max(1,
 *       |E|)} are discarded), and off by {@code 1e-2 · max(|h_kk|, 1, |E|)}, checked against
 *       second differences, whose {@link Tolerances#SECOND_ORDER} allows {@code 1e-5 · max(1,
 *       |E|) + 1e-4 · |h_kk|};
 *   <li>a nonzero value, however tiny, at a deleted parameter.
 * </ul>
 */
class CheckerRejectionProperties {

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Provide
  Arbitrary<Directed> directed() {
    return Directed.arbitrary();
  }

  @Property(tries = 200, seed = "20250601")
  void gradientCheckerRejectsOneEntryOffByOneInTenThousand(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    Dataset d = p.data();
    double[] g = o.gradient(m, d);
    int k = largest(g);
    Assume.that(Math.abs(g[k]) >= 1e-2 * Math.max(1, Math.abs(o.value(m, d))));
    FiniteDifferences.checkGradient(o, m, d, g);
    double[] wrong = g.clone();
    wrong[k] *= 1 + 1e-4;
    requireRejection(p, k, () -> FiniteDifferences.checkGradient(o, m, d, wrong));
  }

  @Property(tries = 200, seed = "20250602")
  void hessianVectorCheckerRejectsTheWrongSign(
      @ForAll("directed") Directed w) {
    Problem p = w.problem();
    Objective o = p.objective();
    Model m = p.model();
    Dataset d = p.data();
    double[] hv = o.hessianVector(m, d, w.v());
    int k = largest(hv);
    Assume.that(Math.abs(hv[k]) >= 1e-4);
    FiniteDifferences.checkHessianVector(o, m, d, w.v(), hv);
    double[] wrong = hv.clone();
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = -wrong[i] + 0.0;
    }
    // every entry is wrong, so the first reported may precede k: require only a named entry
    requireRejection(p, -1, () -> FiniteDifferences.checkHessianVector(o, m, d, w.v(), wrong));
  }

  @Property(tries = 200, seed = "20250603")
  void diagonalCheckersRejectOneEntrySlightlyOff(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    Dataset d = p.data();
    double[] exact = new Curvature(o, m, d).diagonal("exact");
    int k = largest(exact);
    double scale = Math.max(1, Math.abs(o.value(m, d)));
    Assume.that(Math.abs(exact[k]) >= 1e-2 * scale);
    FiniteDifferences.checkHessianDiagonal(o, m, d, exact);
    double[] wrong = exact.clone();
    wrong[k] *= 1 + 1e-4;
    requireRejection(p, k, () -> FiniteDifferences.checkHessianDiagonal(o, m, d, wrong));
    double[] wronger = exact.clone();
    wronger[k] += 1e-2 * Math.max(Math.abs(exact[k]), scale);
    requireRejection(
        p, k, () -> FiniteDifferences.checkHessianDiagonalFromValues(o, m, d, wronger));
  }

  @Property(tries = 200, seed = "20250604")
  void checkersRejectAnythingButZeroAtADeletedParameter(@ForAll("problems") Problem p) {
    Model m = p.model();
    Assume.that(m.mask().deletedCount() > 0);
    Objective o = p.objective();
    Dataset d = p.data();
    int k = m.mask().deletedIndices()[0];
    double[] g = o.gradient(m, d);
    g[k] = Double.MIN_VALUE;
    requireRejection(p, k, () -> FiniteDifferences.checkGradient(o, m, d, g));
    double[] diag = new Curvature(o, m, d).diagonal("exact");
    diag[k] = -Double.MIN_VALUE;
    requireRejection(p, k, () -> FiniteDifferences.checkHessianDiagonal(o, m, d, diag));
  }

  private static int largest(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[best])) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Requires {@code check} to throw an AssertionError naming parameter {@code k} (any parameter
   * when {@code k} is -1); an aborted check (relu kink) propagates and discards the try.
   */
  static void requireRejection(Problem p, int k, Runnable check) {
    String entry =
        k < 0 ? "entry " : "entry " + k + " (" + p.network().parameterNames().get(k) + ")";
    try {
      check.run();
    } catch (AssertionError e) {
      if (!e.getMessage().contains(entry)) {
        throw new AssertionError(
            "the failure message should name " + entry + ": " + e.getMessage(), e);
      }
      return;
    }
    throw new AssertionError("the checker accepted a wrong value at " + entry);
  }
}
