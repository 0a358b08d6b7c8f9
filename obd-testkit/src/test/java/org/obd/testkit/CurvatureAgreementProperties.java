package org.obd.testkit;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.HessianDiagonal;
import org.obd.core.Loss;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;

/**
 * The Hessian-diagonal family ({@code exact}, {@code ggn}, {@code becker-lecun}, {@code
 * becker-lecun-full}, {@code hutchinson}, {@code fisher}) where theory says what they are
 * (DESIGN §2, docs/curvature.md), on generated networks with random masks.
 *
 * <ul>
 *   <li><b>Agreement.</b> With {@code mse} and at most one hidden layer, {@code becker-lecun-full}
 *       = {@code exact} and {@code becker-lecun} = {@code ggn}; with {@code mse} and only
 *       piecewise-linear activations, {@code ggn} = {@code exact} (dense and convolutional
 *       networks; {@code exact} both by name and by one Hessian-vector product per parameter).
 *       Tolerance: up to rounding, {@link Tolerances#ROUNDING} with its floor widened by the
 *       largest entry {@code S} of the two vectors, {@code |a − e| ≤ 1e-12 · max(1, S) + 1e-10 ·
 *       max(|a|, |e|)} ({@link CurvatureChecks#requireSameUpToRounding}). Observed over these
 *       properties' tries: the largest error was 1.1e-4 of this tolerance (becker-lecun-full
 *       against exact), so it is loose only by the margin rounding needs, while an entry off by
 *       {@code 1e-8} relative fails.
 *   <li><b>Signs.</b> {@code ggn}, {@code becker-lecun} and {@code fisher} are never negative, on
 *       every network kind with both losses: exactly, no tolerance.
 *   <li><b>Masks, determinism, threads.</b> Every method is exactly 0 at deleted parameters; gives
 *       bit-identical results when called again on the same objective (after the other methods
 *       ran, in reverse order) and on a fresh one; and bit-identical results with and without
 *       {@code parallel} on data sets of {@value #LARGE} samples (above the engine's threshold of
 *       1024) with at least two minibatches. {@code hutchinson} runs with {@link
 *       CurvatureChecks#FEW_PROBES} here, and with {@link #ONE_PROBE} on the large data sets.
 *   <li><b>Independent references.</b> {@code ggn} against {@link FiniteDifferences#ggnDiagonal},
 *       built from central differences of the network outputs and the loss Hessian's formula,
 *       within {@link Tolerances#FIRST_ORDER} whose floor is widened by the largest output
 *       magnitude: {@code |a − e| ≤ 1e-8 · max(1, max|o|) + 1e-6 · max(|a|, |e|)}. {@code fisher}
 *       against {@code (1/N) Σ_n (∇ℓ_n)²} from {@link Objective#gradient} on each one-sample data
 *       set, up to rounding as above. Observed: the largest error was 2.2e-4 of the GGN
 *       reference's tolerance, 4.3e-6 of fisher's.
 *   <li><b>Hutchinson.</b> For Rademacher {@code z}, {@code z_k (Hz)_k = H_kk + Σ_{j≠k} H_kj z_k
 *       z_j}, and the products {@code z_k z_j} ({@code j ≠ k}) are again independent Rademacher
 *       signs. So the mean over {@code m} probes minus {@code H_kk} is a weighted Rademacher sum
 *       of {@code m(P−1)} terms {@code H_kj ε/m}, each in {@code [−|H_kj|/m, |H_kj|/m]}; Hoeffding's
 *       inequality gives {@code P(|mean − H_kk| ≥ t) ≤ 2 exp(−m t² / (2 σ_k²))} with {@code σ_k² =
 *       Σ_{j≠k} H_kj²}, the per-probe variance. With {@code t = c σ_k / √m}, {@code c = sqrt(2
 *       ln(2/δ))}, each entry fails with probability at most {@code δ}; a union bound over at
 *       most {@value ObdArbitraries#MAX_PARAMETERS} entries and {@value #HUTCHINSON_TRIES} tries
 *       with {@code δ = 1e-6 / (80 · 30)} bounds the property's false-failure probability by
 *       {@code 1e-6} ({@code c ≈ 6.68}). {@code H} is computed by Hessian-vector products on unit
 *       vectors; a rounding allowance {@code 1e-12 + 1e-10 Σ_j |H_kj|} is added. With {@value
 *       #PROBES} probes the bound is {@code 0.21 σ_k}, and exactly the rounding allowance when
 *       row {@code k} of {@code H} has no off-diagonal entries. Observed: the largest {@code
 *       |mean − H_kk|} over all tries and entries was {@code 3.2 σ_k / √m}, 0.47 of the bound.
 * </ul>
 *
 * <p>Where theory says the methods differ, {@link CurvatureDisagreementTest} shows by how much;
 * {@link CurvatureCheckRejectionProperties} shows that each comparison here rejects wrong
 * results.
 */
class CurvatureAgreementProperties {

  /** Samples of the data sets of the threads property: above the engine's 1024 threshold. */
  static final int LARGE = 1100;

  /** Tries of the Hutchinson property. */
  static final int HUTCHINSON_TRIES = 30;

  /** Rademacher probes per Hutchinson estimate. */
  static final int PROBES = 1000;

  /**
   * Hutchinson options of the threads property: one probe (its Hessian-vector product is what
   * threads could change; more probes repeat it at {@value #LARGE} samples each), seed 7.
   */
  static final CurvatureChecks.Probes ONE_PROBE = new CurvatureChecks.Probes(1, 7L);

  /** False-failure probability of the Hutchinson property, over all its tries and entries. */
  static final double FALSE_FAILURE = 1e-6;

  private static final Activation[] PIECEWISE_LINEAR = {Activation.IDENTITY, Activation.RELU};

  /** A problem with the seed of Hutchinson's probes. */
  record Seeded(Problem problem, long seed) {}

  /** A problem with a minibatch size. */
  record Batched(Problem problem, int batchSize) {}

  @Provide
  Arbitrary<Problem> problems() {
    return ObdArbitraries.problems();
  }

  @Provide
  Arbitrary<Problem> shallowMseProblems() {
    return mse(ObdArbitraries.shallowNetworks());
  }

  @Provide
  Arbitrary<Problem> piecewiseLinearMseProblems() {
    return mse(ObdArbitraries.piecewiseLinearNetworks());
  }

  @Provide
  Arbitrary<Problem> piecewiseLinearConvMseProblems() {
    return mse(ObdArbitraries.piecewiseLinearConvNetworks());
  }

  private static Arbitrary<Problem> mse(Arbitrary<Network> networks) {
    return ObdArbitraries.problems(
        networks, Arbitraries.just(Loss.MSE), 1, ObdArbitraries.MAX_SAMPLES);
  }

  @Provide
  Arbitrary<Seeded> seededProblems() {
    return Combinators.combine(ObdArbitraries.problems(), Arbitraries.longs()).as(Seeded::new);
  }

  @Provide
  Arbitrary<Batched> largeProblems() {
    // at most half the samples per minibatch: at least two minibatches, so several shards
    return ObdArbitraries.problems(ObdArbitraries.anyNetworks(), LARGE, LARGE)
        .flatMap(
            p -> Arbitraries.integers().between(1, LARGE / 2).map(b -> new Batched(p, b)));
  }

  // ---------------------------------------------------------------------------------------------
  // 1. mse, at most one hidden layer

  @Property(tries = 200, seed = "20250801")
  @StatisticsReport(onFailureOnly = true)
  void beckerLeCunFullIsExactWithMseAndOneHiddenLayer(@ForAll("shallowMseProblems") Problem p) {
    Objective o = p.objective();
    CurvatureChecks.requireSameUpToRounding(
        "becker-lecun-full against exact (mse, at most one hidden layer)",
        CurvatureChecks.method("exact", o, p),
        CurvatureChecks.method("becker-lecun-full", o, p),
        p.network().parameterNames());
    Coverage.collect(p);
    Coverage.require(Activation.values(), Loss.MSE);
  }

  @Property(tries = 200, seed = "20250802")
  @StatisticsReport(onFailureOnly = true)
  void beckerLeCunIsGgnWithMseAndOneHiddenLayer(@ForAll("shallowMseProblems") Problem p) {
    Objective o = p.objective();
    CurvatureChecks.requireSameUpToRounding(
        "becker-lecun against ggn (mse, at most one hidden layer)",
        CurvatureChecks.method("ggn", o, p),
        CurvatureChecks.method("becker-lecun", o, p),
        p.network().parameterNames());
    Coverage.collect(p);
    Coverage.require(Activation.values(), Loss.MSE);
  }

  // ---------------------------------------------------------------------------------------------
  // 2. mse, piecewise-linear activations

  @Property(tries = 200, seed = "20250803")
  @StatisticsReport(onFailureOnly = true)
  void ggnIsExactForPiecewiseLinearDenseNetworksWithMse(
      @ForAll("piecewiseLinearMseProblems") Problem p) {
    requireGgnIsExact(p);
  }

  @Property(tries = 200, seed = "20250804")
  @StatisticsReport(onFailureOnly = true)
  void ggnIsExactForPiecewiseLinearConvNetworksWithMse(
      @ForAll("piecewiseLinearConvMseProblems") Problem p) {
    requireGgnIsExact(p);
  }

  private static void requireGgnIsExact(Problem p) {
    Objective o = p.objective();
    Model m = p.model();
    List<String> names = p.network().parameterNames();
    double[] ggn = CurvatureChecks.method("ggn", o, p);
    CurvatureChecks.requireSameUpToRounding(
        "ggn against exact (mse, piecewise-linear activations)",
        CurvatureChecks.method("exact", o, p),
        ggn,
        names);
    CurvatureChecks.requireSameUpToRounding(
        "ggn against exact by Hessian-vector products (mse, piecewise-linear activations)",
        o.hessianDiagonalByProducts(m.parameters(), m.mask(), p.data()),
        ggn,
        names);
    Coverage.collect(p);
    Coverage.require(PIECEWISE_LINEAR, Loss.MSE);
  }

  // ---------------------------------------------------------------------------------------------
  // 3. signs

  @Property(tries = 200, seed = "20250805")
  @StatisticsReport(onFailureOnly = true)
  void ggnBeckerLeCunAndFisherAreNeverNegative(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    List<String> names = p.network().parameterNames();
    for (String method : List.of("ggn", "becker-lecun", "fisher")) {
      CurvatureChecks.requireNonNegative(method, CurvatureChecks.method(method, o, p), names);
    }
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  // ---------------------------------------------------------------------------------------------
  // 4. masks, determinism, threads

  @Property(tries = 200, seed = "20250806")
  @StatisticsReport(onFailureOnly = true)
  void everyMethodIsExactlyZeroAtDeletedParameters(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    List<String> names = p.network().parameterNames();
    List<String> methods = HessianDiagonal.names();
    double[][] all = CurvatureChecks.everyMethod(o, p, CurvatureChecks.FEW_PROBES);
    for (int i = 0; i < all.length; i++) {
      CurvatureChecks.requireZeroAtDeleted(methods.get(i), all[i], p.model().mask(), names);
    }
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  @Property(tries = 200, seed = "20250807")
  void everyMethodIsDeterministic(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    List<String> names = p.network().parameterNames();
    List<String> methods = HessianDiagonal.names();
    CurvatureChecks.Probes options = CurvatureChecks.FEW_PROBES;
    double[][] first = CurvatureChecks.everyMethod(o, p, options);
    // again on the same objective (its buffers reused), after every other method, in reverse order
    double[][] again = new double[methods.size()][];
    for (int i = methods.size() - 1; i >= 0; i--) {
      again[i] = CurvatureChecks.method(methods.get(i), options, o, p);
    }
    double[][] fresh = CurvatureChecks.everyMethod(p.objective(), p, options);
    for (int i = 0; i < methods.size(); i++) {
      Tolerances.assertIdentical(
          methods.get(i) + " called again on the same objective", first[i], again[i], names);
      Tolerances.assertIdentical(
          methods.get(i) + " on a fresh objective", first[i], fresh[i], names);
    }
  }

  @Property(tries = 200, seed = "20250808")
  void everyMethodIsIdenticalWithAndWithoutThreads(@ForAll("largeProblems") Batched b) {
    Problem p = b.problem();
    Objective serial = new Objective(p.network(), p.loss(), b.batchSize(), false);
    Objective parallel = new Objective(p.network(), p.loss(), b.batchSize(), true);
    List<String> names = p.network().parameterNames();
    List<String> methods = HessianDiagonal.names();
    double[][] one = CurvatureChecks.everyMethod(serial, p, ONE_PROBE);
    double[][] many = CurvatureChecks.everyMethod(parallel, p, ONE_PROBE);
    for (int i = 0; i < methods.size(); i++) {
      Tolerances.assertIdentical(
          methods.get(i) + " with and without threads, minibatches of " + b.batchSize()
              + " rows",
          one[i],
          many[i],
          names);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 5. independent references for ggn and fisher

  @Property(tries = 200, seed = "20250809")
  @StatisticsReport(onFailureOnly = true)
  void ggnMatchesJacobianReference(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    FiniteDifferences.checkGgnDiagonal(o, p.model(), p.data(), CurvatureChecks.method("ggn", o, p));
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  @Property(tries = 200, seed = "20250810")
  @StatisticsReport(onFailureOnly = true)
  void fisherIsTheMeanSquaredPerSampleGradient(@ForAll("problems") Problem p) {
    Objective o = p.objective();
    CurvatureChecks.requireSameUpToRounding(
        "fisher against (1/N) Σ_n (∇ℓ_n)² from one-sample gradients",
        meanSquaredPerSampleGradient(o, p.model(), p.data()),
        CurvatureChecks.method("fisher", o, p),
        p.network().parameterNames());
    Coverage.collect(p);
    Coverage.requireEveryActivationAndLoss();
  }

  /**
   * {@code (1/N) Σ_n (∇ℓ_n)²}, each {@code ∇ℓ_n} by {@link Objective#gradient} on sample {@code n}
   * alone.
   */
  static double[] meanSquaredPerSampleGradient(Objective o, Model m, Dataset d) {
    int p = m.network().parameterCount();
    double[] sum = new double[p];
    double[] g = new double[p];
    for (int n = 0; n < d.size(); n++) {
      o.gradient(m.parameters(), m.mask(), d.range(n, n + 1), g);
      for (int k = 0; k < p; k++) {
        sum[k] += g[k] * g[k];
      }
    }
    for (int k = 0; k < p; k++) {
      sum[k] /= d.size();
    }
    return sum;
  }

  // ---------------------------------------------------------------------------------------------
  // 6. hutchinson

  @Property(tries = HUTCHINSON_TRIES, seed = "20250811")
  @StatisticsReport(onFailureOnly = true)
  void hutchinsonMeanIsWithinHoeffdingBoundOfExact(@ForAll("seededProblems") Seeded s) {
    Problem p = s.problem();
    Objective o = p.objective();
    Model m = p.model();
    double[][] h = CurvatureChecks.hessian(o, m, p.data());
    double[] estimate =
        CurvatureChecks.method("hutchinson", new CurvatureChecks.Probes(PROBES, s.seed()), o, p);
    double delta = FALSE_FAILURE / (HUTCHINSON_TRIES * ObdArbitraries.MAX_PARAMETERS);
    CurvatureChecks.requireWithinHoeffding(
        "hutchinson (" + PROBES + " probes, seed " + s.seed() + ") against exact",
        h,
        estimate,
        PROBES,
        CurvatureChecks.hoeffdingMultiplier(delta),
        p.network().parameterNames());
  }
}
