package org.obd.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.obd.core.Mask;

/** Exact updates of {@code sdlm}, computed by hand. */
class SdlmTest {

  /** Returns scripted gradients and diagonals, whatever θ; refuses calls without a diagonal. */
  static final class Scripted implements StepObjective {
    final double[][] gradients;
    final double[][] diagonals;
    int call;

    Scripted(double[][] gradients, double[][] diagonals) {
      this.gradients = gradients;
      this.diagonals = diagonals;
    }

    @Override
    public int parameterCount() {
      return 2;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      throw new AssertionError("sdlm must ask for the diagonal");
    }

    @Override
    public double valueGradientAndDiagonal(double[] theta, double[] gradient, double[] diag) {
      System.arraycopy(gradients[call], 0, gradient, 0, 2);
      System.arraycopy(diagonals[call], 0, diag, 0, 2);
      return ++call;
    }
  }

  @Test
  void firstStepTakesTheBatchDiagonalThenSmoothsAndClampsNegativeEntries() {
    Optimizer o =
        Sdlm.DESCRIPTOR.create(Map.of("learning-rate", 0.5, "damping", 1.0, "smoothing", 0.25));
    o.initialise(2);
    Scripted f =
        new Scripted(
            new double[][] {{1, 2}, {1, 2}}, new double[][] {{4, -1}, {2, 3}});
    double[] theta = {0, 0};
    assertEquals(1.0, o.step(theta, Mask.none(2), f));
    // h = max((4, −1), 0) = (4, 0): θ = −(0.5/(1 + 4) · 1, 0.5/(1 + 0) · 2) = (−0.1, −1)
    assertArrayEquals(new double[] {-0.1, -1.0}, theta, 1e-15);
    assertArrayEquals(new double[] {4, 0}, o.state().vectors().get("curvature"), 0.0);
    assertEquals(2.0, o.step(theta, Mask.none(2), f));
    // h = 0.75 (4, 0) + 0.25 (2, 3) = (3.5, 0.75)
    // θ = (−0.1 − 0.5/4.5 · 1, −1 − 0.5/1.75 · 2) = (−0.1 − 1/9, −1 − 4/7)
    assertArrayEquals(new double[] {3.5, 0.75}, o.state().vectors().get("curvature"), 1e-15);
    assertArrayEquals(new double[] {-0.1 - 1.0 / 9, -1 - 4.0 / 7}, theta, 1e-15);
    o.reset();
    f.call = 1;
    o.step(theta, Mask.none(2), f);
    assertArrayEquals(
        new double[] {2, 3}, o.state().vectors().get("curvature"), 0.0,
        "after reset the first step takes the batch diagonal again");
  }

  @Test
  void diagonalMethodIsTheHessianOption() {
    assertEquals("becker-lecun", Sdlm.DESCRIPTOR.create(Map.of()).diagonalMethod());
    assertEquals("exact", Sdlm.DESCRIPTOR.create(Map.of("hessian", "exact")).diagonalMethod());
    assertEquals(null, Sgd.DESCRIPTOR.create(Map.of()).diagonalMethod());
  }

  @Test
  void badOptionsAreErrorsNamingTheKey() {
    String m =
        assertThrows(
                IllegalArgumentException.class,
                () -> Sdlm.DESCRIPTOR.options(Map.of("hessian", "exakt")))
            .getMessage();
    assertTrue(
        m.startsWith("'sdlm': option 'hessian' must be one of exact, ggn, becker-lecun") &&
            m.endsWith("found 'exakt'"),
        m);
    assertEquals(
        "'sdlm': option 'smoothing' must be a number in (0, 1], found 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sdlm.DESCRIPTOR.options(Map.of("smoothing", 0)))
            .getMessage());
    assertEquals(
        "'sdlm': option 'damping' must be a positive finite number, found -0.5",
        assertThrows(
                IllegalArgumentException.class,
                () -> Sdlm.DESCRIPTOR.options(Map.of("damping", "-0.5")))
            .getMessage());
  }
}
