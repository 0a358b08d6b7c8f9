package org.obd.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.obd.core.Activation;
import org.obd.core.Dataset;
import org.obd.core.Loss;
import org.obd.core.Mask;
import org.obd.core.Model;
import org.obd.core.Network;
import org.obd.core.Objective;
import org.obd.core.Shape;
import org.opentest4j.TestAbortedException;

/**
 * Known values of the finite-difference estimates, independent of the engine's derivatives, and
 * the relu-kink guard.
 *
 * <p>The known case: one linear unit {@code o = w x + b}, mse, one sample {@code x = 2, y = 0}, so
 * {@code E = ½ (2w + b)²}, {@code ∇E = (2w + b)·(2, 1)} and {@code H = [[4, 2], [2, 1]]}.
 * Tolerances: {@link Tolerances#FIRST_ORDER} for central differences and
 * {@link Tolerances#SECOND_ORDER} for second differences (absolute floors as in the checkers).
 */
class FiniteDifferencesTest {

  private static final Network LINEAR =
      Network.builder(Shape.flat(1)).dense(1, Activation.IDENTITY).build();
  private static final Dataset ONE = Dataset.of(new double[][] {{2}}, new double[][] {{0}});
  private static final Objective MSE = new Objective(LINEAR, Loss.MSE);

  @Test
  void estimatesMatchTheKnownQuadratic() {
    Model m = new Model(LINEAR, new double[] {0.7, -0.3});
    double r = 2 * 0.7 - 0.3;
    double scale = Math.max(1, 0.5 * r * r);
    Tolerances first = Tolerances.FIRST_ORDER.scaledAbsolute(scale);
    first.assertClose(
        "gradient", new double[] {2 * r, r}, FiniteDifferences.gradient(MSE, m, ONE));
    first.assertClose(
        "Hv",
        new double[] {4 * 1.5 + 2 * -2, 2 * 1.5 + 1 * -2},
        FiniteDifferences.hessianVector(MSE, m, ONE, new double[] {1.5, -2}));
    first.assertClose(
        "diagonal", new double[] {4, 1}, FiniteDifferences.hessianDiagonal(MSE, m, ONE));
    Tolerances.SECOND_ORDER
        .scaledAbsolute(scale)
        .assertClose(
            "diagonal from values",
            new double[] {4, 1},
            FiniteDifferences.hessianDiagonalFromValues(MSE, m, ONE));
  }

  /**
   * The GGN diagonal from output differences: for the linear mse case it is the Hessian's
   * diagonal; for two linear logits {@code o_c = w_c x + b_c} under softmax-cross-entropy, with
   * {@code v = p_0 p_1} (the diagonal of {@code diag p − p pᵀ} for two classes), it is {@code (x² v,
   * x² v, v, v)}.
   */
  @Test
  void ggnDiagonalMatchesKnownValues() {
    Model m = new Model(LINEAR, new double[] {0.7, -0.3});
    Tolerances.FIRST_ORDER.assertClose(
        "GGN diagonal, mse", new double[] {4, 1}, FiniteDifferences.ggnDiagonal(MSE, m, ONE));

    Network logits = Network.builder(Shape.flat(1)).dense(2, Activation.IDENTITY).build();
    Objective ce = new Objective(logits, Loss.SOFTMAX_CROSS_ENTROPY);
    Model mc = new Model(logits, new double[] {0.4, -0.2, 0.1, 0.3});
    Dataset d = Dataset.of(new double[][] {{2}}, new double[][] {{0, 1}});
    double o0 = 0.4 * 2 + 0.1;
    double o1 = -0.2 * 2 + 0.3;
    double p0 = Math.exp(o0) / (Math.exp(o0) + Math.exp(o1));
    double v = p0 * (1 - p0);
    Tolerances.FIRST_ORDER.assertClose(
        "GGN diagonal, softmax-cross-entropy",
        new double[] {4 * v, 4 * v, v, v},
        FiniteDifferences.ggnDiagonal(ce, mc, d));
  }

  @Test
  void deletedParametersAreNeitherMovedNorEstimated() {
    Model m = new Model(LINEAR, new double[] {0.7, -0.3}).withMask(Mask.of(2, 1));
    double r = 2 * 0.7;
    double[] g = FiniteDifferences.gradient(MSE, m, ONE);
    assertEquals(0.0, g[1], 0.0);
    Tolerances.FIRST_ORDER.assertClose("gradient", 2 * r, g[0]);
    // the direction's deleted entry is ignored: H restricted to parameter 0 is [4]
    double[] hv = FiniteDifferences.hessianVector(MSE, m, ONE, new double[] {1, 100});
    assertEquals(0.0, hv[1], 0.0);
    Tolerances.FIRST_ORDER.assertClose("Hv", 4.0, hv[0]);
    assertArrayEquals(new double[] {4, 0}, FiniteDifferences.hessianDiagonal(MSE, m, ONE), 1e-6);
  }

  @Test
  void aZeroDirectionGivesAZeroProduct() {
    Model m = new Model(LINEAR, new double[] {0.7, -0.3});
    assertArrayEquals(
        new double[2], FiniteDifferences.hessianVector(MSE, m, ONE, new double[2]), 0.0);
  }

  @Test
  void checkerNamesTheParameterAndAcceptsTheTruth() {
    Model m = new Model(LINEAR, new double[] {0.7, -0.3});
    double r = 2 * 0.7 - 0.3;
    FiniteDifferences.checkGradient(MSE, m, ONE, new double[] {2 * r, r});
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> FiniteDifferences.checkGradient(MSE, m, ONE, new double[] {2 * r, 1.001 * r}));
    assertTrue(e.getMessage().contains("entry 1 (layer0.bias[0]) differs"), e.getMessage());
  }

  @Test
  void differencesAcrossAReluKinkAreAborted() {
    Network relu = Network.builder(Shape.flat(1)).dense(1, Activation.RELU).build();
    Dataset x = Dataset.of(new double[][] {{1}}, new double[][] {{1}});
    Objective o = new Objective(relu, Loss.MSE);
    // a = 0.5·1 − 0.5 = 0: on the kink
    Model onKink = new Model(relu, new double[] {0.5, -0.5});
    TestAbortedException e =
        assertThrows(TestAbortedException.class, () -> FiniteDifferences.gradient(o, onKink, x));
    assertTrue(e.getMessage().contains("layer0.weight[0][0]"), e.getMessage());
    assertThrows(
        TestAbortedException.class, () -> FiniteDifferences.hessianDiagonalFromValues(o, onKink, x));
    assertThrows(
        TestAbortedException.class,
        () -> FiniteDifferences.hessianVector(o, onKink, x, new double[] {1, 1}));
    // a = 1e-3: more than a step away for central differences (6e-6), within one for second
    // differences (1.2e-4 · max(1, |θ|))
    Model near = new Model(relu, new double[] {0.5, -0.499});
    FiniteDifferences.checkGradient(o, near, x, o.gradient(near, x));
    Model closer = new Model(relu, new double[] {0.5, -0.5 + 1e-4});
    FiniteDifferences.gradient(o, closer, x);
    assertThrows(
        TestAbortedException.class, () -> FiniteDifferences.hessianDiagonalFromValues(o, closer, x));
  }

  @Test
  void mismatchedInputsAreRejectedWithTheirSizes() {
    Network other = Network.builder(Shape.flat(1)).dense(2, Activation.IDENTITY).build();
    Model m = new Model(other, new double[4]);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FiniteDifferences.gradient(MSE, m, ONE));
    assertTrue(e.getMessage().contains("is not the model's"), e.getMessage());
    Model ok = new Model(LINEAR, new double[2]);
    IllegalArgumentException len =
        assertThrows(
            IllegalArgumentException.class,
            () -> FiniteDifferences.hessianVector(MSE, ok, ONE, new double[3]));
    assertEquals("direction has 3 entries but the network has 2 parameters", len.getMessage());
  }

  @Test
  void stepsFollowTheDocumentedRule() {
    assertEquals(Math.cbrt(Math.ulp(1.0)), FiniteDifferences.firstOrderStep(0.3), 0.0);
    assertEquals(4 * Math.cbrt(Math.ulp(1.0)), FiniteDifferences.firstOrderStep(-4), 0.0);
    assertEquals(Math.pow(Math.ulp(1.0), 0.25), FiniteDifferences.secondOrderStep(1), 1e-20);
  }
}
