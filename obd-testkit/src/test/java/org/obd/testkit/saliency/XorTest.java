package org.obd.testkit.saliency;

import org.obd.testkit.Tolerances;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.obd.saliency.ConfiguredStrategy;
import org.obd.saliency.PruneResult;
import org.obd.saliency.Pruner;
import org.obd.saliency.PrunerConfig;
import org.obd.saliency.SaliencyContext;
import org.obd.saliency.Strategies;

/**
 * Hassibi &amp; Stork's XOR example: a 2-2-1 network with biases (sigmoid hidden units, linear
 * output, MSE) trained on the four XOR patterns to a minimum by a deterministic full-batch
 * Levenberg–Marquardt iteration on the exact Hessian, from the first of a few seeded starts that
 * solves XOR. Each strategy then deletes one weight (biases excluded, the pruner's default); the
 * test records which, and whether the network still solves XOR: after the compensating update for
 * {@code obs}, without retraining for the others.
 *
 * <p>Parameters: {@code 0..3} hidden weights {@code u[h][i]}, {@code 4..5} hidden biases,
 * {@code 6..7} output weights {@code v[h]}, {@code 8} output bias.
 *
 * <p>The minimum has zero residuals (9 parameters, 4 targets), so the Hessian there is the
 * Gauss–Newton matrix, of rank at most 4: {@code obs} needs its damping, {@code taylor} sees only
 * rounding (the gradient is 0), and {@code description-length} cannot fit a noise precision from
 * zero residuals, so it is given one: {@code β = 100}, output noise of standard deviation 0.1.
 */
class XorTest {

  private static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final double[][] Y = {{0}, {1}, {1}, {0}};
  private static final Network NET =
      Network.builder(Shape.flat(2)).dense(2, Activation.SIGMOID).dense(1, Activation.IDENTITY)
          .build();
  private static final Dataset XOR = Dataset.of(X, Y);

  private static Model trained;
  private static long seedUsed;

  @BeforeAll
  static void train() {
    for (long seed = 1; seed <= 20; seed++) {
      Model m = levenbergMarquardt(seed);
      if (m != null && solvesXor(m) && new Objective(NET, Loss.MSE).value(m, XOR) < 1e-20) {
        trained = m;
        seedUsed = seed;
        return;
      }
    }
    throw new IllegalStateException("no seeded start reached an XOR minimum");
  }

  /** Full-batch Levenberg–Marquardt on the exact Hessian from a seeded start; null if stuck. */
  private static Model levenbergMarquardt(long seed) {
    Objective obj = new Objective(NET, Loss.MSE, 4, false);
    Random r = new Random(seed);
    double[] t = new double[NET.parameterCount()];
    for (int k = 0; k < t.length; k++) {
      t[k] = 2.0 * r.nextGaussian();
    }
    int p = t.length;
    Mask none = Mask.none(p);
    double mu = 1e-3;
    double e = obj.value(t, XOR);
    double[] g = new double[p];
    double[] hv = new double[p];
    LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(p);
    for (int it = 0; it < 3000 && e > 1e-28; it++) {
      obj.gradient(t, none, XOR, g);
      DMatrixRMaj h = new DMatrixRMaj(p, p);
      double[] ek = new double[p];
      for (int k = 0; k < p; k++) {
        ek[k] = 1;
        obj.hessianVector(t, none, XOR, ek, hv);
        ek[k] = 0;
        for (int j = 0; j < p; j++) {
          h.set(j, k, hv[j]);
        }
      }
      boolean improved = false;
      while (!improved && mu < 1e12) {
        DMatrixRMaj a = h.copy();
        for (int k = 0; k < p; k++) {
          a.add(k, k, mu);
        }
        DMatrixRMaj step = new DMatrixRMaj(p, 1);
        if (chol.setA(a)) {
          DMatrixRMaj rhs = new DMatrixRMaj(p, 1);
          for (int k = 0; k < p; k++) {
            rhs.set(k, -g[k]);
          }
          chol.solve(rhs, step);
          double[] next = t.clone();
          for (int k = 0; k < p; k++) {
            next[k] += step.get(k);
          }
          double en = obj.value(next, XOR);
          if (en < e) {
            t = next;
            e = en;
            mu = Math.max(mu / 3, 1e-15);
            improved = true;
            continue;
          }
        }
        mu *= 4;
      }
      if (!improved) {
        break;
      }
    }
    return new Model(NET, t);
  }

  private static boolean solvesXor(Model m) {
    double[][] o = ContractFixture.outputs(NET, m.parameters(), X);
    for (int n = 0; n < X.length; n++) {
      if ((o[n][0] > 0.5) != (Y[n][0] > 0.5)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Which parameter a strategy deletes first ({@code -1} when its own rule deletes none), and the
   * network after that deletion.
   */
  private record Finding(int first, boolean stillSolves, double objectiveAfter, double[] scores) {}

  private static Finding firstDeletion(
      String name, Map<String, Object> options, boolean includeBiases) {
    ConfiguredStrategy s = Strategies.load(List.of()).create(name, options);
    SaliencyContext c = SaliencyContext.of(trained, Loss.MSE, XOR, 1L);
    PruneResult r =
        new Pruner(PrunerConfig.count(1).withIncludeBiases(includeBiases)).step(s, c);
    return new Finding(
        r.deleted().length == 0 ? -1 : r.deleted()[0], solvesXor(r.model()),
        new Objective(NET, Loss.MSE).value(r.model(), XOR), s.scores(c));
  }

  private static final Map<String, Object> OBD = Map.of("hessian", "exact");
  private static final Map<String, Object> DL = Map.of("hessian", "exact", "noise-precision", 100.0);

  @Test
  void theTrainerReachesAnXorMinimum() {
    assertEquals(1L, seedUsed, "the first seeded start succeeds");
    assertTrue(solvesXor(trained));
    for (double v : new Objective(NET, Loss.MSE).gradient(trained, XOR)) {
      assertTrue(Math.abs(v) < 1e-10, "gradient " + v);
    }
  }

  /**
   * Weights only (the pruner's default): each strategy picks a different weight and none of the
   * single deletions leaves XOR solved; {@code description-length} deletes none at all, since no
   * weight's deletion shortens the description (its stopping rule), though it ranks u[1][0] lowest
   * as obd does. {@code obs} predicts a rise of about its damping for
   * every weight (the Hessian has rank 4 of 9, so to second order any weight can be compensated),
   * but its compensating step is large (|δw| of order 1) and the quadratic model fails there.
   */
  @Test
  void weightsOnlyEveryStrategyBreaksXor() {
    Finding obd = firstDeletion("obd", OBD, false);
    Finding magnitude = firstDeletion("magnitude", Map.of(), false);
    Finding obs = firstDeletion("obs", Map.of(), false);
    Finding taylor = firstDeletion("taylor", Map.of(), false);
    Finding dl = firstDeletion("description-length", DL, false);
    assertEquals(2, obd.first(), "obd deletes u[1][0]");
    assertEquals(1, magnitude.first(), "magnitude deletes u[0][1]");
    assertEquals(3, obs.first(), "obs deletes u[1][1]");
    assertEquals(-1, dl.first(), "description-length's own rule deletes no weight");
    assertTrue(dl.stillSolves());
    int lowest = 0;
    for (int k = 0; k < 9; k++) {
      if (!NET.isBias(k)) {
        assertTrue(dl.scores()[k] > 0, "no weight's deletion shortens the description");
        lowest = dl.scores()[k] < dl.scores()[lowest] ? k : lowest;
      }
    }
    assertEquals(2, lowest, "description-length ranks u[1][0] lowest, like obd");
    for (Finding f : List.of(obd, magnitude, obs, taylor)) {
      assertTrue(!f.stillSolves() && f.objectiveAfter() > 0.1, "XOR is lost: " + f);
    }
    for (double s : taylor.scores()) {
      assertTrue(s < 1e-14, "at a minimum |g w| is rounding only: " + s);
    }
  }

  /**
   * Biases included (as Hassibi &amp; Stork count them): every strategy deletes the small hidden
   * bias {@code b[1]} (parameter 5) and XOR stays solved; {@code obs}'s update brings the
   * objective two orders of magnitude below the uncompensated deletion; {@code obd} predicts the
   * rise within 5%; {@code description-length} finds that deleting it, and only it, shortens the
   * description.
   */
  @Test
  void withBiasesEveryStrategyDeletesTheSmallHiddenBiasAndXorSurvives() {
    Finding obd = firstDeletion("obd", OBD, true);
    Finding obs = firstDeletion("obs", Map.of(), true);
    Finding dl = firstDeletion("description-length", DL, true);
    for (Finding f :
        List.of(obd, obs, dl, firstDeletion("magnitude", Map.of(), true),
            firstDeletion("taylor", Map.of(), true))) {
      assertEquals(5, f.first(), "hidden bias b[1] goes first: " + f);
      assertTrue(f.stillSolves(), "XOR still solved: " + f);
    }
    assertTrue(obs.objectiveAfter() < 0.01 * obd.objectiveAfter(), "obs compensates: " + obs);
    new Tolerances(0, 0.05).assertClose("obd's predicted rise", obd.objectiveAfter(), obd.scores()[5]);
    SaliencyContext c = SaliencyContext.of(trained, Loss.MSE, XOR, 1L);
    org.obd.saliency.DescriptionLengthSaliency s =
        (org.obd.saliency.DescriptionLengthSaliency)
            ConfiguredStrategy.of(org.obd.saliency.DescriptionLengthSaliency.DESCRIPTOR, DL)
                .saliency();
    assertEquals(List.of(5), java.util.Arrays.stream(s.shorteningDeletions(c)).boxed().toList());
  }
}
