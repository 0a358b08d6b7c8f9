package org.obd.testkit;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Batch;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.L2;
import org.obd.core.Model;
import org.obd.core.Objective;
import org.obd.core.ParameterBlock;
import org.obd.core.Reduction;

/**
 * The training-grade passes of {@link Objective}: the L2 term in every derivative, SUM against
 * MEAN, shard sums adding up to the whole, minibatch views against copies, and one pass giving the
 * value, the gradient and a Hessian diagonal together.
 *
 * <p>Tolerances: derivatives of the regularised objective against central differences as for the
 * plain one ({@link Tolerances#FIRST_ORDER}, {@link Tolerances#SECOND_ORDER}); quantities that are
 * the same sums in another order within {@link Tolerances#ROUNDING}; a view and a copy of the same
 * rows, bit for bit.
 */
class PassProperties {

  /** A problem with an L2 term: λ in [0.01, 1], biases covered or not. */
  record Regularised(Problem problem, L2 l2) {
    Objective objective() {
      return problem.objective().withL2(l2);
    }
  }

  @Provide
  Arbitrary<Regularised> regularised() {
    return Combinators.combine(
            ObdArbitraries.problems(),
            Arbitraries.doubles().between(0.01, 1.0),
            Arbitraries.of(true, false))
        .as((p, lambda, biases) -> new Regularised(p, new L2(lambda, biases)));
  }

  @Provide
  Arbitrary<Directed> directed() {
    return Directed.arbitrary();
  }

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Property(tries = 150, seed = "20261127")
  @StatisticsReport(onFailureOnly = true)
  void theL2TermsGradientMatchesCentralDifferences(@ForAll("regularised") Regularised r) {
    Problem p = r.problem();
    Objective o = r.objective();
    FiniteDifferences.checkGradient(o, p.model(), p.data(), o.gradient(p.model(), p.data()));
  }

  @Property(tries = 100, seed = "20261128")
  @StatisticsReport(onFailureOnly = true)
  void theL2TermsHessianVectorAndDiagonalMatchCentralDifferences(
      @ForAll("regularised") Regularised r) {
    Problem p = r.problem();
    Objective o = r.objective();
    Model m = p.model();
    double[] v = new double[p.parameterCount()];
    java.util.Arrays.fill(v, 1.0);
    FiniteDifferences.checkHessianVector(o, m, p.data(), v, o.hessianVector(m, p.data(), v));
    double[] exact = HessianDiagonal.byName("exact").compute(o, m.parameters(), m.mask(),
        p.data(), 0L);
    FiniteDifferences.checkHessianDiagonal(o, m, p.data(), exact);
  }

  /** Every method's diagonal with the L2 term is its diagonal without it, plus λ where covered. */
  @Property(tries = 60, seed = "20261129")
  void everyDiagonalMethodSeesTheL2Term(@ForAll("regularised") Regularised r) {
    Problem p = r.problem();
    Model m = p.model();
    Objective plain = p.objective();
    Objective reg = r.objective();
    for (String name : HessianDiagonal.names()) {
      HessianDiagonal h =
          HessianDiagonal.builtins().createWithShared(name, Map.of("probes", 3));
      double[] a = h.compute(plain, m.parameters(), m.mask(), p.data(), 5L);
      double[] b = h.compute(reg, m.parameters(), m.mask(), p.data(), 5L);
      for (ParameterBlock block : p.network().blocks()) {
        for (int k = block.offset(); k < block.end(); k++) {
          double expected =
              m.mask().isDeleted(k)
                  ? 0.0
                  : a[k] + (r.l2().biases() || !block.bias() ? r.l2().lambda() : 0.0);
          Tolerances.ROUNDING.assertClose(
              name + " with " + r.l2() + ", " + block.parameterName(k), expected, b[k]);
        }
      }
    }
    double e = plain.value(m, p.data()) + r.l2().value(m.parameters(), p.network());
    Tolerances.ROUNDING.assertClose("E with the L2 term", e, reg.value(m, p.data()));
  }

  /**
   * SUM over disjoint parts of the rows adds up to SUM over all of them, and MEAN is SUM over the
   * rows divided by their number plus the L2 term: value, gradient and a diagonal.
   */
  @Property(tries = 100, seed = "20261130")
  void sumsOverShardsAddUpToTheWholeAndMeanIsTheSumOverN(
      @ForAll("regularised") Regularised r, @ForAll("cuts") double cut) {
    Problem p = r.problem();
    Model m = p.model();
    Dataset d = p.data();
    Objective o = r.objective();
    int n = d.size();
    net.jqwik.api.Assume.that(n >= 2);
    int split = Math.max(1, Math.min(n - 1, (int) Math.round(cut * n)));
    HessianDiagonal ggn = HessianDiagonal.byName("ggn");
    int size = p.parameterCount();
    double[] g1 = new double[size];
    double[] g2 = new double[size];
    double[] g = new double[size];
    double[] h1 = new double[size];
    double[] h2 = new double[size];
    double[] h = new double[size];
    double[] theta = m.parameters();
    double v1 = o.evaluate(theta, m.mask(), Batch.range(d, 0, split), Reduction.SUM, g1, ggn, 0L,
        h1);
    double v2 = o.evaluate(theta, m.mask(), Batch.range(d, split, n), Reduction.SUM, g2, ggn, 0L,
        h2);
    double v = o.evaluate(theta, m.mask(), Batch.all(d), Reduction.SUM, g, ggn, 0L, h);
    Tolerances.ROUNDING.assertClose("SUM of the value over two parts", v, v1 + v2);
    double[] gm = new double[size];
    double[] hm = new double[size];
    double vm = o.evaluate(theta, m.mask(), Batch.all(d), Reduction.MEAN, gm, ggn, 0L, hm);
    Tolerances.ROUNDING.assertClose(
        "MEAN = SUM / N + R", v / n + r.l2().value(theta, p.network()), vm);
    double[] reg = new double[size];
    r.l2().addScaled(theta, p.network(), reg);
    double[] regDiag = new double[size];
    r.l2().addDiagonal(p.network(), regDiag);
    for (int k = 0; k < size; k++) {
      Tolerances.ROUNDING.assertClose("gradient SUM over parts, " + k, g[k], g1[k] + g2[k]);
      Tolerances.ROUNDING.assertClose("ggn SUM over parts, " + k, h[k], h1[k] + h2[k]);
      double kept = m.mask().isDeleted(k) ? 0.0 : 1.0;
      Tolerances.ROUNDING.assertClose("gradient MEAN, " + k, kept * (g[k] / n + reg[k]), gm[k]);
      Tolerances.ROUNDING.assertClose("ggn MEAN, " + k, kept * (h[k] / n + regDiag[k]), hm[k]);
    }
  }

  @Provide
  Arbitrary<Double> cuts() {
    return Arbitraries.doubles().between(0.1, 0.9);
  }

  /** A view of rows by index gives the same bits as a copy of those rows. */
  @Property(tries = 100, seed = "20261131")
  void aBatchViewGivesTheSameBitsAsACopyOfItsRows(@ForAll("problems") Problem p) {
    Dataset d = p.data();
    int n = d.size();
    int[] index = new int[n + 2];
    java.util.SplittableRandom random = new java.util.SplittableRandom(n);
    for (int i = 0; i < index.length; i++) {
      index[i] = random.nextInt(n);
    }
    int[] rows = java.util.Arrays.copyOfRange(index, 1, n + 1);
    Dataset copy = d.select(rows);
    Model m = p.model();
    Objective o = p.objective(3);
    HessianDiagonal bl = HessianDiagonal.byName("becker-lecun-full");
    double[] ga = new double[p.parameterCount()];
    double[] ha = new double[p.parameterCount()];
    double[] gb = new double[p.parameterCount()];
    double[] hb = new double[p.parameterCount()];
    double va = o.evaluate(m.parameters(), m.mask(), Batch.of(d, index, 1, n), Reduction.MEAN,
        ga, bl, 0L, ha);
    double vb = o.evaluate(m.parameters(), m.mask(), Batch.all(copy), Reduction.MEAN, gb, bl, 0L,
        hb);
    Tolerances.assertIdentical("value", new double[] {vb}, new double[] {va}, null);
    Tolerances.assertIdentical("gradient", gb, ga, p.network().parameterNames());
    Tolerances.assertIdentical("diagonal", hb, ha, p.network().parameterNames());
  }

  /**
   * One pass gives the value, the gradient and each method's diagonal: the same as the separate
   * passes, up to rounding (the factor methods cut the rows into smaller chunks).
   */
  @Property(tries = 60, seed = "20261132")
  void onePassGivesValueGradientAndDiagonalTogether(@ForAll("regularised") Regularised r) {
    Problem p = r.problem();
    Model m = p.model();
    Objective o = r.objective();
    double[] g = o.gradient(m, p.data());
    double e = o.value(m, p.data());
    for (String name : HessianDiagonal.names()) {
      HessianDiagonal h =
          HessianDiagonal.builtins().createWithShared(name, Map.of("probes", 2));
      double[] separate = h.compute(o, m.parameters(), m.mask(), p.data(), 9L);
      double[] gt = new double[g.length];
      double[] ht = new double[g.length];
      double et =
          o.evaluate(m.parameters(), m.mask(), Batch.all(p.data()), Reduction.MEAN, gt, h, 9L,
              ht);
      Tolerances.ROUNDING.assertClose(name + ": value", e, et);
      Tolerances.ROUNDING.assertClose(name + ": gradient", g, gt, p.network().parameterNames());
      Tolerances.ROUNDING.assertClose(
          name + ": diagonal", separate, ht, p.network().parameterNames());
    }
  }

  /**
   * A stochastic method's seed is its argument: the same seed gives the same bits, and another
   * seed other probes (visible whenever the estimate is not already the exact diagonal).
   */
  @Property(tries = 30, seed = "20261133")
  void aStochasticMethodTakesItsSeedPerCall(@ForAll("problems") Problem p) {
    Model m = p.model();
    Objective o = p.objective();
    HessianDiagonal h = HessianDiagonal.builtins().create("hutchinson", Map.of("probes", 2));
    double[] a = h.compute(o, m.parameters(), m.mask(), p.data(), 1L);
    double[] b = h.compute(o, m.parameters(), m.mask(), p.data(), 1L);
    double[] c = h.compute(o, m.parameters(), m.mask(), p.data(), 2L);
    Tolerances.assertIdentical("same seed", a, b, null);
    double[] exact =
        HessianDiagonal.byName("exact").compute(o, m.parameters(), m.mask(), p.data(), 0L);
    boolean estimated = false;
    for (int k = 0; k < a.length; k++) {
      estimated |= Math.abs(a[k] - exact[k]) > 1e-9 * (1 + Math.abs(exact[k]));
    }
    if (estimated) {
      org.junit.jupiter.api.Assertions.assertFalse(
          java.util.Arrays.equals(a, c), "another seed gives other probes");
    }
  }
}
