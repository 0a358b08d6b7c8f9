package org.obd.testkit;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.core.Dataset;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * A property that cannot fail is a defect: each comparison of {@link
 * CurvatureAgreementProperties} must reject a result that is slightly or plausibly wrong. Each
 * property takes a method's correct output, breaks it, and requires an {@link AssertionError}
 * naming the entry ({@link CheckerRejectionProperties#requireRejection}).
 *
 * <ul>
 *   <li><b>Up to rounding</b> ({@link CurvatureChecks#requireSameUpToRounding}, allowing {@code
 *       1e-12 · max(1, S) + 1e-10 · |h|}): {@code becker-lecun} with its largest entry off by
 *       {@code 1e-8} relative, against {@code ggn} (tries whose largest entry is below {@code 1e-3}
 *       are discarded); and {@code fisher}'s reference against the square of the mean gradient
 *       {@code ((1/N) Σ_n ∇ℓ_n)²}, the likely bug of squaring before rather than after averaging
 *       (tries where the two agree within {@code 1e-9 + 1e-6} relative, one sample or equal
 *       per-sample gradients, are discarded).
 *   <li><b>Exact checks</b>: a negative entry of {@code -Double.MIN_VALUE}, a deleted entry of
 *       {@code Double.MIN_VALUE}, and a one-ulp change, each rejected.
 *   <li><b>GGN reference</b> ({@link FiniteDifferences#checkGgnDiagonal}, {@code 1e-8 · max(1,
 *       max|o|) + 1e-6 · |h|}): {@code ggn} with its largest entry off by {@code 1e-4} relative
 *       (tries whose largest entry is below {@code 1e-2 · max(1, max|o|)} are discarded); and
 *       {@code exact} in its place wherever they differ by more than {@code 1e-3 · max(1, |h|)}.
 *   <li><b>Hutchinson</b> ({@link CurvatureChecks#requireWithinHoeffding}, same probes and
 *       bound as the property): the estimate checked against the {@code ggn} diagonal as if it
 *       were the exact one, on tries where some entry of the two lies more than twice the bound
 *       apart (about a third of the tries; the others are discarded). The estimate lies within
 *       one bound of {@code exact} but for probability {@code δ ≈ 4e-10} per entry, hence more
 *       than one bound from {@code ggn}: over 60 tries this property fails by chance with
 *       probability below {@code 60 δ ≈ 3e-8}.
 * </ul>
 */
class CurvatureCheckRejectionProperties {

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Provide
  Arbitrary<Problem> shallowMseProblems() {
    return new CurvatureAgreementProperties().shallowMseProblems();
  }

  @Provide
  Arbitrary<CurvatureAgreementProperties.Seeded> seededProblems() {
    return new CurvatureAgreementProperties().seededProblems();
  }

  @Property(tries = 200, seed = "20250901")
  void roundingCheckRejectsOneEntryOffByOneInAHundredMillion(
      @ForAll("shallowMseProblems") Problem p) {
    Objective o = p.objective();
    List<String> names = p.network().parameterNames();
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    double[] bl = CurvatureChecks.method("becker-lecun", o, p);
    int k = largest(ggn);
    Assume.that(Math.abs(ggn[k]) >= 1e-3);
    CurvatureChecks.requireSameUpToRounding("becker-lecun against ggn", ggn, bl, names);
    double[] wrong = bl.clone();
    wrong[k] *= 1 + 1e-8;
    CheckerRejectionProperties.requireRejection(
        p,
        k,
        () -> CurvatureChecks.requireSameUpToRounding("becker-lecun against ggn", ggn, wrong, names));
  }

  @Property(tries = 200, seed = "20250902")
  void fisherCheckRejectsTheSquaredMeanGradient(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    Dataset d = p.data();
    List<String> names = p.network().parameterNames();
    double[] reference = CurvatureAgreementProperties.meanSquaredPerSampleGradient(o, m, d);
    double[] g = o.gradient(m, d);
    double[] squaredMean = new double[g.length];
    boolean differs = false;
    Tolerances loose = new Tolerances(1e-9, 1e-6);
    for (int k = 0; k < g.length; k++) {
      squaredMean[k] = g[k] * g[k];
      differs |= !loose.close(reference[k], squaredMean[k]);
    }
    Assume.that(differs);
    CheckerRejectionProperties.requireRejection(
        p,
        -1,
        () ->
            CurvatureChecks.requireSameUpToRounding(
                "fisher against its reference", reference, squaredMean, names));
  }

  @Property(tries = 200, seed = "20250903")
  void exactChecksRejectTheSmallestDeviation(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    List<String> names = p.network().parameterNames();
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    int kept = firstKept(p);
    Assume.that(kept >= 0);
    double[] negative = ggn.clone();
    negative[kept] = -Double.MIN_VALUE;
    CheckerRejectionProperties.requireRejection(
        p, kept, () -> CurvatureChecks.requireNonNegative("ggn", negative, names));
    double[] moved = ggn.clone();
    moved[kept] = Math.nextUp(moved[kept]);
    CheckerRejectionProperties.requireRejection(
        p, kept, () -> Tolerances.assertIdentical("ggn", ggn, moved, names));
    int[] deleted = p.model().mask().deletedIndices();
    if (deleted.length > 0) {
      double[] nonzero = ggn.clone();
      nonzero[deleted[0]] = Double.MIN_VALUE;
      CheckerRejectionProperties.requireRejection(
          p,
          deleted[0],
          () -> CurvatureChecks.requireZeroAtDeleted("ggn", nonzero, p.model().mask(), names));
    }
  }

  @Property(tries = 200, seed = "20250904")
  void ggnReferenceRejectsOneEntryOffByOneInTenThousand(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    int k = largest(ggn);
    Assume.that(Math.abs(ggn[k]) >= 1e-2 * largestOutput(p));
    FiniteDifferences.checkGgnDiagonal(o, m, p.data(), ggn);
    double[] wrong = ggn.clone();
    wrong[k] *= 1 + 1e-4;
    CheckerRejectionProperties.requireRejection(
        p, k, () -> FiniteDifferences.checkGgnDiagonal(o, m, p.data(), wrong));
  }

  @Property(tries = 200, seed = "20250905")
  void ggnReferenceRejectsTheExactDiagonalWhereItDiffers(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    double[] exact = CurvatureChecks.method("exact", o, p);
    boolean differs = false;
    for (int k = 0; k < ggn.length; k++) {
      differs |= Math.abs(exact[k] - ggn[k]) > 1e-3 * Math.max(1, Math.abs(ggn[k]));
    }
    Assume.that(differs);
    CheckerRejectionProperties.requireRejection(
        p, -1, () -> FiniteDifferences.checkGgnDiagonal(o, p.model(), p.data(), exact));
  }

  @Property(tries = 60, seed = "20250906")
  void hoeffdingCheckRejectsTheGgnInPlaceOfTheExactDiagonal(
      @ForAll("seededProblems") CurvatureAgreementProperties.Seeded s) {
    Problem p = s.problem();
    Objective o = p.objective();
    int probes = CurvatureAgreementProperties.PROBES;
    double c =
        CurvatureChecks.hoeffdingMultiplier(
            CurvatureAgreementProperties.FALSE_FAILURE
                / (CurvatureAgreementProperties.HUTCHINSON_TRIES * ObdArbitraries.MAX_PARAMETERS));
    double[][] h = CurvatureChecks.hessian(o, p.model(), p.data());
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    double[][] asIfGgn = new double[h.length][];
    boolean apart = false;
    for (int k = 0; k < h.length; k++) {
      apart |= Math.abs(ggn[k] - h[k][k]) > 2 * CurvatureChecks.hoeffdingBound(h, k, probes, c);
      asIfGgn[k] = h[k].clone();
      asIfGgn[k][k] = ggn[k];
    }
    Assume.that(apart);
    double[] estimate =
        CurvatureChecks.method("hutchinson", new CurvatureChecks.Probes(probes, s.seed()), o, p);
    CheckerRejectionProperties.requireRejection(
        p,
        -1,
        () ->
            CurvatureChecks.requireWithinHoeffding(
                "hutchinson against ggn", asIfGgn, estimate, probes, c,
                p.network().parameterNames()));
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

  /** The first parameter the mask keeps, or -1. */
  private static int firstKept(Problem p) {
    for (int k = 0; k < p.parameterCount(); k++) {
      if (!p.model().mask().isDeleted(k)) {
        return k;
      }
    }
    return -1;
  }

  /** {@code max(1, max_{n,c} |f_c(x_n)|)}, the floor scale of the GGN reference check. */
  private static double largestOutput(Problem p) {
    double s = 1;
    for (int n = 0; n < p.data().size(); n++) {
      for (double v :
          ReferenceForward.forward(
              p.network(), p.model().parameters(), p.data().input(n), null)) {
        s = Math.max(s, Math.abs(v));
      }
    }
    return s;
  }
}
