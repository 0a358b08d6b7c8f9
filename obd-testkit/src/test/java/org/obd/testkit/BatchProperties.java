package org.obd.testkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.obd.core.Dataset;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Objective;

/**
 * Minibatching and threads do not change results: any two minibatch sizes agree up to rounding,
 * and on data sets large enough for the engine to use several threads, {@code parallel} on and
 * off agree bit for bit.
 *
 * <p>Tolerance across minibatch sizes: {@link Tolerances#ROUNDING}, {@code |a − e| ≤ 1e-12 ·
 * max(1, S) + 1e-10 · max(|a|, |e|)}, where {@code S} is the largest magnitude in the compared
 * vector (sums of per-sample terms are reassociated, so rounding scales with the terms, not with
 * their possibly cancelling sum). Across threads: bit-identical.
 */
class BatchProperties {

  /** A problem with two minibatch sizes and a direction. */
  record Batches(Problem problem, int first, int second, double[] v) {}

  /** Samples in the data sets of {@link #largeProblems()}: above the engine's 1024 threshold. */
  private static final int LARGE = 1100;

  static {
    // the small networks generated here have far less work than the engine's default threshold
    // for a second thread: with 0, every pass of 1,024 rows or more runs its shards in parallel
    System.setProperty("obd.parallel.work", "0");
  }

  @Provide
  Arbitrary<Batches> smallProblems() {
    return ObdArbitraries.problems(ObdArbitraries.anyNetworks(), 1, 40)
        .flatMap(p -> batches(p, p.data().size() + 2));
  }

  @Provide
  Arbitrary<Batches> largeProblems() {
    // at most half the samples per minibatch: at least two minibatches, so several shards
    return ObdArbitraries.problems(ObdArbitraries.anyNetworks(), LARGE, LARGE)
        .flatMap(p -> batches(p, LARGE / 2));
  }

  /** Two minibatch sizes in {@code 1..maxBatch} and a direction for {@code p}. */
  private static Arbitrary<Batches> batches(Problem p, int maxBatch) {
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, maxBatch);
    return Combinators.combine(sizes, sizes, ObdArbitraries.directions(p.network()))
        .as((a, b, v) -> new Batches(p, a, b, v));
  }

  @Property(tries = 200, seed = "20250501")
  void resultsDoNotDependOnMinibatchSize(@ForAll("smallProblems") Batches b) {
    Problem p = b.problem();
    Objective first = p.objective(b.first());
    Objective second = p.objective(b.second());
    Model m = p.model();
    Dataset d = p.data();
    List<String> names = p.network().parameterNames();
    String sizes = " with minibatches of " + b.first() + " and " + b.second() + " rows";

    double e1 = first.value(m, d);
    double e2 = second.value(m, d);
    Tolerances.ROUNDING.assertClose("E" + sizes, e1, e2);
    compare("gradient" + sizes, first.gradient(m, d), second.gradient(m, d), names);
    compare(
        "Hessian-vector product" + sizes,
        first.hessianVector(m, d, b.v()),
        second.hessianVector(m, d, b.v()),
        names);
    Mask mask = m.mask();
    compare(
        "exact Hessian diagonal" + sizes,
        first.hessianDiagonalByProducts(m.parameters(), mask, d),
        second.hessianDiagonalByProducts(m.parameters(), mask, d),
        names);
  }

  @Property(tries = 200, seed = "20250502")
  void threadsDoNotChangeResults(@ForAll("largeProblems") Batches b) {
    Problem p = b.problem();
    Objective serial = new Objective(p.network(), p.loss(), b.first(), false);
    Objective parallel = new Objective(p.network(), p.loss(), b.first(), true);
    Model m = p.model();
    Dataset d = p.data();
    List<String> names = p.network().parameterNames();
    String what = " with and without threads, minibatches of " + b.first() + " rows";

    Tolerances.assertIdentical(
        "E" + what, new double[] {serial.value(m, d)}, new double[] {parallel.value(m, d)}, null);
    Tolerances.assertIdentical(
        "gradient" + what, serial.gradient(m, d), parallel.gradient(m, d), names);
    Tolerances.assertIdentical(
        "Hessian-vector product" + what,
        serial.hessianVector(m, d, b.v()),
        parallel.hessianVector(m, d, b.v()),
        names);
  }

  private static void compare(String what, double[] a, double[] b, List<String> names) {
    double scale = 1;
    for (int k = 0; k < a.length; k++) {
      scale = Math.max(scale, Math.max(Math.abs(a[k]), Math.abs(b[k])));
    }
    Tolerances.ROUNDING.scaledAbsolute(scale).assertClose(what, a, b, names);
  }
}
